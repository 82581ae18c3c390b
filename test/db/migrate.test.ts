import { describe, expect, it } from "vitest";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { openSqlite } from "../../src/db/database.js";
import { applyMigrations, MIGRATIONS_DIR } from "../../src/db/migrate.js";
import { tempDir } from "../helpers/tmp.js";

describe("applyMigrations", () => {
  it("creates every table once and records Prisma-compatible checksums", () => {
    const sqlite = openSqlite(path.join(tempDir("migrate"), "m.db"));
    const first = applyMigrations(sqlite);
    expect(first.applied.length).toBeGreaterThan(0);
    const tables = sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((r) => (r as { name: string }).name);
    for (const t of ["contacts", "deals", "tasks", "activities", "audit_runs", "chat_tenants"])
      expect(tables).toContain(t);

    const second = applyMigrations(sqlite);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(first.applied.length);

    const name = first.applied[0]!;
    const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8");
    const row = sqlite.prepare("SELECT checksum FROM _prisma_migrations WHERE migration_name = ?").get(name) as {
      checksum: string;
    };
    expect(row.checksum).toBe(crypto.createHash("sha256").update(sql).digest("hex"));
    sqlite.close();
  });

  it("refuses to run when an applied migration was edited", () => {
    const dir = tempDir("migrate-edit");
    fs.mkdirSync(path.join(dir, "001_a"));
    fs.writeFileSync(path.join(dir, "001_a", "migration.sql"), "CREATE TABLE a (x INTEGER);");
    const sqlite = openSqlite(path.join(dir, "m.db"));
    applyMigrations(sqlite, dir);
    fs.writeFileSync(path.join(dir, "001_a", "migration.sql"), "CREATE TABLE a (y INTEGER);");
    expect(() => applyMigrations(sqlite, dir)).toThrow(/checksum mismatch/);
    sqlite.close();
  });
});
