/**
 * The stores an opened database hands to the core (src/db/stores.ts), each on a real SQLite
 * file: what one store writes, the others (and a second connection) read back.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CHECKS } from "../../src/core/checks/registry.js";
import type { AuditSourceModule, StoredRun } from "../../src/core/audit/stores.js";
import type { ImportLockHolder } from "../../src/core/import/stores.js";
import type { SourceTable } from "../../src/core/import/types.js";
import type { Database } from "../../src/db/database.js";
import { ensureWorkspace, insertRows, T } from "../core/audit/helpers.js";
import { freshDatabase } from "../helpers/db.js";

let db: Database;
afterEach(async () => db?.close());

const COUNTS = { users: 0, companies: 0, contacts: 2, deals: 0, tasks: 0, activities: 0, customer_feedback: 0 };

function run(workspaceId: string, selection: string[] | null, count: number): Omit<StoredRun, "id"> {
  return {
    workspaceId,
    asOf: T,
    startedAt: T,
    durationMs: 5,
    trigger: "test",
    requestedBy: null,
    selection,
    dataVersion: 7,
    checksRelease: "1.2.3",
    scores: { overall: 90, categories: { "data-quality": 90 } },
    metrics: { counts: COUNTS } as unknown as StoredRun["metrics"],
    findings: [
      {
        checkId: "contact.no-email",
        title: "No email",
        category: "data-quality",
        severity: "medium",
        entity: "contacts",
        shape: "records",
        count,
        affected: ["c1", "c2"].slice(0, count),
        why: "why",
        fix: "fix",
        docs: "docs/checks.md#contact-no-email",
      },
    ],
  };
}

describe("audit stores", () => {
  it("store runs per workspace and find the previous run of the same selection", () => {
    db = freshDatabase("stores-runs");
    ensureWorkspace(db.sqlite, "w");
    ensureWorkspace(db.sqlite, "other");
    const runs = db.stores.auditStorage.local.runs;
    const full = runs.save(run("w", null, 2), { select: null });
    const partial = runs.save(run("w", ["security"], 1), { select: ["security"] });
    const foreign = runs.save(run("other", null, 1), {});

    expect(runs.load("w", full)).toEqual({ id: full, ...run("w", null, 2) });
    expect(runs.load("w", foreign)).toBeNull();
    expect(runs.previousRunId("w")).toBe(partial);
    expect(runs.previousRunId("w", undefined, null)).toBe(full);
    expect(runs.previousRunId("w", partial, ["security"])).toBeNull();
    expect(runs.loadCounts("w", full)).toEqual(COUNTS);
    expect(runs.list("w", 10).map((r) => [r.id, r.selection, r.overall, r.findingCount])).toEqual([
      [partial, ["security"], 90, 1],
      [full, null, 90, 1],
    ]);
  });

  it("read a run stored before runs kept their versions as having none", () => {
    db = freshDatabase("stores-old-run");
    ensureWorkspace(db.sqlite, "w");
    const runs = db.stores.auditStorage.local.runs;
    // A row as an older release wrote it: the version columns did not exist, so they are NULL.
    const { id } = db.sqlite
      .prepare(
        `INSERT INTO audit_runs (workspaceId, asOf, startedAt, durationMs, trigger, config, scores, metrics)
         VALUES ('w', ?, ?, 5, 'test', '{}', '{"overall":90,"categories":{}}', '{}') RETURNING id`,
      )
      .get(T, T) as { id: number };
    expect(runs.load("w", id)).toMatchObject({ dataVersion: null, checksRelease: null });
    const kept = runs.save(run("w", null, 1), {});
    expect(runs.load("w", kept)).toMatchObject({ dataVersion: 7, checksRelease: "1.2.3" });
  });

  it("open a thread's connection through the shared source, seeing what the main connection wrote", async () => {
    db = freshDatabase("stores-source");
    insertRows(db.sqlite, "w", "contacts", [{ id: "c1" }, { id: "c2", email: "a@b.co" }]);
    const { shared, local } = db.stores.auditStorage;
    expect(shared?.location).toBe(db.file);
    const { openAuditConnection } = (await import(shared!.module)) as AuditSourceModule;
    const other = openAuditConnection(shared!.location);
    try {
      expect(other.countRecords("w")).toEqual(local.countRecords("w"));
      expect(other.inReadSnapshot(() => [...other.readRows("w", "contacts", T)].map((c) => c.email))).toEqual([
        null,
        "a@b.co",
      ]);
      expect(other.fillCounts("w", "contacts", ["email", "phone"])).toEqual({ filled: [1, 0], total: 2 });
    } finally {
      other.close();
    }
  });

  it("have no shared source for an in-memory database", async () => {
    const { openDatabase } = await import("../../src/db/database.js");
    db = openDatabase("file::memory:");
    expect(db.stores.auditStorage.shared).toBeNull();
  });

  it("list known workspaces and tell an empty one", () => {
    db = freshDatabase("stores-workspaces");
    ensureWorkspace(db.sqlite, "empty");
    insertRows(db.sqlite, "full", "contacts", [{ id: "c1" }]);
    expect(db.stores.auditWorkspaces.ids()).toEqual(["empty", "full"]);
    expect(db.stores.auditWorkspaces.hasRecords("empty")).toBe(false);
    expect(db.stores.auditWorkspaces.hasRecords("full")).toBe(true);
  });

  it("read a workspace's check overrides written through Prisma", async () => {
    db = freshDatabase("stores-overrides");
    ensureWorkspace(db.sqlite, "w");
    await db.prisma.checkOverride.create({
      data: { workspaceId: "w", checkId: CHECKS[0]!.meta.id, severity: "critical" },
    });
    await db.prisma.checkOverride.create({ data: { workspaceId: "w", checkId: "no.such-check", enabled: false } });
    const read = await db.stores.checkOverrides.read("w", CHECKS);
    expect(read.overrides).toEqual([{ checkId: CHECKS[0]!.meta.id, severity: "critical" }]);
    expect(read.problems).toEqual(['override for unknown check "no.such-check" ignored']);
  });
});

describe("import stores", () => {
  const USERS: SourceTable = {
    entity: "users",
    file: "users.csv",
    columns: ["id", "name", "email"],
    labels: { id: "id", name: "name", email: "email" },
    hasExtra: false,
    rows: [],
  };

  it("write staged rows and the log entry in one commit, which moves the data version", async () => {
    db = freshDatabase("stores-writer");
    const reader = db.stores.auditStorage.local;
    const writer = db.stores.importWriter("w");
    writer.openStage();
    try {
      const stage = writer.upserter(USERS);
      writer.inStagingPass(() => {
        stage({ id: "u1", name: "Ann", email: "ann@example.com" }, null);
        expect(writer.exists("users", "u1")).toBe(true);
        expect(writer.exists("users", "u2")).toBe(false);
      });
      // Staged only: the workspace does not exist yet and its data version is unchanged.
      expect(db.stores.auditWorkspaces.ids()).toEqual([]);
      expect(reader.dataVersion("w")).toBe(0);
      const entry = { source: "test", startedAt: T, durationMs: 1, rowCounts: {}, skippedRows: 0 };
      expect(await writer.commit({ log: () => entry })).toBe(true);
    } finally {
      writer.closeStage();
    }
    expect(db.stores.auditWorkspaces.ids()).toEqual(["w"]);
    expect(reader.countRecords("w").users).toBe(1);
    expect(reader.dataVersion("w")).toBeGreaterThan(0);
  });

  it("commit nothing when the log entry cannot be made", async () => {
    db = freshDatabase("stores-writer-rollback");
    const writer = db.stores.importWriter("w");
    writer.openStage();
    try {
      const stage = writer.upserter(USERS);
      writer.inStagingPass(() => stage({ id: "u1", name: "Ann", email: "ann@example.com" }, null));
      await expect(
        writer.commit({
          log: () => {
            throw new Error("no log");
          },
        }),
      ).rejects.toThrow("no log");
    } finally {
      writer.closeStage();
    }
    expect(db.stores.auditStorage.local.countRecords("w").users).toBe(0);
    expect(db.sqlite.inTransaction).toBe(false);
  });

  it("hold one import lock per workspace, and replace a holder that is no longer alive", async () => {
    db = freshDatabase("stores-locks");
    const locks = db.stores.importLocks;
    const first: ImportLockHolder = { pid: 1, host: "a", startedAt: T };
    const second: ImportLockHolder = { pid: 2, host: "b", startedAt: T + 1 };
    const alive = () => true;
    expect(await locks.take("w", first, alive)).toBeNull();
    expect(await locks.take("w", second, alive)).toEqual(first);
    expect(await locks.take("other", second, alive)).toBeNull();
    expect(await locks.holder("w", alive)).toEqual(first);
    // A holder found dead is removed, and the lock goes to the one asking.
    expect(await locks.take("w", second, (h) => h.pid !== 1)).toBeNull();
    expect(await locks.holder("w", alive)).toEqual(second);
    await locks.release("w", second);
    expect(await locks.holder("w", alive)).toBeNull();
  });
});
