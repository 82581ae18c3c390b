import { defineCheck } from "../types.js";
import { noThresholds, startOfUtcDay } from "../util.js";

export default defineCheck({
  meta: {
    id: "deal.past-close-date",
    title: "Open deals past their expected close date",
    category: "process",
    severity: "medium",
    entity: "deals",
    shape: "records",
    effort: "per-record",
    requires: ["deals.expectedCloseDate"],
    why: "Open deals past their close date make the forecast wrong.",
    fix: "Close the deal as won or lost, or move the expected close date to a realistic one.",
  },
  thresholds: noThresholds,
  // Also evaluated as SQL (src/db/sqlite/check-sql.ts); the visitor below is the reference.
  setBased: (_settings, asOf) => ({ today: startOfUtcDay(asOf) }),
  create(context) {
    // "Before T's date": before midnight UTC of T's day, so a close date on T's own day is not past.
    const today = startOfUtcDay(context.asOf);
    return {
      deals(deal) {
        if (deal.status === "open" && deal.expectedCloseDate != null && deal.expectedCloseDate < today) {
          context.report(deal.id);
        }
      },
    };
  },
});
