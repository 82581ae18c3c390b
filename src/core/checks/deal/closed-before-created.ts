import { defineCheck } from "../types.js";
import { noThresholds } from "../util.js";

export default defineCheck({
  meta: {
    id: "deal.closed-before-created",
    title: "Deals closed before they were created",
    category: "data-quality",
    severity: "medium",
    entity: "deals",
    shape: "records",
    effort: "per-record",
    requires: ["deals.closedAt"],
    why: "A close date before the creation date is impossible and distorts sales-cycle reports.",
    fix: "Correct the closed or created date (often a migration or import artefact).",
  },
  thresholds: noThresholds,
  // Also evaluated as SQL (src/db/sqlite/check-sql.ts); the visitor below is the reference.
  setBased: () => ({}),
  create(context) {
    return {
      deals(deal) {
        if (deal.closedAt != null && deal.closedAt < deal.createdAt) context.report(deal.id);
      },
    };
  },
});
