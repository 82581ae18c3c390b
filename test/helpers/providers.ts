/**
 * End-to-end tests run once per storage provider (docs/storage.md, "Tests"):
 * `describeEachProvider("…", (provider) => …)` with `migratedDatabase(provider, label)` in its
 * beforeAll. PostgreSQL gets a fresh database per call on the test server
 * (test/helpers/postgres.ts); without a server its cases are skipped (`skipProvider`), except
 * under CI=true, where a missing server fails the run.
 */
import { describe } from "vitest";
import type { AnyDatabase } from "../../src/db/database.js";
import { freshDatabase } from "./db.js";
import { freshPostgres, noPostgres } from "./postgres.js";

export type Provider = "sqlite" | "postgres";
export const PROVIDERS: readonly Provider[] = ["sqlite", "postgres"];

/** Whether `provider`'s cases must be skipped here (PostgreSQL without a server, outside CI). */
export const skipProvider = (provider: Provider): boolean => provider === "postgres" && noPostgres;

/** `body`'s tests once per provider, named "<name> on <provider>", one provider after the other. */
export function describeEachProvider(name: string, body: (provider: Provider) => void): void {
  for (const provider of PROVIDERS)
    describe.skipIf(skipProvider(provider))(`${name} on ${provider}`, () => body(provider));
}

export interface TestDatabase {
  db: AnyDatabase;
  /** Closes the database (and drops it on PostgreSQL). */
  close(): Promise<void>;
}

/** A migrated database of `provider`, as the app has it after start-up. */
export async function migratedDatabase(provider: Provider, label: string): Promise<TestDatabase> {
  if (provider === "sqlite") {
    const db = freshDatabase(label);
    return { db, close: () => db.close() };
  }
  const { db, drop } = await freshPostgres(label.replace(/-/g, "_"));
  return { db, close: drop };
}
