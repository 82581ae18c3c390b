import check from "../../../../src/core/checks/contact/missing-consent.js";
import { T, testCheck } from "../check-tester.js";
import { contact } from "../run-check.js";

const from = (id: string, country: string | null, consent: "granted" | "withdrawn" | null = null) => ({
  contacts: [contact({ id, country, consent })],
});

testCheck(check, {
  asOf: T,
  valid: [
    { name: "FR, consent granted", tables: from("fr-granted", "FR", "granted") },
    { name: "IE, consent withdrawn", tables: from("ie-withdrawn", "IE", "withdrawn") },
    { name: "US, blank", tables: from("us-blank", "US") },
    { name: "CH, blank (not in the default list)", tables: from("ch-blank", "CH") },
    { name: "no country", tables: from("no-country", null) },
    { name: "configured [CH]: DE", tables: from("de", "DE"), thresholds: { countries: ["CH"] } },
  ],
  invalid: [
    { name: "DE, blank", tables: from("de-blank", "DE"), ids: ["de-blank"] },
    { name: "gb in lower case, blank", tables: from("gb-lower", "gb"), ids: ["gb-lower"] },
    { name: "NO (EEA), blank", tables: from("no-blank", "NO"), ids: ["no-blank"] },
    { name: "configured [CH]: CH", tables: from("ch", "CH"), thresholds: { countries: ["CH"] }, ids: ["ch"] },
    {
      name: "configured [ch] in lower case: CH",
      tables: from("ch", "CH"),
      thresholds: { countries: ["ch"] },
      ids: ["ch"],
    },
  ],
});
