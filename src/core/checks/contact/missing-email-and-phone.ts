import { defineCheck } from "../types.js";
import { isBlank, noThresholds } from "../util.js";

export default defineCheck({
  meta: {
    id: "contact.missing-email-and-phone",
    title: "Contacts with neither email nor phone",
    category: "data-quality",
    severity: "high",
    entity: "contacts",
    shape: "records",
    effort: "per-record",
    requires: ["contacts.email|contacts.phone"],
    why: "A contact that cannot be emailed or called cannot be worked by sales or marketing.",
    fix: "Find an email address or phone number for each contact, or delete the record.",
  },
  thresholds: noThresholds,
  // Also evaluated as SQL (src/db/sqlite/check-sql.ts); the visitor below is the reference.
  setBased: () => ({}),
  create(context) {
    return {
      contacts(contact) {
        if (isBlank(contact.email) && isBlank(contact.phone)) context.report(contact.id);
      },
    };
  },
});
