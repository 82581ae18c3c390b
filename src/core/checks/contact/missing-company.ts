import { defineCheck } from "../types.js";
import { isBlank, noThresholds } from "../util.js";

export default defineCheck({
  meta: {
    id: "contact.missing-company",
    title: "Contacts not linked to a company",
    category: "data-quality",
    severity: "low",
    entity: "contacts",
    shape: "records",
    effort: "per-record",
    requires: ["contacts.companyId"],
    why: "Contacts without a company are missing from account views, reports and deal context.",
    fix: "Link each contact to its company (match on the email domain), or create the company.",
  },
  thresholds: noThresholds,
  // Also evaluated as SQL (src/db/sqlite/check-sql.ts); the visitor below is the reference.
  setBased: () => ({}),
  create(context) {
    return {
      contacts(contact) {
        if (isBlank(contact.companyId)) context.report(contact.id);
      },
    };
  },
});
