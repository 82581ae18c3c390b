import { defineCheck } from "../types.js";
import { isBlank, noThresholds } from "../util.js";

export default defineCheck({
  meta: {
    id: "contact.missing-lifecycle-stage",
    title: "Contacts without a lifecycle stage",
    category: "data-quality",
    severity: "low",
    entity: "contacts",
    shape: "records",
    effort: "bulk",
    requires: ["contacts.lifecycleStage"],
    why: "Contacts with no lifecycle stage cannot be segmented, targeted or counted in the funnel.",
    fix: "Set a lifecycle stage (subscriber, lead, customer, ...) on each contact.",
  },
  thresholds: noThresholds,
  // Also evaluated as SQL (src/db/sqlite/check-sql.ts); the visitor below is the reference.
  setBased: () => ({}),
  create(context) {
    return {
      contacts(contact) {
        if (isBlank(contact.lifecycleStage)) context.report(contact.id);
      },
    };
  },
});
