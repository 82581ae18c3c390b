/** File-level failures get one line that says what and where, never a raw error or a crash. */
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatImportIssue, importBundle } from "../../../src/core/import/index.js";
import type { Database } from "../../../src/db/database.js";
import { freshDatabase } from "../../helpers/db.js";
import { writeBundle } from "./bundle.js";

let db: Database;
beforeEach(() => {
  db = freshDatabase("import-file-errors");
});
afterEach(async () => {
  await db.close();
});

describe("file-level errors", () => {
  it("reports JSON nested 10,000 deep at the line where it gets too deep", async () => {
    const deep = "[".repeat(10_000) + "]".repeat(10_000);
    const text = `[\n{"id":"u1","name":"A","email":"a@example.com"},\n{"id":"u2","name":"B","email":"b@example.com",\n"x": ${deep}}\n]`;
    const report = await importBundle(db.stores, "ws", writeBundle({ "users.json": text }));
    expect(report.issues.map(formatImportIssue)).toEqual([
      "users.json:4: values are nested more than 64 levels deep (records are flat objects)",
    ]);
    // Nesting up to the limit is still read (and kept as extra text).
    const ok = `[{"id":"u1","name":"A","email":"a@example.com","x":${"[".repeat(60)}${"]".repeat(60)}}]`;
    expect((await importBundle(db.stores, "ws", writeBundle({ "users.json": ok }))).issues).toEqual([]);
  });

  it("names a symbolic link loop in the folder, or as the source, in words", async () => {
    const dir = writeBundle({ "users.csv": "id,name,email\nu1,Ann,a@example.com\n" });
    fs.symlinkSync("contacts.csv", path.join(dir, "contacts.csv"));
    const report = await importBundle(db.stores, "ws", dir);
    expect(report.issues.map(formatImportIssue)).toEqual(["contacts.csv:1: the file is a loop of symbolic links"]);
    const direct = await importBundle(db.stores, "ws", path.join(dir, "contacts.csv"));
    expect(direct.issues.map(formatImportIssue)).toEqual([
      `${path.join(dir, "contacts.csv")}:1: is a loop of symbolic links`,
    ]);
    expect(db.sqlite.prepare(`SELECT count(*) FROM crm_users`).pluck().get()).toBe(0);
  });
});
