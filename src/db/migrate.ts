/**
 * Applies the committed Prisma migrations (prisma/migrations/<name>/migration.sql) in order.
 *
 * Why not shell out to `prisma migrate deploy`: starting the Prisma CLI and its WASM engine
 * costs seconds on every start. This does the same work in milliseconds and records each
 * migration in Prisma's own `_prisma_migrations` table with Prisma's checksum (SHA-256 of
 * the file), so `prisma migrate status` and `prisma migrate deploy` agree with it.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SqliteDatabase } from "./database.js";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

export interface PendingMigration {
  name: string;
  sql: string;
  /** Prisma's checksum: SHA-256 of the file. */
  checksum: string;
}

/**
 * The migrations of `dir` not yet recorded in `done` (name → checksum), in order, for either
 * provider; a recorded migration whose file changed since stops everything.
 */
export function pendingMigrations(
  dir: string,
  done: ReadonlyMap<string, string>,
): { pending: PendingMigration[]; total: number } {
  const names = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const pending: PendingMigration[] = [];
  for (const name of names) {
    const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
    const checksum = crypto.createHash("sha256").update(sql).digest("hex");
    const recorded = done.get(name);
    if (recorded === undefined) pending.push({ name, sql, checksum });
    else if (recorded !== checksum) {
      throw new Error(`migration ${name} was changed after it was applied (checksum mismatch)`);
    }
  }
  return { pending, total: names.length };
}

export function applyMigrations(sqlite: SqliteDatabase, dir = MIGRATIONS_DIR): MigrationResult {
  sqlite.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "checksum" TEXT NOT NULL,
    "finished_at" DATETIME,
    "migration_name" TEXT NOT NULL,
    "logs" TEXT,
    "rolled_back_at" DATETIME,
    "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
  )`);
  const done = new Map(
    sqlite
      .prepare(
        `SELECT migration_name AS name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      )
      .all()
      .map((row) => {
        const r = row as { name: string; checksum: string };
        return [r.name, r.checksum] as const;
      }),
  );
  const { pending, total } = pendingMigrations(dir, done);
  const applied: string[] = [];
  for (const { name, sql, checksum } of pending) {
    const now = Date.now();
    sqlite.transaction(() => {
      sqlite.exec(sql);
      sqlite
        .prepare(
          `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`,
        )
        .run(crypto.randomUUID(), checksum, now, name, now);
    })();
    applied.push(name);
  }
  return { applied, alreadyApplied: total - applied.length };
}
