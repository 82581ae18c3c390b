import { defineCheck } from "../types.js";
import { isBlank, noThresholds } from "../util.js";

export default defineCheck({
  meta: {
    id: "deal.lost-without-reason",
    title: "Lost deals without a reason",
    category: "process",
    severity: "low",
    entity: "deals",
    shape: "records",
    effort: "process",
    requires: ["deals.lostReason"],
    why: "Without loss reasons the team cannot learn why it loses.",
    fix: "Record the lost reason on each lost deal, and make the field required in the CRM.",
  },
  thresholds: noThresholds,
  // Also evaluated as SQL (src/db/sqlite/check-sql.ts); the visitor below is the reference.
  setBased: () => ({}),
  create(context) {
    return {
      deals(deal) {
        if (deal.status === "lost" && isBlank(deal.lostReason)) context.report(deal.id);
      },
    };
  },
});
