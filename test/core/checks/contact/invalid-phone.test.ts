import { describe, expect, it } from "vitest";
import check from "../../../../src/core/checks/contact/invalid-phone.js";
import { T, testCheck } from "../check-tester.js";
import { company, contact, runCheck, type Tables } from "../run-check.js";

const phone = (id: string, number: string, country: string | null, phoneValid?: boolean | null) => ({
  contacts: [contact({ id, phone: number, country, ...(phoneValid === undefined ? {} : { phoneValid }) })],
});

testCheck(check, {
  asOf: T,
  valid: [
    // Parsing would reject this number: the validity stored at import says valid.
    { name: "stored valid, unparseable", tables: phone("stored-valid", "+44 20 71", "GB", true) },
    { name: "no stored flag, valid", tables: phone("legacy-valid", "+44 20 7183 8750", "GB") },
    { name: "E.164 without a country", tables: phone("e164", "+44 20 7183 8750", null) },
    { name: "national number read for GB", tables: phone("gb-national", "020 7183 8750", "GB") },
    { name: "national number read for US", tables: phone("us-national", "(201) 555-0123", "US") },
    { name: "blank", tables: phone("blank", " ", "GB") },
  ],
  invalid: [
    // Parsing would accept this number: only the stored flag can make it reported.
    {
      name: "stored invalid, parseable",
      tables: phone("stored-invalid", "+44 20 7183 8750", "GB", false),
      ids: ["stored-invalid"],
    },
    {
      name: "no stored flag (imported before it existed), parsed here",
      tables: phone("legacy-invalid", "+44 20 71", "GB", null),
      ids: ["legacy-invalid"],
    },
    // A valid London number is not a valid number when read as German.
    { name: "GB number read as DE", tables: phone("gb-as-de", "020 7183 8750", "DE"), ids: ["gb-as-de"] },
    { name: "no + and no country", tables: phone("no-country", "020 7183 8750", null), ids: ["no-country"] },
    { name: "too short", tables: phone("too-short", "+44 20 71", "GB"), ids: ["too-short"] },
    { name: "letters", tables: phone("letters", "call reception", "GB"), ids: ["letters"] },
    {
      name: "a repeated number gets the same verdict for each contact (memoised per country)",
      tables: {
        contacts: [
          contact({ id: "a", phone: "020 7183 8750", country: "GB" }),
          contact({ id: "b", phone: "020 7183 8750", country: "DE" }),
          contact({ id: "c", phone: "020 7183 8750", country: "GB" }),
          contact({ id: "d", phone: "020 7183 8750", country: "DE" }),
        ],
      },
      ids: ["b", "d"],
    },
  ],
});

describe("numbers without a country code on contacts without a country", () => {
  // A valid San Francisco number as US exports write it, and one that is no number anywhere.
  const US_NATIONAL = "(415) 555-0132";
  const run = (tables: Tables, thresholds: unknown = {}) => {
    const notes: string[] = [];
    const { ids } = runCheck(check, tables, { asOf: T, thresholds, notes });
    return { ids, notes };
  };
  const usCompanies = (n: number) => Array.from({ length: n }, (_, i) => company({ id: `us${i}`, country: "US" }));

  it("reads the number in the company's country", () => {
    const tables: Tables = {
      companies: [company({ id: "acme", country: "US" }), company({ id: "beta", country: "GB" })],
      contacts: [
        contact({ id: "at-us", phone: US_NATIONAL, country: null, companyId: "acme", phoneValid: false }),
        contact({ id: "at-gb", phone: US_NATIONAL, country: null, companyId: "beta", phoneValid: false }),
      ],
    };
    // At a British company the number is no British number: that finding stays.
    expect(run(tables)).toEqual({ ids: ["at-gb"], notes: [] });
  });

  it("the contact's own country wins over its company's", () => {
    const tables: Tables = {
      companies: [company({ id: "acme", country: "US" })],
      contacts: [contact({ id: "own-gb", phone: US_NATIONAL, country: "GB", companyId: "acme", phoneValid: false })],
    };
    expect(run(tables).ids).toEqual(["own-gb"]);
  });

  it("reads the rest in the configured region", () => {
    const tables: Tables = {
      contacts: [
        contact({ id: "us", phone: US_NATIONAL, country: null, phoneValid: false }),
        contact({ id: "junk", phone: "12345", country: null, phoneValid: false }),
      ],
    };
    expect(run(tables).ids).toEqual(["junk", "us"]);
    expect(run(tables, { region: "us" })).toEqual({ ids: ["junk"], notes: [] });
    expect(run(tables, { region: "GB" }).ids).toEqual(["junk", "us"]);
  });

  it("infers the region when at least 80% of the records with a country share it, and says so", () => {
    const contacts = [
      contact({ id: "us", phone: US_NATIONAL, country: null, phoneValid: false }),
      contact({ id: "junk", phone: "12345", country: null, phoneValid: false }),
    ];
    const inferred = run({ companies: [...usCompanies(4), company({ id: "gb", country: "GB" })], contacts });
    expect(inferred.ids).toEqual(["junk"]);
    expect(inferred.notes).toEqual([
      "2 numbers without a country code, on contacts without a country or company country, were read as US numbers: " +
        "80% of the 5 records with a country are in US (set the region with `config set contact.invalid-phone region XX`)",
    ]);
    // 3 of 5 is no majority to go by; 4 records are too few: the numbers stay unreadable.
    const mixed = [...usCompanies(3), company({ id: "gb", country: "GB" }), company({ id: "fr", country: "FR" })];
    expect(run({ companies: mixed, contacts })).toEqual({ ids: ["junk", "us"], notes: [] });
    expect(run({ companies: usCompanies(4), contacts })).toEqual({ ids: ["junk", "us"], notes: [] });
  });
});
