import { defineCheck } from "../types.js";
import { isBlank, noThresholds } from "../util.js";

export default defineCheck({
  meta: {
    id: "contact.missing-owner",
    title: "Contacts without an owner",
    category: "data-quality",
    severity: "medium",
    entity: "contacts",
    shape: "records",
    effort: "bulk",
    requires: ["contacts.ownerId"],
    why: "Nobody is responsible for following up a contact that has no owner.",
    fix: "Assign an owner to each contact (e.g. by territory or by the owner of its company).",
  },
  thresholds: noThresholds,
  // Also evaluated as SQL (src/db/sqlite/check-sql.ts); the visitor below is the reference.
  setBased: () => ({}),
  create(context) {
    return {
      contacts(contact) {
        if (isBlank(contact.ownerId)) context.report(contact.id);
      },
    };
  },
});
