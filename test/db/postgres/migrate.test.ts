import crypto from "node:crypto";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyPostgresMigrations, POSTGRES_MIGRATIONS_DIR } from "../../../src/db/postgres/migrate.js";
import { openSyncPg } from "../../../src/db/postgres/sync-client.js";
import { createTestDatabase, noPostgres, type TestPostgres } from "../../helpers/postgres.js";
import { tempDir } from "../../helpers/tmp.js";

const BIN = path.resolve(import.meta.dirname, "../../../bin/crm-audit.js");
const servers: TestPostgres[] = [];
afterAll(async () => {
  for (const s of servers) await s.drop();
});

describe.skipIf(noPostgres)("PostgreSQL migrations", () => {
  it("create every table once, record Prisma's checksums, and satisfy `prisma migrate status`", async () => {
    const server = await createTestDatabase("migrate");
    servers.push(server);
    const pg = openSyncPg(server.url);
    try {
      const first = applyPostgresMigrations(pg);
      expect(first.applied.length).toBeGreaterThan(0);
      const tables = pg
        .query<{ name: string }>(
          `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`,
        )
        .map((r) => r.name);
      for (const t of ["contacts", "deals", "tasks", "activities", "audit_runs", "chat_tenants", "import_locks"])
        expect(tables).toContain(t);

      const second = applyPostgresMigrations(pg);
      expect(second).toEqual({ applied: [], alreadyApplied: first.applied.length });

      const name = first.applied[0]!;
      const sql = fs.readFileSync(path.join(POSTGRES_MIGRATIONS_DIR, name, "migration.sql"), "utf8");
      const [row] = pg.query<{ checksum: string }>(
        `SELECT checksum FROM _prisma_migrations WHERE migration_name = $1`,
        [name],
      );
      expect(row!.checksum).toBe(crypto.createHash("sha256").update(sql).digest("hex"));
    } finally {
      pg.close();
    }
    // Prisma's own view of the same database (through the name-type shim of prisma.postgres.config.ts).
    const status = execFileSync("npx", ["prisma", "migrate", "status", "--config", "prisma.postgres.config.ts"], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: server.url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    expect(status).toContain("Database schema is up to date!");
  });

  it("let two `crm-audit db migrate` started at once migrate once between them", async () => {
    const server = await createTestDatabase("migrate_race");
    servers.push(server);
    const migrate = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, "db", "migrate"], {
          env: { ...process.env, DATABASE_URL: server.url, CONSOLE: "off" },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr.on("data", (d: Buffer) => (out += d.toString()));
        child.on("error", reject);
        child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${out}`))));
      });
    const outputs = await Promise.all([migrate(), migrate()]);
    // One applied everything, the other waited for it and found it done.
    expect(outputs.filter((o) => o.startsWith("applied ")).length).toBe(1);
    expect(outputs.filter((o) => /is up to date \(\d+ migrations\)/.test(o)).length).toBe(1);
    const pg = openSyncPg(server.url);
    try {
      const [{ n }] = pg.query<{ n: number }>(`SELECT count(*) AS n FROM _prisma_migrations`) as [{ n: number }];
      expect(n).toBe(
        fs.readdirSync(POSTGRES_MIGRATIONS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).length,
      );
    } finally {
      pg.close();
    }
  });

  it("refuses to run when an applied migration was edited", async () => {
    const server = await createTestDatabase("migrate_edit");
    servers.push(server);
    const dir = tempDir("pg-migrate-edit");
    fs.mkdirSync(path.join(dir, "001_a"));
    fs.writeFileSync(path.join(dir, "001_a", "migration.sql"), "CREATE TABLE a (x INTEGER);");
    const pg = openSyncPg(server.url);
    try {
      applyPostgresMigrations(pg, dir);
      fs.writeFileSync(path.join(dir, "001_a", "migration.sql"), "CREATE TABLE a (y INTEGER);");
      expect(() => applyPostgresMigrations(pg, dir)).toThrow(/checksum mismatch/);
    } finally {
      pg.close();
    }
  });
});
