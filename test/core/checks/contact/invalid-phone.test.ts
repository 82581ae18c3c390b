import check from "../../../../src/core/checks/contact/invalid-phone.js";
import { T, testCheck } from "../check-tester.js";
import { contact } from "../run-check.js";

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
