/**
 * The whole pipeline against the sample generator's ground truth: generate a bundle (fixed
 * seed), import it, run the full catalogue at the ground truth's as-of through the audit
 * service (worker thread, built-in catalogue, duplicate detection on the second thread as on a
 * large workspace), and compare every check's affected ids exactly.
 * Then a second run on changed data must report the right new/resolved ids and score deltas.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuditService } from "../../../src/core/audit/service.js";
import type { AuditRunResult, AuditService } from "../../../src/core/audit/types.js";
import { findCheck } from "../../../src/core/checks/registry.js";
import { importBundle } from "../../../src/core/import/index.js";
import {
  CHECK_IDS,
  GROUP_CHECK_IDS,
  RECORD_CHECK_IDS,
  loadGroundTruth,
  writeSampleBundle,
  type GroundTruth,
} from "../../../src/core/sample/index.js";
import type { Database } from "../../../src/db/database.js";
import { freshDatabase } from "../../helpers/db.js";
import { tempDir } from "../../helpers/tmp.js";

const WORKSPACE = "sample";
let db: Database;
let service: AuditService;
let truth: GroundTruth;
let bundle: string;
let first: AuditRunResult;
let second: AuditRunResult;

beforeAll(async () => {
  bundle = path.join(tempDir("audit-ground-truth"), "bundle");
  const summary = await writeSampleBundle(bundle, { contacts: 2000, seed: 7 });
  truth = loadGroundTruth(summary.groundTruthPath);
  db = freshDatabase("audit-ground-truth");
  const report = await importBundle(db.stores, WORKSPACE, bundle);
  expect(report.issues).toEqual([]);
  service = createAuditService(db.stores, { secondThreadMinRecords: 0 });
  first = await service.run({ workspaceId: WORKSPACE, asOf: Date.parse(truth.asOf), trigger: "test" });
});
afterAll(async () => db?.close());

const sortGroups = (groups: string[][]) =>
  groups.map((g) => [...g].sort()).sort((a, b) => (a.join("\u0000") < b.join("\u0000") ? -1 : 1));

describe("full catalogue against the sample ground truth", () => {
  it("implements every check id of the ground truth", () => {
    const missing = CHECK_IDS.filter((id) => !findCheck(id));
    expect(missing).toEqual([]);
    expect(first.metrics.counts).toEqual(truth.counts);
  });

  it.each(RECORD_CHECK_IDS.map((id) => [id]))("%s lists exactly the ground truth's ids", (id) => {
    const finding = first.findings.find((f) => f.checkId === id);
    expect(finding, `${id} did not run`).toBeDefined();
    expect(finding!.affected).toEqual([...truth.defects[id]].sort());
  });

  it.each(GROUP_CHECK_IDS.map((id) => [id]))("%s lists exactly the ground truth's groups", (id) => {
    const finding = first.findings.find((f) => f.checkId === id);
    expect(sortGroups(finding!.affected as string[][])).toEqual(sortGroups(truth.defects[id]));
  });

  it("has a count for every check id and a score below 100", () => {
    for (const id of CHECK_IDS) {
      expect(first.findings.some((f) => f.checkId === id)).toBe(true);
    }
    expect(first.scores.overall).toBeLessThan(100);
    expect(first.changes).toBeNull();
  });
});

describe("history over a re-import with fixed and broken records", () => {
  it("reports the new and resolved ids and the score deltas", async () => {
    // Give every owner-less contact but one an owner (fixed), and take the owner of one other (broken).
    const file = path.join(bundle, "contacts.csv");
    const rows = parse(fs.readFileSync(file), { columns: true }) as Record<string, string>[];
    const ownerless = new Set(truth.defects["contact.missing-owner"]);
    // An active owner: a deactivated one would move contact.owner-deactivated the other way.
    const users = parse(fs.readFileSync(path.join(bundle, "users.csv")), { columns: true }) as Record<string, string>[];
    const active = new Set(users.filter((u) => u.active === "true").map((u) => u.id));
    const someOwner = rows.find((r) => r.owner_id && active.has(r.owner_id))!.owner_id!;
    const kept = [...ownerless].sort()[0]!;
    const fixed = [...ownerless].filter((id) => id !== kept).sort();
    const broken = rows.find((r) => r.owner_id && !ownerless.has(r.id!))!.id!;
    for (const row of rows) {
      if (fixed.includes(row.id!)) row.owner_id = someOwner;
      if (row.id === broken) row.owner_id = "";
    }
    fs.writeFileSync(file, stringify(rows, { header: true }));
    const report = await importBundle(db.stores, WORKSPACE, bundle);
    expect(report.issues).toEqual([]);

    second = await service.run({ workspaceId: WORKSPACE, asOf: Date.parse(truth.asOf), trigger: "test" });
    expect(second.changes?.previousRunId).toBe(first.id);
    const change = second.changes!.checks.find((c) => c.checkId === "contact.missing-owner")!;
    expect(change.added).toEqual([broken]);
    expect(change.resolved).toEqual(fixed);
    expect(change.countDelta).toBe(1 - fixed.length);
    const category = findCheck("contact.missing-owner")!.meta.category;
    expect(second.changes!.categoryDeltas[category]).toBeCloseTo(
      second.scores.categories[category]! - first.scores.categories[category]!,
      5,
    );
    expect(second.scores.categories[category]!).toBeGreaterThan(first.scores.categories[category]!);
    // One category's 0.3 is under 0.1 of the overall score of 37 checks: it may round away.
    expect(second.scores.overall).toBeGreaterThanOrEqual(first.scores.overall);
    expect(second.changes!.overallDelta).toBeCloseTo(second.scores.overall - first.scores.overall, 5);
    // Checks untouched by the edit report no movement.
    const untouched = second.changes!.checks.find((c) => c.checkId === "task.overdue")!;
    expect(untouched).toMatchObject({ added: [], resolved: [], countDelta: 0 });
    // The stored run reads back with the same comparison.
    expect((await service.get(WORKSPACE, second.id))?.changes).toEqual(second.changes);
  });
});

describe("threads", () => {
  it("finds the same with every check on one thread as with duplicates on a second thread", async () => {
    const oneThread = createAuditService(db.stores, { secondThreadMinRecords: Infinity });
    const again = await oneThread.run({ workspaceId: WORKSPACE, asOf: Date.parse(truth.asOf), trigger: "test" });
    expect(again.findings).toEqual(second.findings);
    expect(again.scores).toEqual(second.scores);
  });
});
