/**
 * Spreadsheet formula neutralisation in every CSV the project writes, and the importer's
 * inverse, so our own bundles still import unchanged.
 */
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CsvFileWriter, csvField, formatCsv } from "../../../src/core/csv/write.js";
import { importBundle } from "../../../src/core/import/index.js";
import type { Database } from "../../../src/db/database.js";
import { freshDatabase } from "../../helpers/db.js";
import { tempDir } from "../../helpers/tmp.js";

describe("csvField", () => {
  it.each(["=", "+", "-", "@", "\t", "\r"])("prefixes a quote to a cell starting with %j", (char) => {
    const value = `${char}cmd|' /C calc'!A0`;
    const field = csvField(value);
    const rows = parse(field, { relax_quotes: true }) as string[][];
    expect(rows[0]?.[0]).toBe(`'${value}`);
  });

  it("leaves other cells, and plain numbers with a sign, as they are", () => {
    expect(csvField("Ann")).toBe("Ann");
    expect(csvField("a=b")).toBe("a=b");
    expect(csvField("-12.5")).toBe("-12.5");
    expect(csvField("+44")).toBe("+44");
    expect(csvField(-3)).toBe("-3");
    expect(csvField("-1+2")).toBe("'-1+2");
    expect(csvField("+49 30 1234567")).toBe("'+49 30 1234567");
  });

  it("neutralises the audit's examples, and a value already neutralised once more", () => {
    expect(formatCsv([['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1+9)", "'=1"]])).toBe(
      `"'=HYPERLINK(""http://x"",""y"")",'+cmd|' /C calc'!A0,'@SUM(1+9),''=1\r\n`,
    );
  });
});

describe("bundles written by our CSV writer import back unchanged", () => {
  let db: Database;
  beforeEach(() => {
    db = freshDatabase("csv-cells");
  });
  afterEach(async () => {
    await db.close();
  });

  it("restores names and phones that start like formulas, apostrophes included", async () => {
    const dir = tempDir("csv-cells-bundle");
    const names = ["=HYPERLINK(1)", "+cmd", "-minus", "@SUM(1+9)", "'=already", "''+two", "'plain", "-12.5"];
    const users = await CsvFileWriter.open(path.join(dir, "users.csv"), ["id", "name", "email"]);
    names.forEach((name, i) => users.add([`u${i}`, name, `u${i}@example.com`]));
    await users.close();
    const contacts = await CsvFileWriter.open(path.join(dir, "contacts.csv"), [
      "id",
      "phone",
      "country",
      "created_at",
      "updated_at",
    ]);
    contacts.add(["c1", "+49 30 901820", "DE", "2026-01-01", "2026-01-01"]);
    await contacts.close();

    const report = await importBundle(db.stores, "ws", dir);
    expect(report.issues).toEqual([]);
    const stored = db.sqlite.prepare(`SELECT name FROM crm_users ORDER BY id`).pluck().all();
    expect(stored).toEqual(names);
    const phone = db.sqlite.prepare(`SELECT phone, phoneE164 FROM contacts`).get();
    expect(phone).toEqual({ phone: "+49 30 901820", phoneE164: "+4930901820" });
  });
});
