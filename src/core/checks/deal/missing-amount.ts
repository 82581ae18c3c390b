import { defineCheck } from "../types.js";
import { noThresholds } from "../util.js";

export default defineCheck({
  meta: {
    id: "deal.missing-amount",
    title: "Open deals without an amount",
    category: "data-quality",
    severity: "medium",
    entity: "deals",
    shape: "records",
    effort: "per-record",
    requires: ["deals.amount"],
    why: "Deals with no amount leave the pipeline value and forecast short.",
    fix: "Enter an estimated amount on each open deal.",
  },
  thresholds: noThresholds,
  // Also evaluated as SQL (src/db/sqlite/check-sql.ts); the visitor below is the reference.
  setBased: () => ({}),
  create(context) {
    return {
      deals(deal) {
        if (deal.status === "open" && deal.amount == null) context.report(deal.id);
      },
    };
  },
});
