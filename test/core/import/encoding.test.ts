/**
 * Input that is not UTF-8: refused with file, line and byte offset (never imported as U+FFFD),
 * readable with an explicit encoding, and byte-order marks honoured.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatImportIssue, importBundle } from "../../../src/core/import/index.js";
import type { Database } from "../../../src/db/database.js";
import { freshDatabase } from "../../helpers/db.js";
import { writeBundle } from "./bundle.js";

let db: Database;
beforeEach(() => {
  db = freshDatabase("import-encoding");
});
afterEach(async () => {
  await db.close();
});

const HEADER = "id,first_name,created_at,updated_at\n";
const UTF8 = `${HEADER}c1,Jose,2026-01-01,2026-01-01\nc2,Zoe,2026-01-01,2026-01-01\n`;
const TEXT = `${HEADER}c1,José,2026-01-01,2026-01-01\nc2,Zoë €,2026-01-01,2026-01-01\n`;
const names = () => db.sqlite.prepare(`SELECT firstName FROM contacts ORDER BY id`).pluck().all();
const HINT = "if the file is in another encoding, import it with --encoding latin1|windows-1252|utf-16le";

describe("encodings", () => {
  it("refuses Latin-1 text read as UTF-8 with line and byte offset, and keeps the stored names", async () => {
    expect((await importBundle(db.stores, "ws", writeBundle({ "contacts.csv": UTF8 }))).ok).toBe(true);
    const latin1 = Buffer.from(`${HEADER}c1,José,2026-01-01,2026-01-01\n`, "latin1");
    const report = await importBundle(db.stores, "ws", writeBundle({ "contacts.csv": latin1 }));
    expect(report.ok).toBe(false);
    const offset = latin1.indexOf(0xe9);
    expect(report.issues.map(formatImportIssue)).toEqual([
      `contacts.csv:2: not valid UTF-8: byte 0xE9 at byte offset ${offset} (reads "José" in Latin-1); ${HINT}`,
    ]);
    expect(names()).toEqual(["Jose", "Zoe"]);
  });

  it("reads latin1 and windows-1252 when asked", async () => {
    const bytes = Buffer.from(TEXT.replace(" €", ""), "latin1");
    const report = await importBundle(db.stores, "ws", writeBundle({ "contacts.csv": bytes }), { encoding: "latin1" });
    expect(report.issues).toEqual([]);
    expect(names()).toEqual(["José", "Zoë"]);
    // 0x80 is the euro sign in windows-1252.
    const cp1252 = Buffer.concat([
      Buffer.from(TEXT.slice(0, TEXT.indexOf("€")), "latin1"),
      Buffer.from([0x80]),
      Buffer.from(TEXT.slice(TEXT.indexOf("€") + 1), "latin1"),
    ]);
    await importBundle(db.stores, "ws", writeBundle({ "contacts.csv": cp1252 }), { encoding: "windows-1252" });
    expect(names()).toEqual(["José", "Zoë €"]);
  });

  it.each([
    ["UTF-8 with a BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)])],
    ["UTF-16LE with a BOM", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, "utf16le")])],
    ["UTF-16BE with a BOM", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(TEXT, "utf16le").swap16()])],
  ])("reads %s without being told", async (_label, bytes) => {
    const report = await importBundle(db.stores, "ws", writeBundle({ "contacts.csv": bytes }));
    expect(report.issues).toEqual([]);
    expect(names()).toEqual(["José", "Zoë €"]);
  });

  it("says UTF-16 without a BOM is UTF-16, and reads it with --encoding utf-16le", async () => {
    const dir = writeBundle({ "contacts.csv": Buffer.from(TEXT, "utf16le") });
    const report = await importBundle(db.stores, "ws", dir);
    expect(report.issues.map(formatImportIssue)).toEqual([
      "contacts.csv:1: the file looks like UTF-16LE text without a byte-order mark: import it with --encoding utf-16le, or save it as UTF-8",
    ]);
    expect((await importBundle(db.stores, "ws", dir, { encoding: "utf-16le" })).issues).toEqual([]);
    expect(names()).toEqual(["José", "Zoë €"]);
  });

  it("says a binary file is not text, for CSV and JSON alike", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const report = await importBundle(db.stores, "ws", writeBundle({ "contacts.csv": png, "users.json": png }));
    expect(report.issues.map(formatImportIssue)).toEqual([
      "users.json:1: the file is not a text file (control byte 0x1A at byte offset 6): expected CSV or JSON text",
      "contacts.csv:1: the file is not a text file (control byte 0x1A at byte offset 6): expected CSV or JSON text",
    ]);
  });

  it("refuses Latin-1 JSON", async () => {
    const json = Buffer.from(`[\n{"id":"u1","name":"José","email":"j@example.com"}\n]`, "latin1");
    const report = await importBundle(db.stores, "ws", writeBundle({ "users.json": json }));
    expect(report.issues.map(formatImportIssue)).toEqual([
      `users.json:2: not valid UTF-8: byte 0xE9 at byte offset ${json.indexOf(0xe9)} (reads "José" in Latin-1); ${HINT}`,
    ]);
  });

  it("finds a bad byte past the first megabyte, and keeps characters split across reads", async () => {
    const rows = [HEADER];
    let size = HEADER.length;
    let line = 1;
    // Pad so that the 2-byte "é" of row c-split straddles the 1 MiB read boundary.
    while (size < (1 << 20) - 200) {
      const row = `p${line},Pad,2026-01-01,2026-01-01\n`;
      rows.push(row);
      size += row.length;
      line++;
    }
    const prefix = `s${line},`;
    const pad = "x".repeat((1 << 20) - size - prefix.length - 1);
    rows.push(`${prefix}${pad}é,2026-01-01,2026-01-01\n`);
    const good = Buffer.from(rows.join(""));
    expect(good[(1 << 20) - 1]).toBe(0xc3);
    const report = await importBundle(db.stores, "ws", writeBundle({ "contacts.csv": good }));
    expect(report.issues).toEqual([]);
    expect(db.sqlite.prepare(`SELECT firstName FROM contacts WHERE id = ?`).pluck().get(`s${line}`)).toBe(`${pad}é`);

    const bad = Buffer.concat([
      good,
      Buffer.from("c9,Ren", "latin1"),
      Buffer.from([0xe9]),
      Buffer.from(",2026-01-01,2026-01-01\n"),
    ]);
    const failed = await importBundle(db.stores, "ws", writeBundle({ "contacts.csv": bad }));
    expect(failed.issues.map(formatImportIssue)).toEqual([
      `contacts.csv:${line + 2}: not valid UTF-8: byte 0xE9 at byte offset ${good.length + 6} (reads "René" in Latin-1); ${HINT}`,
    ]);
  });
});
