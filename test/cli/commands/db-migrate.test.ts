/** `crm-audit db migrate` as an operator runs it: a real process, a real SQLite file. */
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";

describe("crm-audit db migrate", () => {
  it("applies the migrations once, then says the database is up to date", () => {
    const dbFile = path.join(tempDir("cli-migrate"), "crm.db");
    const first = runCli(["db", "migrate"], dbFile);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^applied \d{14}_init, /);
    const again = runCli(["db", "migrate"], dbFile);
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toMatch(
      new RegExp(`^${dbFile.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is up to date \\(\\d+ migrations\\)$`),
    );
  });

  it("names the locked database in one line, not a stack, when another writer holds it", () => {
    const dbFile = path.join(tempDir("cli-migrate-busy"), "crm.db");
    const holder = new Database(dbFile);
    holder.pragma("journal_mode = WAL");
    holder.exec("CREATE TABLE unrelated (x)");
    holder.exec("BEGIN IMMEDIATE");
    try {
      const { code, stderr } = runCli(["db", "migrate"], dbFile);
      expect(code).toBe(2);
      expect(stderr.trim().split("\n")).toEqual([
        `error: migrating: the database ${dbFile} is locked by another writer (an import, an audit or the bot); gave up after waiting 5 s, try again when it is done`,
      ]);
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
    // Nothing was half-applied: once the lock is gone the migration runs in full.
    expect(runCli(["db", "migrate"], dbFile).stdout).toMatch(/^applied \d{14}_init, /);
  });
});
