/**
 * The normalised blocking fields stored at import (src/core/duplicates/stored-keys.ts), on
 * SQLite and PostgreSQL: both import writers store each key as its function gives it for the
 * source value, and duplicate detection finds the same groups, with the same evidence, from
 * stored keys and from records stored before the keys existed (the columns null).
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuditService } from "../../../src/core/audit/service.js";
import { STORED_KEYS, storedKeysFor } from "../../../src/core/duplicates/stored-keys.js";
import { importBundle } from "../../../src/core/import/import-bundle.js";
import { DEFAULT_SAMPLE_AS_OF, writeSampleBundle } from "../../../src/core/sample/bundle.js";
import type { Database } from "../../../src/db/database.js";
import type { PostgresDatabase } from "../../../src/db/postgres/database.js";
import { freshDatabase } from "../../helpers/db.js";
import { freshPostgres, noPostgres } from "../../helpers/postgres.js";
import { tempDir } from "../../helpers/tmp.js";

const ASOF = DEFAULT_SAMPLE_AS_OF.getTime();
const DUPLICATE_CHECKS = ["contact.duplicate", "company.duplicate"];

type AnyDatabase = Pick<Database | PostgresDatabase, "sql" | "stores">;

async function duplicateFindings(db: AnyDatabase) {
  // A first run after an import: the cache of an earlier run must not answer.
  db.sql.run(`DELETE FROM "check_outcome_cache"`);
  const service = createAuditService(db.stores, {});
  try {
    const run = await service.run({ workspaceId: "acme", asOf: ASOF, trigger: "test", select: DUPLICATE_CHECKS });
    return run.findings
      .filter((f) => DUPLICATE_CHECKS.includes(f.checkId))
      .map((f) => ({ checkId: f.checkId, affected: f.affected, details: f.details }));
  } finally {
    await service.close();
  }
}

/** Every stored key of the workspace equals its function applied to the stored source value. */
function expectKeysOfSources(db: AnyDatabase) {
  for (const entity of ["contacts", "companies"] as const) {
    const keys = Object.entries(STORED_KEYS[entity]) as [
      string,
      readonly [string, (raw: string | null | undefined) => string],
    ][];
    const rows = db.sql.all<Record<string, string | null>>(
      `SELECT ${keys.map(([source, [column]]) => `"${source}", "${column}"`).join(", ")} FROM "${entity}" WHERE "workspaceId" = ?`,
      ["acme"],
    );
    expect(rows.length).toBeGreaterThan(0);
    let computed = 0;
    for (const row of rows) {
      for (const [source, [column, compute]] of keys) {
        const raw = row[source];
        expect(row[column], `${entity}.${column} of ${JSON.stringify(raw)}`).toBe(raw ? compute(raw) : null);
        if (raw) computed++;
      }
    }
    // Each record has at least one source value, so at least one key was computed per row.
    expect(computed).toBeGreaterThanOrEqual(rows.length);
  }
}

function forgetKeys(db: AnyDatabase, where: string) {
  const contactKeys = Object.values(STORED_KEYS.contacts).map(([column]) => `"${column}" = NULL`);
  db.sql.run(`UPDATE "contacts" SET ${contactKeys.join(", ")} WHERE ${where}`);
  db.sql.run(`UPDATE "companies" SET "nameKey" = NULL WHERE ${where}`);
}

const providers: { name: string; skip: boolean; open: () => Promise<{ db: AnyDatabase; close(): Promise<void> }> }[] = [
  {
    name: "SQLite",
    skip: false,
    open: async () => {
      const db = freshDatabase("stored-keys");
      return { db, close: () => db.close() };
    },
  },
  {
    name: "PostgreSQL",
    skip: noPostgres,
    open: async () => {
      const pg = await freshPostgres("stored_keys");
      return { db: pg.db, close: () => pg.drop() };
    },
  },
];

describe("stored blocking keys", () => {
  let bundle: string;
  beforeAll(async () => {
    bundle = path.join(tempDir("stored-keys-bundle"), "bundle");
    await writeSampleBundle(bundle, { contacts: 600, seed: 11 });
  });

  for (const provider of providers) {
    describe.skipIf(provider.skip)(provider.name, () => {
      let opened: Awaited<ReturnType<(typeof provider)["open"]>>;
      beforeAll(async () => {
        opened = await provider.open();
        const report = await importBundle(opened.db.stores, "acme", bundle);
        expect(report.ok).toBe(true);
      });
      afterAll(async () => opened?.close());

      it("stores each key as computed from its source column", () => {
        expectKeysOfSources(opened.db);
      });

      it("finds the same groups from stored keys as from records without them", async () => {
        const stored = await duplicateFindings(opened.db);
        const groups = stored.flatMap((f) => f.affected as string[][]);
        expect(groups.length).toBeGreaterThan(5);
        // Half the records as if stored before the key columns existed, then all of them.
        forgetKeys(opened.db, `"id" LIKE '%1' OR "id" LIKE '%3' OR "id" LIKE '%5' OR "id" LIKE '%7' OR "id" LIKE '%9'`);
        expect(await duplicateFindings(opened.db)).toEqual(stored);
        forgetKeys(opened.db, "1 = 1");
        expect(await duplicateFindings(opened.db)).toEqual(stored);
      });
    });
  }

  it("an import writes only the keys of the source columns its file has", () => {
    expect(storedKeysFor("contacts", ["id", "first_name", "email", "city"]).map((k) => k.column)).toEqual([
      "firstNameKey",
      "emailKey",
    ]);
    expect(storedKeysFor("companies", ["id", "name", "phone"]).map((k) => k.column)).toEqual(["nameKey"]);
    expect(storedKeysFor("deals", ["id", "name"])).toEqual([]);
  });
});
