/**
 * The set-based checks' SQL in PostgreSQL's spelling (src/db/postgres/check-sql.ts) flags the
 * same ids as the checks' JavaScript visitors on the same PostgreSQL data, at several as-of
 * instants and settings (the SQLite form is compared in test/core/audit/set-based.test.ts).
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectOutcomes, type CheckOutcomes } from "../../../src/core/audit/collect.js";
import type { EffectiveCheck } from "../../../src/core/audit/runner.js";
import { CHECKS } from "../../../src/core/checks/registry.js";
import { DAY_MS } from "../../../src/core/checks/types.js";
import { importBundle } from "../../../src/core/import/index.js";
import { loadGroundTruth, writeSampleBundle } from "../../../src/core/sample/index.js";
import { POSTGRES_CHECK_SQL } from "../../../src/db/postgres/check-sql.js";
import { freshPostgres, noPostgres } from "../../helpers/postgres.js";
import { tempDir } from "../../helpers/tmp.js";

const SET_BASED = CHECKS.filter((c) => c.setBased);
const CUSTOM = {
  "contact.stale": { days: 30 },
  "contact.retention-exceeded": { years: 1 },
  "contact.missing-consent": { countries: ["us", "De"] },
  "deal.no-recent-activity": { days: 7 },
  "deal.stuck-in-stage": { days: 10 },
};

describe.skipIf(noPostgres)("set-based checks on PostgreSQL: SQL and visitors", () => {
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  let sampleAsOf: number;
  beforeAll(async () => {
    const bundle = path.join(tempDir("contract-set-based"), "bundle");
    const summary = await writeSampleBundle(bundle, { contacts: 800, seed: 5 });
    sampleAsOf = Date.parse(loadGroundTruth(summary.groundTruthPath).asOf);
    pg = await freshPostgres("contract_set_based");
    expect((await importBundle(pg.db.stores, "sample", bundle)).issues).toEqual([]);
  });
  afterAll(async () => pg?.drop());

  function outcomes(asOf: number, settings: Record<string, unknown>, visitorsOnly: boolean) {
    const checks: EffectiveCheck[] = SET_BASED.map((check) => ({
      check,
      severity: check.meta.severity,
      thresholds: settings[check.meta.id] ?? {},
    }));
    const reader = pg.db.stores.auditStorage.local;
    return reader.inReadSnapshot(() => {
      const scope = {
        workspaceId: "sample",
        asOf,
        counts: reader.countRecords("sample"),
        previousCounts: null,
        dataVersion: reader.dataVersion("sample"),
      };
      return collectOutcomes(reader, scope, checks, { visitorsOnly });
    });
  }
  const sortedIds = (all: CheckOutcomes) =>
    Object.fromEntries(Object.entries(all).map(([id, o]) => [id, [...o.ids].sort()]));

  it("has SQL for exactly the checks that declare a set-based form", () => {
    expect(Object.keys(POSTGRES_CHECK_SQL).sort()).toEqual(SET_BASED.map((c) => c.meta.id).sort());
    // The PostgreSQL reader evaluates them in the database (the audit uses this, not the visitors).
    const reader = pg.db.stores.auditStorage.local;
    const flagged = reader.flagSetBased!("sample", sampleAsOf, [
      { checkId: "task.overdue", params: {} },
      { checkId: "contact.stale", params: { cutoff: sampleAsOf - 180 * DAY_MS } },
    ]);
    expect(flagged["task.overdue"]!.length).toBeGreaterThan(0);
    expect(flagged["contact.stale"]!.length).toBeGreaterThan(0);
    expect([...flagged["task.overdue"]!].sort()).toEqual(sortedIds(outcomes(sampleAsOf, {}, true))["task.overdue"]);
  });

  it.each([
    ["at its as-of, defaults", 0, {}],
    ["200 days earlier, custom settings", -200, CUSTOM],
    ["a year later, defaults", 365, {}],
  ] as const)("flag the same ids: %s", (_label, shiftDays, settings) => {
    const asOf = sampleAsOf + shiftDays * DAY_MS;
    const bySql = outcomes(asOf, settings, false);
    const byVisitors = outcomes(asOf, settings, true);
    expect(Object.keys(bySql).sort()).toEqual(SET_BASED.map((c) => c.meta.id).sort());
    expect(sortedIds(bySql)).toEqual(sortedIds(byVisitors));
    const flagging = Object.values(bySql).filter((o) => o.ids.length > 0).length;
    expect(flagging).toBeGreaterThan(SET_BASED.length / 2);
  });
});
