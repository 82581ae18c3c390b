/**
 * Applies prisma/migrations-postgres/<name>/migration.sql in order to a PostgreSQL database,
 * recording each in Prisma's own `_prisma_migrations` table with Prisma's checksum, as
 * src/db/migrate.ts does for SQLite: `prisma migrate status --config prisma.postgres.config.ts`
 * agrees with it. Several instances may start at once: a session advisory lock lets one
 * migrate while the others wait, then find nothing left to do. Each migration commits on its
 * own (PostgreSQL's DDL is transactional, so a failed one leaves nothing half-applied).
 */
import crypto from "node:crypto";
import { fileURLToPath } from "node:url";
import { pendingMigrations, type MigrationResult } from "../migrate.js";
import type { SyncPg } from "./sync-client.js";

export const POSTGRES_MIGRATIONS_DIR = fileURLToPath(new URL("../../../prisma/migrations-postgres", import.meta.url));

/** Advisory-lock key of the migration step: any constant shared by every instance. */
const MIGRATE_LOCK = 0x63726d01;

export function applyPostgresMigrations(pg: SyncPg, dir = POSTGRES_MIGRATIONS_DIR): MigrationResult {
  pg.query(`SELECT pg_advisory_lock($1)`, [MIGRATE_LOCK]);
  try {
    // Prisma's own definition of the table (what `prisma migrate deploy` creates).
    pg.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const done = new Map(
      pg
        .query<{ name: string; checksum: string }>(
          `SELECT "migration_name" AS name, "checksum" FROM "_prisma_migrations"
            WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`,
        )
        .map((r) => [r.name, r.checksum] as const),
    );
    const { pending, total } = pendingMigrations(dir, done);
    const applied: string[] = [];
    for (const { name, sql, checksum } of pending) {
      pg.transaction(() => {
        pg.exec(sql);
        pg.query(
          `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "started_at", "applied_steps_count")
           VALUES ($1, $2, now(), $3, now(), 1)`,
          [crypto.randomUUID(), checksum, name],
        );
      });
      applied.push(name);
    }
    return { applied, alreadyApplied: total - applied.length };
  } finally {
    pg.query(`SELECT pg_advisory_unlock($1)`, [MIGRATE_LOCK]);
  }
}
