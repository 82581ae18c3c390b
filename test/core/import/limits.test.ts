/**
 * Limits on single values: non-finite numbers, dates outside the accepted window, over-long
 * fields, and hidden control characters, each reported as `file:line: column: message`.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatImportIssue, formatImportReport, importBundle } from "../../../src/core/import/index.js";
import type { Database } from "../../../src/db/database.js";
import { freshDatabase } from "../../helpers/db.js";
import { USERS, writeBundle } from "./bundle.js";

let db: Database;
beforeEach(() => {
  db = freshDatabase("import-limits");
});
afterEach(async () => {
  await db.close();
});

const count = (table: string) => db.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const DEALS = "id,name,stage,status,amount,created_at,updated_at";

describe("numbers", () => {
  it("rejects numbers that overflow to ±Infinity, like the word Infinity", async () => {
    const dir = writeBundle({
      "deals.csv": [
        DEALS,
        "d1,A,new,open,1e309,2026-01-01,2026-01-01",
        "d2,B,new,open,-1e309,2026-01-01,2026-01-01",
        "d3,C,new,open,Infinity,2026-01-01,2026-01-01",
        "d4,D,new,open,1e308,2026-01-01,2026-01-01",
      ].join("\n"),
    });
    const report = await importBundle(db.stores, "ws", dir);
    expect(report.issues.map(formatImportIssue)).toEqual([
      'deals.csv:2: amount: "1e309" is too large to store as a number',
      'deals.csv:3: amount: "-1e309" is too large to store as a number',
      'deals.csv:4: amount: "Infinity" is not a number',
    ]);
    expect(count("deals")).toBe(0);
  });

  it("rejects whole numbers beyond the exact range", async () => {
    const dir = writeBundle({
      "customer_feedback.csv": "id,score,scale,submitted_at\nf1,99999999999999999999,nps10,2026-01-01\n",
    });
    const report = await importBundle(db.stores, "ws", dir);
    expect(report.issues.map(formatImportIssue)).toEqual([
      'customer_feedback.csv:2: score: "99999999999999999999" is too large to store as a whole number',
    ]);
  });
});

describe("dates", () => {
  const contacts = (created: string) =>
    writeBundle({ "contacts.csv": `id,created_at,updated_at\nc1,${created},2026-01-01\n` });

  it.each(["9999-12-31", "0000-01-01", "1899-12-31T23:59:59Z", "2200-01-01T00:00:01Z"])(
    "rejects %s, outside the default window",
    async (date) => {
      const report = await importBundle(db.stores, "ws", contacts(date));
      expect(report.issues.map(formatImportIssue)).toEqual([
        `contacts.csv:2: created_at: "${date}" is outside the accepted dates 1900-01-01..2200-01-01 (--date-window)`,
      ]);
      expect(count("contacts")).toBe(0);
    },
  );

  it("accepts the window's edges, and a window of the caller's choice", async () => {
    expect((await importBundle(db.stores, "ws", contacts("1900-01-01"))).issues).toEqual([]);
    expect((await importBundle(db.stores, "ws", contacts("2200-01-01T00:00Z"))).issues).toEqual([]);
    const wide = await importBundle(db.stores, "ws", contacts("0001-01-01"), {
      dateWindow: { from: "0001-01-01", to: "9999-12-31" },
    });
    expect(wide.issues).toEqual([]);
    const narrow = await importBundle(db.stores, "ws", contacts("2020-01-01"), {
      dateWindow: { from: "2021-01-01", to: "2030-01-01" },
    });
    expect(narrow.issues.map(formatImportIssue)).toEqual([
      'contacts.csv:2: created_at: "2020-01-01" is outside the accepted dates 2021-01-01..2030-01-01 (--date-window)',
    ]);
  });
});

describe("field size", () => {
  it("reports a field longer than the limit and writes nothing", async () => {
    const long = "x".repeat(10_001);
    const dir = writeBundle({
      "users.csv": `id,name,email\nu1,${"y".repeat(10_000)},a@example.com\nu2,${long},b@example.com\n`,
    });
    const report = await importBundle(db.stores, "ws", dir);
    expect(report.issues.map(formatImportIssue)).toEqual([
      "users.csv:3: name: is 10,001 characters long; the limit is 10,000 (--max-field-chars)",
    ]);
    expect(count("crm_users")).toBe(0);
    expect(count("workspaces")).toBe(0);
  });

  it("applies to extra columns and JSON values, with a limit of the caller's choice", async () => {
    const csv = writeBundle({ "users.csv": "id,name,email,notes\nu1,Ann,a@b.c,123456\n" });
    const csvReport = await importBundle(db.stores, "ws", csv, { maxFieldChars: 5 });
    expect(csvReport.issues.map(formatImportIssue)).toEqual([
      "users.csv:2: notes: is 6 characters long; the limit is 5 (--max-field-chars)",
    ]);
    const json = writeBundle({ "users.json": JSON.stringify([{ id: "u1", name: "Annabel", email: "a@x.io" }]) });
    const jsonReport = await importBundle(db.stores, "ws", json, { maxFieldChars: 6 });
    expect(jsonReport.issues.map(formatImportIssue)).toEqual([
      "users.json:1: name: is 7 characters long; the limit is 6 (--max-field-chars)",
    ]);
    expect(count("crm_users")).toBe(0);
  });
});

describe("hidden control characters", () => {
  it("removes NUL and bidi overrides from text, keeps the row and warns per cell", async () => {
    const dir = writeBundle({
      "users.csv":
        "id,name,email,notes\n" +
        "u1,Ann\u202Egpj.exe,ann@example.com,\u2066x\u2069\n" +
        "u2,B\0ob,bob@example.com,\n" +
        "u3,Carl\u200F,carl@example.com,\n",
    });
    const report = await importBundle(db.stores, "ws", dir);
    expect(report.issues).toEqual([]);
    expect(report.warnings.map(formatImportIssue)).toEqual([
      "users.csv:2: name: removed 1 hidden control character (U+202E)",
      "users.csv:2: notes: removed 2 hidden control characters (U+2066, U+2069)",
      "users.csv:3: name: removed 1 hidden control character (U+0000)",
    ]);
    const rows = db.sqlite.prepare(`SELECT id, name, extra FROM crm_users ORDER BY id`).all();
    expect(rows).toEqual([
      { id: "u1", name: "Anngpj.exe", extra: JSON.stringify({ notes: "x" }) },
      { id: "u2", name: "Bob", extra: null },
      // U+200F (a right-to-left mark) cannot reorder text: it is kept.
      { id: "u3", name: "Carl\u200F", extra: null },
    ]);
    expect(formatImportReport(report)).toContain("warnings (3):");
  });

  it("cleans ids and references alike, so a row still finds its owner", async () => {
    const dir = writeBundle({
      "users.csv": USERS.replace("u1,", "u\u202D1,"),
      "contacts.csv": "id,owner_id,created_at,updated_at\nc1,u1\0,2026-01-01,2026-01-01\n",
    });
    const report = await importBundle(db.stores, "ws", dir);
    expect(report.issues).toEqual([]);
    expect(db.sqlite.prepare(`SELECT ownerId FROM contacts`).pluck().get()).toBe("u1");
  });
});
