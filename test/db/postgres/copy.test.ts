/**
 * The PostgreSQL import streams staged rows with COPY (src/db/postgres/copy-text.ts,
 * SyncPg.copyFrom/copyFromAhead): any value must come back exactly as it went in, and a COPY
 * that fails must fail its transaction, so an import writes all or nothing.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { importBundle } from "../../../src/core/import/import-bundle.js";
import { copyTextRow, copyTextValue } from "../../../src/db/postgres/copy-text.js";
import { openSyncPg } from "../../../src/db/postgres/sync-client.js";
import { createTestDatabase, freshPostgres, noPostgres, type TestPostgres } from "../../helpers/postgres.js";
import { tempDir } from "../../helpers/tmp.js";

/** Values COPY's text format reads specially, and values that only look special. */
const HOSTILE: (string | null)[] = [
  null,
  "",
  " ",
  "\\N",
  "\\",
  "\\\\",
  "a\tb",
  "line1\nline2",
  "cr\r\nlf",
  "\\.",
  "\\.\n",
  "end\\",
  "\\t literally",
  `"quoted", 'single'`,
  ",;|",
  "Zoë Ångström — Ωμέγα, Дмитрий, 山田太郎, مرحبا",
  "emoji 🙂👩🏽‍💻",
  "\u202e\u200b zero-width and bidi",
  "\x01\x07\x08\x0b\x0c\x1b\x7f",
  "x".repeat(10_000),
];

describe("COPY text format", () => {
  it("escapes exactly backslash, tab, newline and carriage return, and spells NULL \\N", () => {
    expect(copyTextValue(null)).toBe("\\N");
    expect(copyTextValue("")).toBe("");
    expect(copyTextValue("\\N")).toBe("\\\\N");
    expect(copyTextValue("a\tb\nc\rd\\e")).toBe("a\\tb\\nc\\rd\\\\e");
    expect(copyTextValue(`"'é🙂`)).toBe(`"'é🙂`);
    expect(copyTextRow(["a", null, ""])).toBe("a\t\\N\t\n");
  });
});

const servers: TestPostgres[] = [];
afterAll(async () => {
  for (const s of servers) await s.drop();
});

describe.skipIf(noPostgres)("COPY on PostgreSQL", () => {
  it("round-trips hostile values through COPY, NULL and the empty string kept apart", async () => {
    const server = await createTestDatabase("copy_roundtrip");
    servers.push(server);
    const pg = openSyncPg(server.url);
    try {
      pg.exec(`CREATE TABLE t ("n" integer NOT NULL, "a" text, "b" text)`);
      // Each value alone, and beside its neighbour in one row (delimiters must not bleed).
      const rows = HOSTILE.map((v, i) => [String(i), v, HOSTILE[(i + 1) % HOSTILE.length]!]);
      expect(pg.copyFrom(`COPY t ("n", "a", "b") FROM STDIN`, rows.map(copyTextRow).join(""))).toBe(rows.length);
      // The same through copies sent ahead inside a transaction, one row per COPY.
      pg.transaction(() => {
        for (const r of rows)
          pg.copyFromAhead(`COPY t ("n", "a", "b") FROM STDIN`, copyTextRow([`1${r[0]}00`, r[1]!, r[2]!]));
      });
      const back = pg.query<{ n: number; a: string | null; b: string | null }>(
        `SELECT "n", "a", "b" FROM t ORDER BY "n"`,
      );
      const expected = [
        ...rows.map(([n, a, b]) => ({ n: Number(n), a, b })),
        ...rows.map(([n, a, b]) => ({ n: Number(`1${n}00`), a, b })),
      ].sort((x, y) => x.n - y.n);
      expect(back).toEqual(expected);
    } finally {
      pg.close();
    }
  });

  it("a COPY sent ahead that fails fails the transaction's next statement and leaves nothing; the connection goes on", async () => {
    const server = await createTestDatabase("copy_failure");
    servers.push(server);
    const pg = openSyncPg(server.url);
    try {
      pg.exec(`CREATE TABLE t ("n" integer NOT NULL)`);
      expect(() =>
        pg.transaction(() => {
          pg.copyFromAhead(`COPY t ("n") FROM STDIN`, "1\n2\n");
          pg.copyFromAhead(`COPY t ("n") FROM STDIN`, "3\nnot a number\n");
          pg.copyFromAhead(`COPY t ("n") FROM STDIN`, "4\n");
          pg.run(`INSERT INTO t VALUES (5)`);
        }),
      ).toThrow(/invalid input syntax for type integer/);
      expect(pg.query(`SELECT count(*)::int AS n FROM t`)).toEqual([{ n: 0 }]);
      expect(() => pg.copyFromAhead(`COPY t ("n") FROM STDIN`, "1\n")).toThrow(/only inside a transaction/);
      expect(pg.copyFrom(`COPY t ("n") FROM STDIN`, "7\n8\n")).toBe(2);
      expect(pg.query(`SELECT sum("n")::int AS s FROM t`)).toEqual([{ s: 15 }]);
    } finally {
      pg.close();
    }
  });

  it("an import stores hostile field values exactly, and imports of many rows land whole", async () => {
    const { db, drop } = await freshPostgres("copy_import");
    try {
      const bundle = tempDir("copy-import");
      // Values an import keeps as they are (it trims fields and removes bidi overrides).
      const names = HOSTILE.filter(
        (v): v is string => v !== null && !v.includes("\u202e") && v.trim() === v && v !== "",
      );
      const csvCell = (v: string) => `"${v.replace(/"/g, '""')}"`;
      const users = ["id,name,email", ...names.map((n, i) => `u${i},${csvCell(n)},u${i}@example.com`)];
      // Enough rows for several COPY batches (each about 1 MB).
      const filler = Array.from(
        { length: 30_000 },
        (_, i) => `f${i},${csvCell("w".repeat(60) + "\\\t" + i)},f${i}@example.com`,
      );
      fs.writeFileSync(path.join(bundle, "users.csv"), [...users, ...filler].join("\n") + "\n");
      const result = await importBundle(db.stores, "acme", bundle);
      expect(result.issues).toEqual([]);
      const stored = db.sql.all<{ id: string; name: string }>(
        `SELECT "id", "name" FROM "crm_users" WHERE "workspaceId" = ? AND "id" LIKE 'u%' ORDER BY "id"`,
        ["acme"],
      );
      const byId = new Map(stored.map((r) => [r.id, r.name]));
      expect(names.map((_, i) => byId.get(`u${i}`))).toEqual(names);
      const [count] = db.sql.all<{ n: number }>(`SELECT COUNT(*) AS n FROM "crm_users" WHERE "workspaceId" = ?`, [
        "acme",
      ]);
      expect(count!.n).toBe(names.length + filler.length);
      const [last] = db.sql.all<{ name: string }>(
        `SELECT "name" FROM "crm_users" WHERE "workspaceId" = ? AND "id" = 'f29999'`,
        ["acme"],
      );
      expect(last!.name).toBe("w".repeat(60) + "\\\t29999");
    } finally {
      await drop();
    }
  });
});
