import { z } from "zod";
import { readRecordPhone } from "../../dataset/phone.js";
import { describeGroupEvidence, PeopleDuplicateCollector } from "../../duplicates/index.js";
import { defineCheck } from "../types.js";

export default defineCheck({
  meta: {
    id: "contact.duplicate",
    title: "Duplicate contacts",
    category: "data-quality",
    severity: "medium",
    entity: "contacts",
    shape: "groups",
    effort: "per-record",
    why: "One person in several records splits their history, and they get the same email twice.",
    fix: "Review each group and merge the records in the CRM, keeping the most complete one.",
    heavy: true,
    outcomeCached: true,
    reads: {
      companies: ["name", "nameKey", "country"],
      // prettier-ignore
      contacts: ["firstName", "lastName", "email", "phone", "phoneE164", "phoneValid", "country", "companyId", "street", "city", "postcode", "state",
        "firstNameKey", "lastNameKey", "emailKey", "phoneKey", "streetKey", "postcodeKey"],
    },
  },
  // Match score in [0, 1] above which two records are linked; unset: the detector's own default.
  thresholds: z.strictObject({ threshold: z.number().min(0).max(1).optional() }),
  create(context) {
    const companyNames = new Map<string, string>();
    // The employers' names as stored normalised at import (absent: computed by the detector).
    const employers = new Map<string, string>();
    const companyCountries = new Map<string, string>();
    // Each contact is handed to the detector as it streams in (keys computed, record packed):
    // a million contacts are not kept as objects until finish().
    const people = new PeopleDuplicateCollector(context.counts.contacts);
    return {
      companies(company) {
        companyNames.set(company.id, company.name);
        if (company.nameKey != null) employers.set(company.id, company.nameKey);
        if (company.country !== null) companyCountries.set(company.id, company.country);
      },
      contacts(contact) {
        // Read as contact.invalid-phone reads it: a national number in the company's country.
        const companyCountry = contact.companyId === null ? null : (companyCountries.get(contact.companyId) ?? null);
        const phone = readRecordPhone(contact, companyCountry);
        people.add(
          {
            id: contact.id,
            firstName: contact.firstName,
            lastName: contact.lastName,
            email: contact.email,
            phone: contact.phone,
            phoneE164: phone?.valid ? phone.e164 : null,
            country: contact.country,
            companyName: contact.companyId === null ? null : (companyNames.get(contact.companyId) ?? null),
            street: contact.street,
            city: contact.city,
            postcode: contact.postcode,
            state: contact.state,
          },
          {
            // Normalised at import (src/core/duplicates/stored-keys.ts); null ones are computed.
            firstName: contact.firstNameKey,
            lastName: contact.lastNameKey,
            email: contact.emailKey,
            phone: contact.phoneKey,
            street: contact.streetKey,
            postcode: contact.postcodeKey,
            employer: contact.companyId === null ? "" : employers.get(contact.companyId),
          },
        );
      },
      finish() {
        const { threshold } = context.thresholds;
        const notDuplicates = context.notDuplicates?.("contacts");
        const { groups, evidence } = people.detect({
          ...(threshold === undefined ? {} : { threshold }),
          ...(notDuplicates ? { notDuplicates } : {}),
        });
        groups.forEach((group, g) => context.reportGroup(group, describeGroupEvidence(evidence[g]!)));
      },
    };
  },
});
