import { defineCheck } from "../types.js";
import { noThresholds } from "../util.js";

export default defineCheck({
  meta: {
    id: "deal.missing-close-date",
    title: "Open deals without an expected close date",
    category: "process",
    severity: "medium",
    entity: "deals",
    shape: "records",
    effort: "per-record",
    requires: ["deals.expectedCloseDate"],
    why: "Deals with no expected close date cannot be forecast.",
    fix: "Set an expected close date on each open deal.",
  },
  thresholds: noThresholds,
  // Also evaluated as SQL (src/db/sqlite/check-sql.ts); the visitor below is the reference.
  setBased: () => ({}),
  create(context) {
    return {
      deals(deal) {
        if (deal.status === "open" && deal.expectedCloseDate == null) context.report(deal.id);
      },
    };
  },
});
