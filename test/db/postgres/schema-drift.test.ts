import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain-JS script without type declarations
import { diffScript, POSTGRES_SCHEMA_DIR, stale } from "../../../scripts/prisma-postgres.mjs";
import { applyPostgresMigrations } from "../../../src/db/postgres/migrate.js";
import { openSyncPg, type SyncPg } from "../../../src/db/postgres/sync-client.js";
import { createTestDatabase, noPostgres, type TestPostgres } from "../../helpers/postgres.js";

/** Tables, columns, indexes and constraints, in a form that ignores how the SQL was written. */
function describeSchema(pg: SyncPg): unknown {
  const columns = pg.query(
    `SELECT table_name, column_name, data_type, is_nullable, column_default, numeric_precision, datetime_precision
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
      ORDER BY table_name, column_name`,
  );
  const indexes = pg.query(
    `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
      ORDER BY tablename, indexname`,
  );
  const constraints = pg.query(
    `SELECT conrelid::regclass::text AS "table", conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'
      ORDER BY 1, 2`,
  );
  return { columns, indexes, constraints };
}

const servers: TestPostgres[] = [];
afterAll(async () => {
  for (const s of servers) await s.drop();
});

describe("the PostgreSQL schema", () => {
  it("is derived from prisma/schema as committed (run `node scripts/prisma-postgres.mjs`)", () => {
    expect(stale()).toEqual([]);
  });

  it.skipIf(noPostgres)("is exactly what prisma/migrations-postgres produce (no drift)", async () => {
    const fromSchema = await createTestDatabase("drift_schema");
    const fromMigrations = await createTestDatabase("drift_migrations");
    servers.push(fromSchema, fromMigrations);
    process.env.POSTGRES_DIFF_URL = fromSchema.url;
    const sql = (diffScript as (from: string | null, to: string) => string)(null, POSTGRES_SCHEMA_DIR as string);
    expect(sql).toContain("CREATE TABLE");
    const a = openSyncPg(fromSchema.url);
    const b = openSyncPg(fromMigrations.url);
    try {
      a.exec(sql);
      applyPostgresMigrations(b);
      expect(describeSchema(b)).toEqual(describeSchema(a));
    } finally {
      a.close();
      b.close();
    }
  });
});
