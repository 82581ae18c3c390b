import { z } from "zod";
import { storedValidE164 } from "../../dataset/phone.js";
import { describeGroupEvidence, PeopleDuplicateCollector } from "../duplicates-adapter.js";
import { defineCheck } from "../types.js";

export default defineCheck({
  meta: {
    id: "contact.duplicate",
    title: "Duplicate contacts",
    category: "data-quality",
    severity: "medium",
    entity: "contacts",
    shape: "groups",
    why: "One person in several records splits their history, and they get the same email twice.",
    fix: "Review each group and merge the records in the CRM, keeping the most complete one.",
    heavy: true,
    reads: {
      companies: ["name"],
      // prettier-ignore
      contacts: ["firstName", "lastName", "email", "phone", "phoneE164", "phoneValid", "country", "companyId", "street", "city", "postcode", "state"],
    },
  },
  // Match score in [0, 1] above which two records are linked; unset: the detector's own default.
  thresholds: z.strictObject({ threshold: z.number().min(0).max(1).optional() }),
  create(context) {
    const companyNames = new Map<string, string>();
    // Each contact is handed to the detector as it streams in (keys computed, record packed):
    // a million contacts are not kept as objects until finish().
    const people = new PeopleDuplicateCollector(context.counts.contacts);
    return {
      companies(company) {
        companyNames.set(company.id, company.name);
      },
      contacts(contact) {
        people.add({
          id: contact.id,
          firstName: contact.firstName,
          lastName: contact.lastName,
          email: contact.email,
          phone: contact.phone,
          phoneE164: storedValidE164(contact),
          country: contact.country,
          companyName: contact.companyId === null ? null : (companyNames.get(contact.companyId) ?? null),
          street: contact.street,
          city: contact.city,
          postcode: contact.postcode,
          state: contact.state,
        });
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
