import { z } from "zod";
import { defineCheck } from "../types.js";
import { isBlank } from "../util.js";

/** EU member states, the other EEA states (IS, LI, NO) and the United Kingdom, ISO 3166 alpha-2. */
export const GDPR_COUNTRIES = [
  ...["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU"],
  ...["MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"],
  ...["IS", "LI", "NO"],
  "GB",
];

export default defineCheck({
  meta: {
    id: "contact.missing-consent",
    title: "Contacts in GDPR countries without recorded consent",
    category: "compliance",
    severity: "high",
    entity: "contacts",
    shape: "records",
    effort: "per-record",
    requires: ["contacts.country", "contacts.consent:granted"],
    why: "Marketing to people in the EU/EEA or UK needs a recorded legal basis such as consent.",
    fix: "Record consent (or another legal basis) for these contacts, or stop marketing to them.",
  },
  thresholds: z.strictObject({
    countries: z
      .array(z.string().regex(/^[A-Za-z]{2}$/, "expected an ISO 3166 alpha-2 country code"))
      .default(GDPR_COUNTRIES),
  }),
  // Also evaluated as SQL (src/db/sqlite/check-sql.ts); the visitor below is the reference.
  setBased: ({ countries }) => ({ countries: JSON.stringify(countries.map((c) => c.toUpperCase())) }),
  create(context) {
    const countries = new Set(context.thresholds.countries.map((c) => c.toUpperCase()));
    return {
      contacts(contact) {
        if (contact.consent != null || isBlank(contact.country)) return;
        if (countries.has(contact.country!.trim().toUpperCase())) context.report(contact.id);
      },
    };
  },
});
