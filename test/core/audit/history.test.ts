import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { getLatestRun, getRun } from "../../../src/core/audit/history.js";
import { runAudit } from "../../../src/core/audit/runner.js";
import type { ContactRecord } from "../../../src/core/dataset/records.js";
import { applyMigrations, MIGRATIONS_DIR } from "../../../src/db/migrate.js";
import type { Database } from "../../../src/db/database.js";
import { sqliteAuditRuns } from "../../../src/db/sqlite/audit-runs.js";
import { openSqlite } from "../../../src/db/sqlite/connection.js";
import { freshDatabase } from "../../helpers/db.js";
import { tempDir } from "../../helpers/tmp.js";
import { flagCheck, insertRows, T } from "./helpers.js";

let db: Database;
afterEach(async () => db?.close());

const noEmail = flagCheck("contact.no-email", "data-quality", "contacts", (c: ContactRecord) => c.email === null);
const noOwner = flagCheck("contact.no-owner", "security", "contacts", (c: ContactRecord) => c.ownerId === null, "high");
const checks = [noEmail, noOwner];

describe("partial runs", () => {
  it("never stand in for the latest full audit, and are compared only with the same selection", async () => {
    db = freshDatabase("history-partial");
    insertRows(db.sqlite, "w", "contacts", [{ id: "c1" }, { id: "c2", email: "a@b.co" }]);
    const run = (select?: string[]) =>
      runAudit(db.stores.auditStorage.local, {
        workspaceId: "w",
        asOf: T,
        checks,
        trigger: "test",
        ...(select ? { select } : {}),
      });

    const full1 = await run();
    expect(full1.selection).toBeNull();
    const partial1 = await run(["security", "security"]);
    expect(partial1.selection).toEqual(["security"]);
    expect(partial1.findings.map((f) => f.checkId)).toEqual(["contact.no-owner"]);
    // The first run of its selection: nothing to compare with (not the full run before it).
    expect(partial1.changes).toBeNull();

    // status, App Home and `findings` read the latest full audit, not the partial run after it.
    const latest = getLatestRun(db.stores.auditStorage.local.runs, "w")!;
    expect(latest.id).toBe(full1.id);
    expect(latest.findings.map((f) => f.checkId)).toEqual(["contact.no-email", "contact.no-owner"]);

    // A contact loses its email: the next full run is compared with the full run, not the partial one.
    db.sqlite.prepare(`UPDATE contacts SET email = NULL WHERE id = 'c2'`).run();
    const full2 = await run();
    expect(full2.changes?.previousRunId).toBe(full1.id);
    expect(full2.changes?.checks.find((c) => c.checkId === "contact.no-email")?.added).toEqual(["c2"]);
    expect(full2.changes?.checks.map((c) => c.checkId)).toEqual(["contact.no-email", "contact.no-owner"]);

    const partial2 = await run(["security"]);
    expect(partial2.changes?.previousRunId).toBe(partial1.id);
    expect(getRun(db.stores.auditStorage.local.runs, "w", partial1.id)!.changes).toBeNull();
    expect(getRun(db.stores.auditStorage.local.runs, "w", full2.id)!.changes?.previousRunId).toBe(full1.id);
    expect(getLatestRun(db.stores.auditStorage.local.runs, "w")!.id).toBe(full2.id);

    expect(db.stores.auditStorage.local.runs.list("w", 10).map((r) => [r.id, r.selection])).toEqual([
      [partial2.id, ["security"]],
      [full2.id, null],
      [partial1.id, ["security"]],
      [full1.id, null],
    ]);
  });

  it("are shown, marked, only while the workspace has no full audit", async () => {
    db = freshDatabase("history-partial-only");
    insertRows(db.sqlite, "w", "contacts", [{ id: "c1" }]);
    const partial = await runAudit(db.stores.auditStorage.local, {
      workspaceId: "w",
      asOf: T,
      checks,
      trigger: "t",
      select: ["security"],
    });
    expect(getLatestRun(db.stores.auditStorage.local.runs, "w")).toMatchObject({
      id: partial.id,
      selection: ["security"],
    });
  });

  it("keeps the selection of runs stored before the column existed", () => {
    const all = MIGRATIONS_DIR;
    const before = tempDir("history-backfill-migrations");
    for (const name of fs.readdirSync(all).filter((n) => n < "20261202153900")) {
      fs.cpSync(path.join(all, name), path.join(before, name), { recursive: true });
    }
    const sqlite = openSqlite(path.join(tempDir("history-backfill"), "crm.db"));
    applyMigrations(sqlite, before);
    const insert = sqlite.prepare(
      `INSERT INTO audit_runs (workspaceId, asOf, startedAt, durationMs, trigger, config, scores, metrics)
       VALUES ('w', 0, 0, 1, 't', ?, '{"overall":100,"categories":{}}', '{}')`,
    );
    for (const select of [null, [], ["security", "contact.stale", "security"]]) insert.run(JSON.stringify({ select }));
    applyMigrations(sqlite, all);
    expect(
      sqliteAuditRuns(sqlite)
        .list("w", 10)
        .map((r) => r.selection),
    ).toEqual([["contact.stale", "security"], null, null]);
    sqlite.close();
  });
});
