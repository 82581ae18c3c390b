/**
 * PostgreSQL for tests: a fresh database per test file on the server at TEST_POSTGRES_URL
 * (default: the local trust-auth server on 127.0.0.1:5432, as .ci/run sets it up), dropped at
 * the end. Without a reachable server the PostgreSQL tests are skipped with a message, except
 * under CI=true, where they must run (docs/storage.md, "Tests").
 */
import crypto from "node:crypto";
import pg from "pg";
import { openPostgresDatabase, type PostgresDatabase } from "../../src/db/postgres/database.js";

export const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
/** Prefix of the databases tests create, so a shared server's other databases are never touched. */
const PREFIX = process.env.TEST_POSTGRES_DB_PREFIX ?? "crm_audit_test_";

async function reachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return String((error as Error).message ?? error);
  } finally {
    await client.end().catch(() => {});
  }
}

const problem = await reachable();
if (problem && process.env.CI === "true") {
  throw new Error(`CI=true requires PostgreSQL at ${ADMIN_URL.replace(/:[^:@/]*@/, "@")}: ${problem}`);
}
if (problem) {
  console.warn(`PostgreSQL tests skipped: no server at ${ADMIN_URL.replace(/:[^:@/]*@/, "@")} (${problem})`);
}

/** True when the PostgreSQL tests must be skipped (no server, not in CI). */
export const noPostgres = problem !== null;

/** The URL of `database` on the test server. */
function urlOf(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestPostgres {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the test server. */
export async function createTestDatabase(label: string): Promise<TestPostgres> {
  const name = `${PREFIX}${label.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}_${crypto.randomBytes(4).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  return {
    url: urlOf(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** A migrated PostgreSQL database, as the app would have it after start-up, and a way to drop it. */
export async function freshPostgres(label: string): Promise<{ db: PostgresDatabase; drop(): Promise<void> }> {
  const server = await createTestDatabase(label);
  const db = openPostgresDatabase(server.url);
  db.migrate();
  return {
    db,
    async drop() {
      await db.close();
      await server.drop();
    },
  };
}
