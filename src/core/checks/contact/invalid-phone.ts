import { z } from "zod";
import { CountryTally, hasCountryCode, parsePhone } from "../../dataset/phone.js";
import { defineCheck } from "../types.js";
import { isBlank } from "../util.js";

/**
 * The importer stores whether each number is valid (`phoneValid`), read in the contact's own
 * country, so audits read that flag. A number without a country code on a contact without a
 * country is read in its company's country, else in the configured `region`, else in the
 * region most records share (docs/checks.md#contactinvalid-phone): only those few are parsed
 * here. Rows stored before the importer kept the flag are parsed here too.
 *
 * Parsing with libphonenumber-js costs ~16-20 µs a number (it compiles its patterns on every
 * call), so verdicts are memoised per run: shared numbers (switchboards, duplicates, imports that
 * repeat a placeholder) are parsed once. The cache is bounded so a million unique numbers do not
 * hold a million entries.
 */
const MEMO_LIMIT = 100_000;

export default defineCheck({
  meta: {
    id: "contact.invalid-phone",
    title: "Contacts with an invalid phone number",
    category: "data-quality",
    severity: "low",
    entity: "contacts",
    shape: "records",
    effort: "per-record",
    // Depends on the records and settings only, never on T: reused while the data is unchanged.
    outcomeCached: true,
    requires: ["contacts.phone"],
    reads: { companies: ["country"], contacts: ["country", "phone", "phoneValid", "companyId"] },
    why: "Calls and texts to an invalid number fail, and the number cannot be matched to incoming calls.",
    fix: "Store the number in international form (+country code), correct its digits, or clear the field.",
  },
  thresholds: z.strictObject({
    // The workspace's default region (ISO 3166 alpha-2) for numbers without a country code on
    // contacts without a country, whose company has none either; unset: inferred from the data.
    region: z
      .string()
      .regex(/^[A-Za-z]{2}$/, "expected a two-letter ISO 3166 country code, e.g. US")
      .transform((code) => code.toUpperCase())
      .optional(),
  }),
  create(context) {
    const memo = new Map<string, boolean>();
    const isValid = (phone: string, region: string | null): boolean => {
      const key = `${region ?? ""}|${phone}`;
      let valid = memo.get(key);
      if (valid === undefined) {
        valid = parsePhone(phone, region).valid;
        if (memo.size >= MEMO_LIMIT) memo.clear();
        memo.set(key, valid);
      }
      return valid;
    };
    const companyCountries = new Map<string, string>();
    const countries = new CountryTally();
    // Contacts whose number needs the workspace's region, judged once every country was counted.
    const regionless: { id: string; phone: string }[] = [];
    return {
      companies(company) {
        countries.add(company.country);
        if (!isBlank(company.country)) companyCountries.set(company.id, company.country!);
      },
      contacts(contact) {
        countries.add(contact.country);
        if (isBlank(contact.phone)) return;
        const phone = contact.phone!;
        const ownCountry = contact.country !== null && /^[A-Za-z]{2}$/.test(contact.country.trim());
        if (ownCountry || hasCountryCode(phone)) {
          // Stored facts were read this way at import; parse only rows stored without them.
          const valid =
            contact.phoneValid === undefined || contact.phoneValid === null
              ? isValid(phone, contact.country)
              : contact.phoneValid;
          if (!valid) context.report(contact.id);
          return;
        }
        const companyCountry = contact.companyId === null ? undefined : companyCountries.get(contact.companyId);
        if (companyCountry !== undefined) {
          if (!isValid(phone, companyCountry)) context.report(contact.id);
          return;
        }
        // A number read as valid without any region stays valid.
        if (contact.phoneValid === true) return;
        regionless.push({ id: contact.id, phone });
      },
      finish() {
        if (regionless.length === 0) return;
        const configured = context.thresholds.region ?? null;
        const inferred = configured === null ? countries.dominant() : null;
        const region = configured ?? inferred?.region ?? null;
        let readInRegion = 0;
        for (const { id, phone } of regionless) {
          if (region !== null) readInRegion++;
          if (!isValid(phone, region)) context.report(id);
        }
        if (inferred && readInRegion > 0) {
          const percent = Math.floor(inferred.share * 100);
          context.note?.(
            `${readInRegion} number${readInRegion === 1 ? "" : "s"} without a country code, on contacts without a ` +
              `country or company country, ${readInRegion === 1 ? "was" : "were"} read as ${inferred.region} numbers: ` +
              `${percent}% of the ${inferred.records} records with a country are in ${inferred.region} ` +
              `(set the region with \`config set contact.invalid-phone region XX\`)`,
          );
        }
      },
    };
  },
});
