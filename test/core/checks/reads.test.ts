/**
 * CheckMeta.reads: a check that declares the fields it reads gets rows with only those fields
 * when its pass collects no metrics (the second audit thread). So every declaration must cover
 * everything the check touches. Each declaring check runs over the sample's rows wrapped so that
 * touching an undeclared field throws, and a lean pass must find exactly what a full pass finds.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectOutcomes, type AuditScope } from "../../../src/core/audit/collect.js";
import { createMetricsCollector } from "../../../src/core/audit/metrics.js";
import { CHECKS } from "../../../src/core/checks/registry.js";
import { defineCheck, VISIT_ORDER, type CheckContext } from "../../../src/core/checks/types.js";
import { z } from "zod";
import { importBundle } from "../../../src/core/import/index.js";
import { loadGroundTruth, writeSampleBundle } from "../../../src/core/sample/index.js";
import type { Database } from "../../../src/db/database.js";
import { freshDatabase } from "../../helpers/db.js";
import { tempDir } from "../../helpers/tmp.js";

const WORKSPACE = "reads";
const DECLARING = CHECKS.filter((c) => c.meta.reads);
let db: Database;
let scope: AuditScope;

beforeAll(async () => {
  const bundle = path.join(tempDir("check-reads"), "bundle");
  const summary = await writeSampleBundle(bundle, { contacts: 600, seed: 11 });
  db = freshDatabase("check-reads");
  const report = await importBundle(db.stores, WORKSPACE, bundle);
  expect(report.issues).toEqual([]);
  const asOf = Date.parse(loadGroundTruth(summary.groundTruthPath).asOf);
  scope = {
    workspaceId: WORKSPACE,
    asOf,
    counts: db.stores.auditStorage.local.countRecords(WORKSPACE),
    previousCounts: null,
    dataVersion: 0,
  };
});
afterAll(async () => db?.close());

/** The row, but reading a field outside `allowed` throws. */
function guarded<T extends object>(row: T, allowed: ReadonlySet<string>, checkId: string): T {
  return new Proxy(row, {
    get(target, key, receiver) {
      if (typeof key === "string" && key !== "id" && !allowed.has(key))
        throw new Error(`${checkId} reads ${key}, which its meta.reads does not declare`);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

describe("checks that declare the fields they read", () => {
  it("include the duplicate checks", () => {
    expect(DECLARING.map((c) => c.meta.id).sort()).toEqual([
      "company.duplicate",
      "contact.duplicate",
      "contact.invalid-email",
      "contact.invalid-phone",
    ]);
  });

  it.each(DECLARING.map((c) => [c.meta.id, c] as const))("%s touches only its declared fields", (id, check) => {
    let found = 0;
    const context: CheckContext<unknown> = {
      ...scope,
      thresholds: check.thresholds.parse({}),
      report: () => void found++,
      reportGroup: () => void found++,
    };
    const visitors = check.create(context as never);
    for (const entity of VISIT_ORDER) {
      const visit = visitors[entity] as ((row: object) => void) | undefined;
      if (!visit) continue;
      const allowed = new Set<string>(check.meta.reads?.[entity] ?? []);
      expect(allowed.size, `${id} visits ${entity} without declaring its fields`).toBeGreaterThan(0);
      for (const row of db.stores.auditStorage.local.readRows(WORKSPACE, entity, scope.asOf))
        visit(guarded(row, allowed, id));
    }
    visitors.finish?.();
    expect(found).toBeGreaterThan(0); // the sample has duplicates: the check really ran
  });

  it("find the same in a lean pass (declared columns only) as in a full pass", () => {
    const checks = DECLARING.map((check) => ({ check, severity: check.meta.severity, thresholds: {} }));
    const lean = collectOutcomes(db.stores.auditStorage.local, scope, checks, {
      metrics: createMetricsCollector(scope.asOf),
    });
    // A visitor of every table that declares nothing makes the pass read every column.
    const undeclared = defineCheck({
      meta: { id: "test.undeclared", title: "t", category: "system", severity: "low", entity: "contacts" },
      thresholds: z.object({}),
      create: () => Object.fromEntries(VISIT_ORDER.map((e) => [e, () => {}])),
    } as never);
    const { "test.undeclared": _ignored, ...full } = collectOutcomes(db.stores.auditStorage.local, scope, [
      ...checks,
      { check: undeclared, severity: "low", thresholds: {} },
    ]);
    expect(lean).toEqual(full);
    expect(Object.values(lean).every((o) => o.groups.length > 0 || o.ids.length > 0)).toBe(true);
  });
});
