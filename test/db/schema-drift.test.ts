import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openSqlite, type SqliteDatabase } from "../../src/db/database.js";
import { applyMigrations } from "../../src/db/migrate.js";
import { tempDir } from "../helpers/tmp.js";

/** Columns and indexes of every app table, in a form that ignores how the SQL was written. */
function describeSchema(sqlite: SqliteDatabase): unknown {
  const tables = sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name",
    )
    .all() as { name: string }[];
  return tables.map(({ name }) => ({
    name,
    // Column order is ignored: ALTER TABLE appends, a fresh CREATE TABLE follows the schema.
    columns: (sqlite.pragma(`table_info("${name}")`) as { cid: number; name: string }[])
      .map(({ cid: _cid, ...column }) => column)
      .sort((a, b) => a.name.localeCompare(b.name)),
    indexes: (sqlite.pragma(`index_list("${name}")`) as { name: string; unique: number }[])
      .map((index) => ({
        unique: index.unique,
        columns: (sqlite.pragma(`index_info("${index.name}")`) as { name: string; seqno: number }[]).map(
          ({ name, seqno }) => ({ name, seqno }),
        ),
      }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    foreignKeys: sqlite.pragma(`foreign_key_list("${name}")`),
  }));
}

describe("committed migrations", () => {
  it("produce exactly the schema that prisma/schema describes (no drift)", () => {
    const dir = tempDir("drift");
    const fromSchemaSql = execFileSync(
      "npx",
      ["prisma", "migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema", "--script"],
      {
        encoding: "utf8",
        env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "cli.db")}` },
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    expect(fromSchemaSql).toContain("CREATE TABLE");

    const fromSchema = openSqlite(path.join(dir, "from-schema.db"));
    fromSchema.exec(fromSchemaSql);
    const fromMigrations = openSqlite(path.join(dir, "from-migrations.db"));
    applyMigrations(fromMigrations);

    expect(describeSchema(fromMigrations)).toEqual(describeSchema(fromSchema));
    fromSchema.close();
    fromMigrations.close();
  });
});
