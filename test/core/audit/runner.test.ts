import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { DataChangedError } from "../../../src/core/audit/collect.js";
import { runAudit, type EffectiveCheck, type SecondThread } from "../../../src/core/audit/runner.js";
import { CheckSelectionError, selectChecks } from "../../../src/core/checks/select.js";
import { openSqlite } from "../../../src/db/sqlite/connection.js";
import { getLatestRun } from "../../../src/core/audit/history.js";
import { defineCheck } from "../../../src/core/checks/types.js";
import type { Database } from "../../../src/db/database.js";
import type { ContactRecord, TaskRecord } from "../../../src/core/dataset/records.js";
import { freshDatabase } from "../../helpers/db.js";
import { APP_VERSION } from "../../../src/version.js";
import { days, flagCheck, insertRows, T } from "./helpers.js";

let db: Database;
afterEach(async () => db?.close());

const noEmail = flagCheck("contact.no-email", "data-quality", "contacts", (c: ContactRecord) => c.email === null);
const noOwner = flagCheck("contact.no-owner", "process", "contacts", (c: ContactRecord) => c.ownerId === null, "high");
const overdue = flagCheck(
  "task.late",
  "process",
  "tasks",
  (t: TaskRecord, asOf: number) => t.dueAt !== null && t.dueAt < asOf,
);
const ALL = [noEmail, noOwner, overdue];

const tableCount = (table: string) =>
  (db.sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

function seed(workspaceId = "w") {
  insertRows(db.sqlite, workspaceId, "contacts", [
    { id: "c3", ownerId: "u1" },
    { id: "c1" },
    { id: "c2", email: "x@example.com" },
  ]);
  insertRows(db.sqlite, workspaceId, "tasks", [
    { id: "t1", dueAt: T - 1 },
    { id: "t2", dueAt: T },
  ]);
}

describe("check selection", () => {
  const disabled: EffectiveCheck = {
    ...flagCheck("contact.off", "data-quality", "contacts", () => true),
    enabled: false,
  };
  const checks = [...ALL, disabled];
  const ids = (list: EffectiveCheck[]) => list.map((c) => c.check.meta.id);

  it("runs every enabled check by default", async () => {
    expect(ids(selectChecks(checks))).toEqual(["contact.no-email", "contact.no-owner", "task.late"]);
  });
  it("selects by category (enabled checks only) and by id (even a disabled one)", async () => {
    expect(ids(selectChecks(checks, ["process"]))).toEqual(["contact.no-owner", "task.late"]);
    expect(ids(selectChecks(checks, ["data-quality"]))).toEqual(["contact.no-email"]);
    expect(ids(selectChecks(checks, ["contact.off", "task.late"]))).toEqual(["task.late", "contact.off"]);
  });
  it("rejects unknown names", async () => {
    expect(() => selectChecks(checks, ["contact.nope"])).toThrow(CheckSelectionError);
  });
});

describe("runAudit", () => {
  it("reports a check whose settings leave nothing to judge as not measured, and one with settings as measured", async () => {
    db = freshDatabase("audit-runner-settings");
    seed();
    const listed = defineCheck({
      meta: { ...noEmail.check.meta, id: "contact.listed" },
      thresholds: z.object({ values: z.array(z.string()).default([]) }),
      unmeasuredWith: ({ values }) => (values.length ? null : "the workspace defines no list"),
      create: (context) => ({ contacts: (row) => void (context.thresholds.values.length && context.report(row.id)) }),
    });
    const run = async (values: string[]) =>
      (
        await runAudit(db.stores.auditStorage.local, {
          workspaceId: "w",
          asOf: T,
          checks: [{ check: listed, severity: "low", thresholds: { values } }],
          trigger: "test",
        })
      ).findings[0];
    expect(await run([])).toMatchObject({ status: "not-measured", reason: "the workspace defines no list", count: 0 });
    expect(await run(["x"])).toMatchObject({ status: "measured", count: 3 });
  });

  it("keeps with the run the data version of the import it read and the release of its checks", async () => {
    db = freshDatabase("audit-runner-versions");
    seed();
    db.sqlite
      .prepare(
        `INSERT INTO import_log (id, workspaceId, source, startedAt, durationMs, rowCounts) VALUES (12, 'w', 'csv', 0, 1, '{}')`,
      )
      .run();
    // Another workspace's later import is not this workspace's data version.
    db.sqlite
      .prepare(
        `INSERT INTO import_log (id, workspaceId, source, startedAt, durationMs, rowCounts) VALUES (13, 'x', 'csv', 0, 1, '{}')`,
      )
      .run();
    const storage = db.stores.auditStorage.local;
    const result = await runAudit(storage, { workspaceId: "w", asOf: T, checks: ALL, trigger: "test" });
    expect(result).toMatchObject({ dataVersion: 12, checksRelease: APP_VERSION });
    expect(storage.runs.load("w", result.id)).toMatchObject({ dataVersion: 12, checksRelease: APP_VERSION });
  });

  it("finds sorted, deduplicated ids per check and stores the run with its findings", async () => {
    db = freshDatabase("audit-runner");
    seed();
    const twice = defineCheck({
      meta: { ...noEmail.check.meta, id: "contact.twice" },
      thresholds: z.object({ limit: z.number().default(7) }),
      create(context) {
        expect(context.thresholds).toEqual({ limit: 7 });
        return {
          contacts: (row) => {
            context.report(row.id);
            context.report(row.id);
          },
        };
      },
    });
    const run = await runAudit(db.stores.auditStorage.local, {
      workspaceId: "w",
      asOf: T,
      checks: [...ALL, { check: twice, severity: "low", thresholds: undefined }],
      trigger: "test",
    });
    const affected = Object.fromEntries(run.findings.map((f) => [f.checkId, f.affected]));
    expect(affected).toEqual({
      "contact.no-email": ["c1", "c3"],
      "contact.no-owner": ["c1", "c2"],
      "task.late": ["t1"],
      "contact.twice": ["c1", "c2", "c3"],
    });
    // meta.docs comes from the id, not from the meta it was copied from.
    const docs = "docs/checks.md#contacttwice";
    expect(run.findings.find((f) => f.checkId === "contact.twice")).toMatchObject({ severity: "low", count: 3, docs });
    expect(
      getLatestRun(db.stores.auditStorage.local.runs, "w")?.findings.find((f) => f.checkId === "contact.twice")?.docs,
    ).toBe(docs);
    expect(run.metrics.counts).toMatchObject({ contacts: 3, tasks: 2 });
    expect(run.changes).toBeNull();
    expect(tableCount("audit_runs")).toBe(1);
    expect(tableCount("audit_findings")).toBe(4);
  });

  it("leaves no run behind when a check throws mid-run", async () => {
    db = freshDatabase("audit-atomic");
    seed();
    const broken = defineCheck({
      meta: { ...noEmail.check.meta, id: "contact.broken" },
      thresholds: z.object({}),
      create: () => ({
        contacts: (row) => {
          if (row.id === "c2") throw new Error("boom");
        },
      }),
    });
    await expect(
      runAudit(db.stores.auditStorage.local, {
        workspaceId: "w",
        asOf: T,
        checks: [...ALL, { check: broken, severity: "low", thresholds: {} }],
        trigger: "test",
      }),
    ).rejects.toThrow(/contact\.broken.*boom/);
    expect(tableCount("audit_runs")).toBe(0);
    expect(tableCount("audit_findings")).toBe(0);
  });

  it("rolls the run row back when writing a finding fails half-way", async () => {
    db = freshDatabase("audit-atomic-write");
    seed();
    // Simulates a crash during the write: the second finding insert aborts.
    db.sqlite.exec(`CREATE TRIGGER fail_second AFTER INSERT ON audit_findings
      WHEN (SELECT COUNT(*) FROM audit_findings WHERE runId = NEW.runId) = 2
      BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    await expect(
      runAudit(db.stores.auditStorage.local, { workspaceId: "w", asOf: T, checks: ALL, trigger: "test" }),
    ).rejects.toThrow(/disk on fire/);
    expect(tableCount("audit_runs")).toBe(0);
    expect(tableCount("audit_findings")).toBe(0);
  });

  it("runs only the selected checks", async () => {
    db = freshDatabase("audit-select");
    seed();
    const run = await runAudit(db.stores.auditStorage.local, {
      workspaceId: "w",
      asOf: T,
      checks: ALL,
      select: ["process"],
      trigger: "test",
    });
    expect(run.findings.map((f) => f.checkId)).toEqual(["contact.no-owner", "task.late"]);
  });

  it("never lists another workspace's ids", async () => {
    db = freshDatabase("audit-isolation");
    seed("a");
    insertRows(db.sqlite, "b", "contacts", [{ id: "b1" }, { id: "b2" }]);
    insertRows(db.sqlite, "b", "tasks", [{ id: "bt", dueAt: T - days(9) }]);
    const runA = await runAudit(db.stores.auditStorage.local, {
      workspaceId: "a",
      asOf: T,
      checks: ALL,
      trigger: "test",
    });
    const idsA = runA.findings.flatMap((f) => f.affected as string[]);
    expect(idsA.some((id) => id.startsWith("b"))).toBe(false);
    expect(runA.metrics.counts.contacts).toBe(3);
    const runB = await runAudit(db.stores.auditStorage.local, {
      workspaceId: "b",
      asOf: T,
      checks: ALL,
      trigger: "test",
    });
    expect(runB.findings.flatMap((f) => f.affected as string[]).sort()).toEqual(["b1", "b1", "b2", "b2", "bt"]);
    // B's first run has no previous run even though A has one.
    expect(runB.changes).toBeNull();
  });

  it("dedupes duplicate groups and drops single-member groups", async () => {
    db = freshDatabase("audit-groups");
    seed();
    const dupes = defineCheck({
      meta: { ...noEmail.check.meta, id: "contact.dupes", shape: "groups" },
      thresholds: z.object({}),
      create: (context) => ({
        finish() {
          context.reportGroup(["c3", "c1"]);
          context.reportGroup(["c1", "c3"]);
          context.reportGroup(["c2"]);
          context.reportGroup(["b", "a", "a"]);
        },
      }),
    });
    const run = await runAudit(db.stores.auditStorage.local, {
      workspaceId: "w",
      asOf: T,
      checks: [{ check: dupes, severity: "high", thresholds: {} }],
      trigger: "t",
    });
    expect(run.findings[0]).toMatchObject({
      count: 2,
      affected: [
        ["a", "b"],
        ["c1", "c3"],
      ],
    });
  });

  it("passes the previous run's counts to checks and reports what changed", async () => {
    db = freshDatabase("audit-changes");
    seed();
    const first = await runAudit(db.stores.auditStorage.local, {
      workspaceId: "w",
      asOf: T,
      checks: ALL,
      trigger: "test",
    });
    // c1 gets an email (resolved for no-email), c4 is new without email, t2 becomes late.
    db.sqlite.prepare(`UPDATE contacts SET email = 'a@b.co' WHERE id = 'c1'`).run();
    insertRows(db.sqlite, "w", "contacts", [{ id: "c4", ownerId: "u1" }]);
    let seenPrevious: unknown = undefined;
    const spy = defineCheck({
      meta: { ...noEmail.check.meta, id: "dataset.spy" },
      thresholds: z.object({}),
      create: (context) => ({
        finish() {
          seenPrevious = { before: context.previousCounts?.contacts, now: context.counts.contacts };
        },
      }),
    });
    const second = await runAudit(db.stores.auditStorage.local, {
      workspaceId: "w",
      asOf: T + days(1),
      checks: [...ALL, { check: spy, severity: "low", thresholds: {} }],
      trigger: "test",
    });
    expect(seenPrevious).toEqual({ before: 3, now: 4 });
    expect(second.changes?.previousRunId).toBe(first.id);
    const byId = Object.fromEntries(second.changes!.checks.map((c) => [c.checkId, c]));
    expect(byId["contact.no-email"]).toEqual({
      checkId: "contact.no-email",
      added: ["c4"],
      resolved: ["c1"],
      countDelta: 0,
    });
    expect(byId["task.late"]).toEqual({ checkId: "task.late", added: ["t2"], resolved: [], countDelta: 1 });
    expect(byId["dataset.spy"]).toBeUndefined(); // did not run before: nothing to compare
    expect(second.metrics.countChanges?.contacts).toBeCloseTo(1 / 3);
    expect(second.changes!.overallDelta).toBeCloseTo(second.scores.overall - first.scores.overall, 5);
  });

  it("computes the same fill rates whether a table is streamed to checks or aggregated in SQL", async () => {
    db = freshDatabase("audit-fill");
    insertRows(db.sqlite, "w", "contacts", [
      { id: "c1", email: "a@b.co", jobTitle: "" },
      { id: "c2", phone: "+4420", jobTitle: "CEO" },
      { id: "c3" },
    ]);
    const streamed = await runAudit(db.stores.auditStorage.local, {
      workspaceId: "w",
      asOf: T,
      checks: [noEmail],
      trigger: "t",
    });
    const aggregated = await runAudit(db.stores.auditStorage.local, {
      workspaceId: "w",
      asOf: T,
      checks: [overdue],
      trigger: "t",
    });
    expect(streamed.metrics.fillRates.contacts).toEqual(aggregated.metrics.fillRates.contacts);
    expect(aggregated.metrics.fillRates.contacts).toMatchObject({
      email: 1 / 3,
      phone: 1 / 3,
      jobTitle: 1 / 3,
      tags: 0,
    });
  });

  it("reads every table as of one snapshot, whatever commits during the pass", async () => {
    db = freshDatabase("audit-snapshot");
    insertRows(db.sqlite, "w", "users", [{ id: "u1" }]);
    insertRows(db.sqlite, "w", "contacts", [{ id: "c1" }]);
    const other = openSqlite(db.file);
    // While users stream, another connection commits a contact (as an import would).
    const writer = defineCheck({
      meta: { ...noEmail.check.meta, id: "contact.seen" },
      thresholds: z.object({}),
      create: (context) => ({
        users: () => insertRows(other, "w", "contacts", [{ id: "c2" }]),
        contacts: (row) => context.report(row.id),
      }),
    });
    const checks = [{ check: writer, severity: "low" as const, thresholds: {} }];
    try {
      const run = await runAudit(db.stores.auditStorage.local, { workspaceId: "w", asOf: T, checks, trigger: "t" });
      expect(run.findings[0]!.affected).toEqual(["c1"]);
      expect(run.metrics.counts.contacts).toBe(1);
      expect(tableCount("contacts")).toBe(2); // committed, just not in the run's snapshot
    } finally {
      other.close();
    }
  });

  it("starts over once when the second thread saw other data, and stores one run", async () => {
    db = freshDatabase("audit-data-changed");
    seed();
    const heavy = flagCheck("contact.heavy", "data-quality", "contacts", () => true);
    const checks = [...ALL, { ...heavy, check: { ...heavy.check, meta: { ...heavy.check.meta, heavy: true } } }];
    let calls = 0;
    const secondThread = (failures: number): SecondThread => ({
      minRecords: 0,
      run: async (request) => {
        calls++;
        if (calls <= failures) throw new DataChangedError();
        expect(request.checkIds).toEqual(["contact.heavy"]);
        return { "contact.heavy": { ids: ["c1"], groups: [] } };
      },
    });
    const run = await runAudit(db.stores.auditStorage.local, {
      workspaceId: "w",
      asOf: T,
      checks,
      trigger: "t",
      secondThread: secondThread(1),
    });
    expect(calls).toBe(2);
    expect(run.findings.find((f) => f.checkId === "contact.heavy")?.affected).toEqual(["c1"]);
    expect(tableCount("audit_runs")).toBe(1);

    calls = 0;
    await expect(
      runAudit(db.stores.auditStorage.local, {
        workspaceId: "w",
        asOf: T,
        checks,
        trigger: "t",
        secondThread: secondThread(2),
      }),
    ).rejects.toBeInstanceOf(DataChangedError);
    expect(calls).toBe(2);
    expect(tableCount("audit_runs")).toBe(1);
  });
});
