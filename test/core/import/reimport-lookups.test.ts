/**
 * A re-import asks whether each row's id and references are stored for the workspace; past a
 * few thousand such lookups the writer reads the stored ids whole (src/db/sqlite/import-writer.ts).
 * The counts and the reference problems must be the same as with a query per row.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/database.js";
import { importBundle } from "../../../src/core/import/index.js";
import { freshDatabase } from "../../helpers/db.js";
import { COMPANIES_HEADER, CONTACTS_HEADER, USERS, writeBundle } from "./bundle.js";

let db: Database;
beforeEach(() => {
  db = freshDatabase("import-reimport-lookups");
});
afterEach(async () => {
  await db.close();
});

const contacts = (from: number, to: number, company: (i: number) => string) => {
  const lines = [CONTACTS_HEADER];
  for (let i = from; i < to; i++) lines.push(`k${i},N,n${i}@x.com,${company(i)},u1,2026-01-01,2026-01-01`);
  return lines.join("\n") + "\n";
};

describe("re-import lookups", () => {
  it("counts inserts and updates and finds stored references exactly, past the switch to ids in memory", async () => {
    const companies = [COMPANIES_HEADER];
    for (let i = 0; i < 6000; i++) companies.push(`co${i},Co ${i},u1,2026-01-01,2026-01-01`);
    const first = await importBundle(
      db.stores,
      "ws",
      writeBundle({
        "users.csv": USERS,
        "companies.csv": companies.join("\n") + "\n",
        "contacts.csv": contacts(0, 6000, (i) => `co${i}`),
      }),
    );
    expect(first.ok).toBe(true);
    expect(first.counts.contacts).toEqual({ inserted: 6000, updated: 0 });

    // Only contacts this time: their companies are stored, not in the import.
    const second = await importBundle(
      db.stores,
      "ws",
      writeBundle({ "users.csv": USERS, "contacts.csv": contacts(3000, 9000, (i) => `co${i % 6000}`) }),
    );
    expect(second.ok).toBe(true);
    expect(second.counts.contacts).toEqual({ inserted: 3000, updated: 3000 });
    const stored = db.sqlite.prepare(`SELECT count(*) FROM contacts WHERE workspaceId = 'ws'`).pluck().get();
    expect(stored).toBe(9000);

    // A company no one stored, late in a long file: reported at its line, nothing written.
    const third = await importBundle(
      db.stores,
      "ws",
      writeBundle({
        "users.csv": USERS,
        "contacts.csv": contacts(0, 8000, (i) => (i === 7000 ? "co-missing" : `co${i % 6000}`)),
      }),
    );
    expect(third.ok).toBe(false);
    expect(third.issues).toEqual([
      {
        file: "contacts.csv",
        line: 7002,
        column: "company_id",
        message: 'no companies row has id "co-missing" (in this import or stored for this workspace)',
      },
    ]);
  });
});
