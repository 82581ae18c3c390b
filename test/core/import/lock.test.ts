/**
 * One import per workspace at a time, across processes (src/core/import/lock.ts), on a real
 * SQLite file: a second import waits with a message instead of failing on SQLite's lock, and
 * the row of a process that died is taken over.
 */
import { spawnSync } from "node:child_process";
import os from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importBundle } from "../../../src/core/import/index.js";
import { acquireImportLock, waitForImports } from "../../../src/core/import/lock.js";
import type { Database } from "../../../src/db/database.js";
import { freshDatabase } from "../../helpers/db.js";
import { CONTACTS_HEADER, USERS, writeBundle } from "./bundle.js";

let db: Database;
beforeEach(() => {
  db = freshDatabase("import-lock");
});
afterEach(async () => {
  await db.close();
});

const holdLock = (pid: number) =>
  db.sqlite
    .prepare(`INSERT INTO import_locks (workspaceId, pid, host, startedAt) VALUES ('ws', ?, ?, ?)`)
    .run(pid, os.hostname(), Date.parse("2026-12-02T12:03:00"));
const locks = () => db.sqlite.prepare(`SELECT workspaceId, pid FROM import_locks`).all();

describe("import lock", () => {
  it("makes a second import wait, says so once, and lets it in when the first is done", async () => {
    holdLock(process.pid);
    const messages: string[] = [];
    let told!: () => void;
    const waiting = new Promise<void>((resolve) => (told = resolve));
    const second = acquireImportLock(db.stores.importLocks, "ws", {
      pollMs: 5,
      onWait: (m) => {
        messages.push(m);
        told();
      },
    });
    await waiting;
    const audit = waitForImports(db.stores.importLocks, "ws", { pollMs: 5 });
    db.sqlite.prepare(`DELETE FROM import_locks`).run(); // the first import finishes
    const release = await second;
    expect(messages).toEqual([
      `an import of workspace ws is running since 12:03 (pid ${process.pid} on ${os.hostname()}), waiting…`,
    ]);
    expect(locks()).toEqual([{ workspaceId: "ws", pid: process.pid }]);
    await release();
    await audit;
    expect(locks()).toEqual([]);
  });

  it("takes over the row of a process that is gone", async () => {
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    holdLock(dead);
    const messages: string[] = [];
    const release = await acquireImportLock(db.stores.importLocks, "ws", { onWait: (m) => messages.push(m) });
    expect(messages).toEqual([]);
    expect(locks()).toEqual([{ workspaceId: "ws", pid: process.pid }]);
    await release();
  });

  it("runs two imports of one workspace one after the other, both complete", async () => {
    const contacts = [CONTACTS_HEADER, "c1,Ann,ann@example.com,,u1,2026-01-01,2026-01-01"].join("\n");
    const dir = writeBundle({ "users.csv": USERS, "contacts.csv": contacts });
    const messages: string[] = [];
    const [a, b] = await Promise.all([
      importBundle(db.stores, "ws", dir, { onWait: (m) => messages.push(m) }),
      importBundle(db.stores, "ws", dir, { onWait: (m) => messages.push(m) }),
    ]);
    expect([a.ok, b.ok]).toEqual([true, true]);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^an import of workspace ws is running since \d\d:\d\d/);
    expect(db.sqlite.prepare(`SELECT count(*) FROM import_log`).pluck().get()).toBe(2);
  });
});
