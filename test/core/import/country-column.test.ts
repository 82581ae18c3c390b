/** The `country` column holds ISO 3166 alpha-2 codes, whatever the source wrote. */
import { afterEach, beforeEach, expect, it } from "vitest";
import { importBundle } from "../../../src/core/import/index.js";
import type { Database } from "../../../src/db/database.js";
import { freshDatabase } from "../../helpers/db.js";
import { CONTACTS_HEADER, writeBundle } from "./bundle.js";

let db: Database;
beforeEach(() => {
  db = freshDatabase("import-country");
});
afterEach(async () => {
  await db.close();
});

it("normalises country names and variants in a canonical bundle, and keeps what it cannot read", async () => {
  const written = ["United States", "U.S.", "USA", "Deutschland", "UK", "Great Britain", "de", "Atlantis"];
  const rows = written.map((country, i) => `c${i},Ann,,,,2026-01-01,2026-01-01,"${country}"`);
  const dir = writeBundle({ "contacts.csv": `${CONTACTS_HEADER},country\n${rows.join("\n")}\n` });
  const report = await importBundle(db.stores, "ws", dir);
  expect(report.issues).toEqual([]);
  const stored = db.sqlite.prepare(`SELECT country FROM contacts ORDER BY rowid`).pluck().all();
  expect(stored).toEqual(["US", "US", "US", "DE", "GB", "GB", "DE", "Atlantis"]);
});
