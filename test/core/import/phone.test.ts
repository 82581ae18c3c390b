/**
 * Phone facts computed once at import (phoneE164, phoneValid on contacts and companies), read
 * back by the audit reader and used by the checks instead of parsing again.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/database.js";
import { importBundle } from "../../../src/core/import/index.js";
import { phoneFacts } from "../../../src/core/dataset/phone-batches.js";
import { freshDatabase } from "../../helpers/db.js";
import { USERS, writeBundle } from "./bundle.js";

let db: Database;
beforeEach(() => {
  db = freshDatabase("import-phone");
});
afterEach(async () => {
  await db.close();
});

const CONTACTS = "id,first_name,email,phone,country,created_at,updated_at";
const COMPANIES = "id,name,phone,country,created_at,updated_at";
const stored = (table: string) =>
  db.sqlite.prepare(`SELECT id, phoneE164, phoneValid FROM ${table} WHERE workspaceId = 'ws' ORDER BY id`).all();

describe("phone facts at import", () => {
  it("stores the E.164 form and validity of each contact's and company's phone, null for none", async () => {
    const report = await importBundle(
      db.stores,
      "ws",
      writeBundle({
        "users.csv": USERS,
        "companies.csv": `${COMPANIES}\nco1,Acme,030 12,DE,2026-01-01,2026-01-01\nco2,Beta,,GB,2026-01-01,2026-01-01\n`,
        "contacts.csv": [
          CONTACTS,
          "k1,Ann,a@x.com,020 7183 8750,GB,2026-01-01,2026-01-01",
          "k2,Bob,b@x.com,030 12,DE,2026-01-01,2026-01-01",
          "k3,Cy,c@x.com,,GB,2026-01-01,2026-01-01",
          "k4,Di,d@x.com,call reception,GB,2026-01-01,2026-01-01",
        ].join("\n"),
      }),
    );
    expect(report.ok).toBe(true);
    expect(stored("contacts")).toEqual([
      // A valid GB national number, read for the contact's country.
      { id: "k1", phoneE164: "+442071838750", phoneValid: 1 },
      // A German number far too short: libphonenumber still gives it a form, but not valid.
      { id: "k2", phoneE164: "+493012", phoneValid: 0 },
      { id: "k3", phoneE164: null, phoneValid: null },
      // Not a number at all.
      { id: "k4", phoneE164: null, phoneValid: 0 },
    ]);
    expect(stored("companies")).toEqual([
      { id: "co1", phoneE164: "+493012", phoneValid: 0 },
      { id: "co2", phoneE164: null, phoneValid: null },
    ]);
  });

  it("recomputes them when a re-import changes the phone, and keeps them when the file has no phone column", async () => {
    const first = `${CONTACTS}\nk1,Ann,a@x.com,030 12,DE,2026-01-01,2026-01-01\n`;
    await importBundle(db.stores, "ws", writeBundle({ "contacts.csv": first }));
    const changed = `${CONTACTS}\nk1,Ann,a@x.com,+44 20 7183 8750,DE,2026-01-01,2026-01-01\n`;
    await importBundle(db.stores, "ws", writeBundle({ "contacts.csv": changed }));
    expect(stored("contacts")).toEqual([{ id: "k1", phoneE164: "+442071838750", phoneValid: 1 }]);
    const noPhone = "id,first_name,created_at,updated_at\nk1,Annie,2026-01-01,2026-01-01\n";
    await importBundle(db.stores, "ws", writeBundle({ "contacts.csv": noPhone }));
    expect(stored("contacts")).toEqual([{ id: "k1", phoneE164: "+442071838750", phoneValid: 1 }]);
  });

  it("hands them to the checks through the audit reader, as a boolean", async () => {
    const contacts = `${CONTACTS}\nk1,Ann,a@x.com,020 7183 8750,GB,2026-01-01,2026-01-01\nk2,Bob,b@x.com,,GB,2026-01-01,2026-01-01\n`;
    await importBundle(db.stores, "ws", writeBundle({ "contacts.csv": contacts }));
    const rows = [...db.stores.auditStorage.local.readRows("ws", "contacts", Date.now())];
    expect(rows.map((r) => [r.id, r.phoneE164, r.phoneValid])).toEqual([
      ["k1", "+442071838750", true],
      ["k2", null, null],
    ]);
  });

  it("reads a large import's numbers on the phone thread to the same facts, each on its own row", async () => {
    // Past the first 5,000 numbers the facts come from a second thread (phone-batches.ts):
    // every row must still get its own number's facts, whatever the batching.
    const formats = ["020 7183 ####", "+49 30 123#####", "(415) 555-####", "not #", "", "030 ##"];
    const countries = ["GB", "DE", "US", "FR", "GB", "DE"];
    const lines = [CONTACTS];
    const expected: { id: string; phoneE164: string | null; phoneValid: number | null }[] = [];
    for (let i = 0; i < 7000; i++) {
      const phone = formats[i % 6]!.replace(/#+/, (run) => String(i).padStart(run.length, "0").slice(-run.length));
      const country = countries[(i * 7) % 6]!;
      lines.push(`k${i},N,n${i}@x.com,${phone},${country},2026-01-01,2026-01-01`);
      const facts = phoneFacts(phone, country);
      expected.push({
        id: `k${i}`,
        phoneE164: facts.phoneE164,
        phoneValid: facts.phoneValid === null ? null : Number(facts.phoneValid),
      });
    }
    const report = await importBundle(
      db.stores,
      "ws",
      writeBundle({ "users.csv": USERS, "companies.csv": COMPANIES + "\n", "contacts.csv": lines.join("\n") }),
    );
    expect(report.ok).toBe(true);
    expected.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    expect(stored("contacts")).toEqual(expected);
    expect(expected.filter((e) => e.phoneValid === 1).length).toBeGreaterThan(1000);
  });
});
