/**
 * The same bundle imported and audited on SQLite and on PostgreSQL gives the same findings,
 * scores and metrics: the import writer, the audit reader (in the audit thread, through the
 * provider's AuditSource module), the run store and the supplied-columns store of both
 * providers agree.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuditService } from "../../../src/core/audit/service.js";
import type { AuditRunResult } from "../../../src/core/audit/types.js";
import { importBundle } from "../../../src/core/import/import-bundle.js";
import { DEFAULT_SAMPLE_AS_OF, writeSampleBundle } from "../../../src/core/sample/bundle.js";
import type { Stores } from "../../../src/db/stores.js";
import { freshDatabase } from "../../helpers/db.js";
import { freshPostgres, noPostgres } from "../../helpers/postgres.js";
import { tempDir } from "../../helpers/tmp.js";

const ASOF = DEFAULT_SAMPLE_AS_OF.getTime();

/** What must not differ between providers: everything but ids and timings. */
function comparable(run: AuditRunResult) {
  return {
    scores: run.scores,
    metrics: run.metrics,
    findings: run.findings.map((f) => ({ ...f, affected: f.affected })),
  };
}

async function importAndAudit(stores: Stores, bundle: string) {
  const report = await importBundle(stores, "acme", bundle);
  expect(report.issues).toEqual([]);
  expect(report.ok).toBe(true);
  const service = createAuditService(stores, {});
  try {
    const run = await service.run({ workspaceId: "acme", asOf: ASOF, trigger: "test" });
    const again = await service.run({ workspaceId: "acme", asOf: ASOF, trigger: "test" });
    return { report, run, again, history: await service.history("acme", 5) };
  } finally {
    await service.close();
  }
}

describe.skipIf(noPostgres)("audit on SQLite and PostgreSQL", () => {
  let bundle: string;
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  beforeAll(async () => {
    bundle = path.join(tempDir("contract-bundle"), "bundle");
    await writeSampleBundle(bundle, { contacts: 400, seed: 7 });
    pg = await freshPostgres("contract_audit");
  });
  afterAll(async () => pg?.drop());

  it("imports the same rows and finds the same findings with the same scores", async () => {
    const sqlite = freshDatabase("contract-audit");
    try {
      const a = await importAndAudit(sqlite.stores, bundle);
      const b = await importAndAudit(pg.db.stores, bundle);
      expect(b.report.counts).toEqual(a.report.counts);
      expect(a.run.findings.some((f) => f.count > 0)).toBe(true);
      expect(comparable(b.run)).toEqual(comparable(a.run));
      expect(comparable(b.again)).toEqual(comparable(a.again));
      expect(b.history.map((r) => r.overall)).toEqual(a.history.map((r) => r.overall));
      expect(b.history.map((r) => r.findingCount)).toEqual(a.history.map((r) => r.findingCount));
    } finally {
      await sqlite.close();
    }
  });
});
