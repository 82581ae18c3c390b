import { defineCheck } from "../types.js";
import { isBlank, noThresholds } from "../util.js";

export default defineCheck({
  meta: {
    id: "deal.missing-owner",
    title: "Open deals without an owner",
    category: "process",
    severity: "high",
    entity: "deals",
    shape: "records",
    effort: "bulk",
    requires: ["deals.ownerId"],
    why: "Nobody works a deal that nobody owns.",
    fix: "Assign an owner to each open deal.",
  },
  thresholds: noThresholds,
  // Also evaluated as SQL (src/db/sqlite/check-sql.ts); the visitor below is the reference.
  setBased: () => ({}),
  create(context) {
    return {
      deals(deal) {
        if (deal.status === "open" && isBlank(deal.ownerId)) context.report(deal.id);
      },
    };
  },
});
