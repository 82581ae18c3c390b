import { defineCheck } from "../types.js";
import { isBlank, noThresholds } from "../util.js";

export default defineCheck({
  meta: {
    id: "deal.missing-company",
    title: "Open deals without a company",
    category: "data-quality",
    severity: "medium",
    entity: "deals",
    requires: ["deals.companyId"],
    shape: "records",
    effort: "per-record",
    why: "A deal without a company is missing from account views and revenue by account.",
    fix: "Link each open deal to the company it is with (from its contact, or create the company).",
  },
  thresholds: noThresholds,
  // Also evaluated as SQL (src/db/sqlite/check-sql.ts); the visitor below is the reference.
  setBased: () => ({}),
  create(context) {
    return {
      deals(deal) {
        if (deal.status === "open" && isBlank(deal.companyId)) context.report(deal.id);
      },
    };
  },
});
