import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createAuditService } from "../../../src/core/audit/service.js";
import { NothingToAuditError, UnknownWorkspaceError } from "../../../src/core/audit/types.js";
import { DataChangedError, type CheckOutcomes } from "../../../src/core/audit/collect.js";
import { CheckSelectionError } from "../../../src/core/checks/select.js";
import { createThreadPool, type SecondThreadJob } from "../../../src/core/audit/threads.js";
import type { AuditRunResult } from "../../../src/core/audit/types.js";
import type { Database } from "../../../src/db/database.js";
import { freshDatabase } from "../../helpers/db.js";
import { tempDir } from "../../helpers/tmp.js";
import { ensureWorkspace, insertRows, T } from "./helpers.js";

const PROVIDER = new URL("./fixtures/checks-provider.ts", import.meta.url);

let db: Database;
afterEach(async () => db?.close());

function writeConfig(config: object): string {
  const file = path.join(tempDir("audit-service-config"), "checks.json");
  fs.writeFileSync(file, JSON.stringify(config));
  return file;
}

describe("audit service", () => {
  it("runs in a worker thread while the main event loop keeps ticking", async () => {
    db = freshDatabase("audit-service-worker");
    const contacts = Array.from({ length: 50_000 }, (_, i) => ({
      id: `c${String(i).padStart(6, "0")}`,
      email: i % 10 === 0 ? null : `p${i}@example.com`,
    }));
    insertRows(db.sqlite, "w", "contacts", contacts);
    const releaseFile = path.join(tempDir("audit-release"), "go");
    const service = createAuditService(db.stores, { checksModule: PROVIDER, configFile: writeConfig({ releaseFile }) });

    // The worker's last check blocks until the release file exists; only this thread's timer
    // creates it, after ticking 5 times during the run. A blocked event loop would never release it.
    let ticks = 0;
    let finished = false;
    const timer = setInterval(() => {
      if (finished) return;
      ticks++;
      if (ticks === 5) fs.writeFileSync(releaseFile, "");
    }, 10);
    const progress: number[] = [];
    try {
      const run = await service.run({ workspaceId: "w", asOf: T, trigger: "test" }, (done) => progress.push(done));
      finished = true;
      expect(ticks).toBeGreaterThanOrEqual(5);
      expect(run.findings.find((f) => f.checkId === "contact.no-email")?.count).toBe(5_000);
      expect(progress.at(-1)).toBe(50_000);
      expect(await service.latest("w")).toMatchObject({ id: run.id, scores: run.scores });
    } finally {
      clearInterval(timer);
    }
  });

  it("lists, gets and compares runs per workspace", async () => {
    db = freshDatabase("audit-service-history");
    insertRows(db.sqlite, "w", "contacts", [{ id: "c1" }, { id: "c2", email: "a@b.co" }]);
    const service = createAuditService(db.stores, { checksModule: PROVIDER, configFile: writeConfig({ asOf: T }) });
    const first = await service.run({ workspaceId: "w", trigger: "cli", requestedBy: "me" });
    expect(first.asOf).toBe(T); // from the configuration
    db.sqlite.prepare(`UPDATE contacts SET email = NULL WHERE id = 'c2'`).run();
    const second = await service.run({ workspaceId: "w", trigger: "schedule" });
    expect(second.changes).toMatchObject({
      previousRunId: first.id,
      checks: [{ added: ["c2"], resolved: [], countDelta: 1 }],
    });
    expect(second.changes!.overallDelta).toBeLessThan(0);

    const history = await service.history("w", 10);
    expect(history.map((r) => [r.id, r.trigger, r.findingCount])).toEqual([
      [second.id, "schedule", 1],
      [first.id, "cli", 1],
    ]);
    expect(history[1]).toMatchObject({ requestedBy: "me", overall: first.scores.overall });
    const again = await service.get("w", second.id);
    expect(again).toEqual(second);
    expect(await service.get("other", second.id)).toBeNull();
    expect(await service.latest("other")).toBeNull();
    expect(await service.history("other", 10)).toEqual([]);
  });

  it("fails before starting a worker when the configuration cannot be read", async () => {
    db = freshDatabase("audit-service-config");
    insertRows(db.sqlite, "w", "contacts", [{ id: "c1" }]);
    const configFile = path.join(tempDir("audit-bad-config"), "checks.json");
    fs.writeFileSync(configFile, "{ not json");
    const service = createAuditService(db.stores, { checksModule: PROVIDER, configFile });
    await expect(service.run({ workspaceId: "w", trigger: "cli" })).rejects.toThrow(SyntaxError);
    expect(await service.history("w", 5)).toEqual([]);
  });

  it("runs heavy checks on a second thread from the configured size, with the same findings", async () => {
    db = freshDatabase("audit-service-second-thread");
    insertRows(db.sqlite, "w", "contacts", [{ id: "c1" }, { id: "c2", email: "a@b.co" }]);
    const configFile = writeConfig({ heavy: "report-thread" });
    const run = (secondThreadMinRecords: number) =>
      createAuditService(db.stores, { checksModule: PROVIDER, configFile, secondThreadMinRecords }).run({
        workspaceId: "w",
        asOf: T,
        trigger: "test",
      });
    const oneThread = await run(3); // 2 records: below the size, everything on the audit thread
    const twoThreads = await run(2);
    const threadOf = (r: AuditRunResult, id: string) => r.findings.find((f) => f.checkId === id)!.affected[0];
    const noEmail = (r: AuditRunResult) => r.findings.find((f) => f.checkId === "contact.no-email");
    expect(threadOf(oneThread, "contact.heavy")).toBe(threadOf(oneThread, "contact.light"));
    expect(threadOf(twoThreads, "contact.heavy")).not.toBe(threadOf(twoThreads, "contact.light"));
    expect(noEmail(twoThreads)).toEqual(noEmail(oneThread));
    expect(noEmail(twoThreads)?.affected).toEqual(["c1"]);
    // The run is stored once, with both threads' findings.
    expect((await createAuditService(db.stores).latest("w"))?.findings.map((f) => f.checkId)).toEqual([
      "contact.no-email",
      "contact.heavy",
      "contact.light",
    ]);
  });

  it("keeps its audit thread for the next run, also after a failed one", async () => {
    db = freshDatabase("audit-service-warm-thread");
    insertRows(db.sqlite, "w", "contacts", [{ id: "c1" }]);
    const service = createAuditService(db.stores, {
      checksModule: PROVIDER,
      configFile: writeConfig({ heavy: "report-thread" }),
    });
    const threadOf = (r: AuditRunResult) => r.findings.find((f) => f.checkId === "contact.heavy")!.affected[0];
    try {
      const first = await service.run({ workspaceId: "w", asOf: T, trigger: "test" });
      await expect(service.run({ workspaceId: "w", trigger: "test", select: ["nope"] })).rejects.toThrow(/nope/);
      const second = await service.run({ workspaceId: "w", asOf: T, trigger: "test" });
      expect(threadOf(second)).toBe(threadOf(first));
      const other = createAuditService(db.stores, {
        checksModule: PROVIDER,
        configFile: writeConfig({ heavy: "report-thread" }),
      });
      expect(threadOf(await other.run({ workspaceId: "w", asOf: T, trigger: "test" }))).not.toBe(threadOf(first));
      await other.close();
    } finally {
      await service.close();
    }
  });

  it("keeps workspaces apart on the second thread (tables shared, read through the index)", async () => {
    db = freshDatabase("audit-service-second-thread-workspaces");
    const ann = { firstName: "Ann", lastName: "Lee", email: "ann.lee@example.com", city: "Leeds" };
    insertRows(db.sqlite, "a", "contacts", [
      { id: "a1", ...ann },
      { id: "a2", ...ann, email: "Ann.Lee+crm@example.com" },
      { id: "a3", firstName: "Bob", lastName: "Stone", email: "bob@example.org" },
    ]);
    insertRows(db.sqlite, "b", "contacts", [{ id: "b1", ...ann }]);
    const service = createAuditService(db.stores, { secondThreadMinRecords: 0 });
    try {
      const duplicatesOf = async (workspaceId: string) =>
        (await service.run({ workspaceId, asOf: T, trigger: "test", select: ["contact.duplicate"] })).findings[0]!
          .affected;
      expect(await duplicatesOf("a")).toEqual([["a1", "a2"]]);
      expect(await duplicatesOf("b")).toEqual([]);
    } finally {
      await service.close();
    }
  });

  it("has the second thread refuse data of another version than the audit thread's", async () => {
    db = freshDatabase("audit-second-thread-version");
    insertRows(db.sqlite, "w", "contacts", [{ id: "c1" }]);
    const pool = createThreadPool<SecondThreadJob, CheckOutcomes>("second-thread");
    const job = (version: number): SecondThreadJob => ({
      source: db.stores.auditStorage.shared!,
      task: {
        options: { workspaceId: "w", trigger: "test" },
        checksModule: PROVIDER.href,
        settings: { heavy: "report-thread" },
      },
      request: {
        workspaceId: "w",
        asOf: T,
        counts: db.stores.auditStorage.local.countRecords("w"),
        previousCounts: null,
        dataVersion: version,
        checkIds: ["contact.heavy"],
      },
    });
    try {
      const current = db.stores.auditStorage.local.dataVersion("w");
      await expect(pool.run(job(current + 1))).rejects.toBeInstanceOf(DataChangedError);
      expect(Object.keys(await pool.run(job(current)))).toEqual(["contact.heavy"]);
    } finally {
      await pool.close();
    }
  });

  it("stores nothing when a check fails on the second thread", async () => {
    db = freshDatabase("audit-service-second-thread-error");
    insertRows(db.sqlite, "w", "contacts", [{ id: "c1" }]);
    const service = createAuditService(db.stores, {
      checksModule: PROVIDER,
      configFile: writeConfig({ heavy: "fail" }),
      secondThreadMinRecords: 0,
    });
    await expect(service.run({ workspaceId: "w", asOf: T, trigger: "test" })).rejects.toThrow(
      /contact\.heavy \(finish\): boom in the second thread/,
    );
    expect(await service.history("w", 5)).toEqual([]);
  });

  it("refuses an unknown workspace, naming the known ones, and an empty one, storing nothing", async () => {
    db = freshDatabase("audit-service-workspace");
    insertRows(db.sqlite, "sales", "contacts", [{ id: "c1" }]);
    ensureWorkspace(db.sqlite, "empty");
    const service = createAuditService(db.stores, { checksModule: PROVIDER });
    const typo = service.run({ workspaceId: "sals", trigger: "cli" });
    await expect(typo).rejects.toBeInstanceOf(UnknownWorkspaceError);
    await expect(typo).rejects.toThrow('unknown workspace "sals" (known: empty, sales)');
    await expect(service.run({ workspaceId: "empty", trigger: "cli" })).rejects.toBeInstanceOf(NothingToAuditError);
    expect(await service.history("sals", 5)).toEqual([]);
    expect(await service.history("empty", 5)).toEqual([]);
    expect((await service.run({ workspaceId: "sales", trigger: "cli" })).workspaceId).toBe("sales");
  });

  it("reports a bad selection as a CheckSelectionError", async () => {
    db = freshDatabase("audit-service-error");
    insertRows(db.sqlite, "w", "contacts", [{ id: "c1" }]);
    const service = createAuditService(db.stores, { checksModule: PROVIDER });
    await expect(service.run({ workspaceId: "w", trigger: "cli", select: ["nope"] })).rejects.toBeInstanceOf(
      CheckSelectionError,
    );
  });
});
