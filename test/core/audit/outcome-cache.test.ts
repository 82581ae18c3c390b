/**
 * Outcomes that do not depend on the as-of (duplicate groups, email and phone validity, …) reused per data version (src/core/audit/outcome-cache.ts): a repeat run on
 * unchanged data takes them from the cache (proved by planting a marker group in the cached
 * row), and a new import, a new "not a duplicate" decision or a changed threshold compute them
 * again. Compared with a run that computes them, id for id.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAudit } from "../../../src/core/audit/runner.js";
import type { AuditRunResult, FindingResult } from "../../../src/core/audit/types.js";
import { CHECKS } from "../../../src/core/checks/registry.js";
import { importBundle } from "../../../src/core/import/index.js";
import { loadGroundTruth, writeSampleBundle } from "../../../src/core/sample/index.js";
import type { Database } from "../../../src/db/database.js";
import { duplicateDecisionStore } from "../../../src/db/stores/duplicate-decisions.js";
import { clearWorkspaceData } from "../../../src/db/stores/workspace-data.js";
import { freshDatabase } from "../../helpers/db.js";
import { tempDir } from "../../helpers/tmp.js";

const WORKSPACE = "w";
const DUPLICATE_CHECKS = ["contact.duplicate", "company.duplicate"];
/** Every check whose outcome is reused, sorted as the cache rows are listed. */
const CACHED = CHECKS.filter((c) => c.meta.outcomeCached)
  .map((c) => c.meta.id)
  .sort();
let db: Database;
let bundle: string;
let asOf: number;

const checks = (thresholds: Record<string, unknown> = {}) =>
  CHECKS.map((check) => ({ check, severity: check.meta.severity, thresholds: thresholds[check.meta.id] ?? {} }));

const run = (at = asOf, thresholds: Record<string, unknown> = {}) =>
  runAudit(db.stores.auditStorage.local, {
    workspaceId: WORKSPACE,
    asOf: at,
    checks: checks(thresholds),
    trigger: "test",
  });

const finding = (result: AuditRunResult, id: string): FindingResult => result.findings.find((f) => f.checkId === id)!;

const cachedRows = () =>
  db.sqlite
    .prepare(`SELECT "checkId", "dataVersion", "outcome" FROM check_outcome_cache WHERE "workspaceId" = ? ORDER BY 1`)
    .all(WORKSPACE) as { checkId: string; dataVersion: number; outcome: string }[];

/** Replaces the cached contact groups with one group nobody computed. */
function plantMarker(): void {
  const row = cachedRows().find((r) => r.checkId === "contact.duplicate")!;
  const outcome = JSON.parse(row.outcome) as { groups: string[][]; groupDetails?: string[] };
  outcome.groups = [["marker-a", "marker-b"]];
  outcome.groupDetails = ["planted"];
  db.sqlite
    .prepare(`UPDATE check_outcome_cache SET "outcome" = ? WHERE "workspaceId" = ? AND "checkId" = ?`)
    .run(JSON.stringify(outcome), WORKSPACE, "contact.duplicate");
}

let first: AuditRunResult;

beforeAll(async () => {
  bundle = path.join(tempDir("outcome-cache"), "bundle");
  const summary = await writeSampleBundle(bundle, { contacts: 600, seed: 11 });
  asOf = Date.parse(loadGroundTruth(summary.groundTruthPath).asOf);
  db = freshDatabase("outcome-cache");
  const report = await importBundle(db.stores, WORKSPACE, bundle);
  expect(report.issues).toEqual([]);
  first = await run();
});
afterAll(async () => db?.close());

describe("duplicate outcomes cached per data version", () => {
  it("stores one entry per cached check that ran, at the current data version", () => {
    const version = db.stores.auditStorage.local.dataVersion(WORKSPACE);
    expect(version).toBeGreaterThan(0);
    expect(CACHED).toEqual(expect.arrayContaining([...DUPLICATE_CHECKS, "contact.invalid-email"]));
    // A check not measured (company.value-not-allowed without allowed values) runs nothing to keep.
    const ran = CACHED.filter((id) => finding(first, id).status !== "not-measured");
    expect(ran.length).toBeGreaterThanOrEqual(CACHED.length - 1);
    expect(cachedRows().map((r) => [r.checkId, r.dataVersion])).toEqual(ran.map((id) => [id, version]));
    // The sample has duplicates: an empty outcome would make every comparison below vacuous.
    expect(finding(first, "contact.duplicate").count).toBeGreaterThan(0);
    expect(finding(first, "company.duplicate").count).toBeGreaterThan(0);
  });

  it("gives a repeat run the same findings, id for id, at any as-of", async () => {
    const again = await run(asOf + 86_400_000);
    for (const id of CACHED) {
      expect(finding(again, id).affected).toEqual(finding(first, id).affected);
      expect(finding(again, id).notes).toEqual(finding(first, id).notes);
    }
    for (const id of DUPLICATE_CHECKS) {
      expect(finding(again, id).affected).toEqual(finding(first, id).affected);
      expect(finding(again, id).details).toEqual(finding(first, id).details);
    }
  });

  it("takes a repeat run's groups from the cache", async () => {
    plantMarker();
    const reused = await run(asOf + 2 * 86_400_000);
    expect(finding(reused, "contact.duplicate").affected).toEqual([["marker-a", "marker-b"]]);
    expect(finding(reused, "contact.duplicate").details).toEqual(["planted"]);
  });

  it("computes again after a changed threshold, and after a not-duplicate decision", async () => {
    plantMarker();
    const stricter = await run(asOf, { "contact.duplicate": { threshold: 0.95 } });
    expect(finding(stricter, "contact.duplicate").affected).not.toContainEqual(["marker-a", "marker-b"]);

    plantMarker();
    const [a, b] = (finding(first, "contact.duplicate").affected as string[][])[0]!;
    duplicateDecisionStore(db.sqlite).markNotDuplicate(WORKSPACE, "contacts", a!, b!, null, asOf);
    const decided = await run();
    const groups = finding(decided, "contact.duplicate").affected as string[][];
    expect(groups).not.toContainEqual(["marker-a", "marker-b"]);
    expect(groups.some((g) => g.includes(a!) && g.includes(b!))).toBe(false);
    duplicateDecisionStore(db.sqlite).unmark(WORKSPACE, "contacts", a!, b!);
  });

  it("computes again after an import, with the findings a first run has", async () => {
    plantMarker();
    const report = await importBundle(db.stores, WORKSPACE, bundle);
    expect(report.issues).toEqual([]);
    const after = await run();
    for (const id of DUPLICATE_CHECKS) expect(finding(after, id).affected).toEqual(finding(first, id).affected);
    expect(new Set(cachedRows().map((r) => r.dataVersion))).toEqual(
      new Set([db.stores.auditStorage.local.dataVersion(WORKSPACE)]),
    );
  });

  it("is removed with the workspace's data", () => {
    db.sqlite.transaction(() => clearWorkspaceData(db.sqlite, WORKSPACE))();
    expect(cachedRows()).toEqual([]);
  });
});
