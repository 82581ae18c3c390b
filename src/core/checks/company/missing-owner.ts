import { defineCheck } from "../types.js";
import { isBlank, noThresholds } from "../util.js";

export default defineCheck({
  meta: {
    id: "company.missing-owner",
    title: "Companies without an owner",
    category: "data-quality",
    severity: "medium",
    entity: "companies",
    requires: ["companies.ownerId"],
    shape: "records",
    effort: "bulk",
    // Depends on the records and settings only, never on T: reused while the data is unchanged.
    outcomeCached: true,
    why: "An account nobody owns gets no attention, and its contacts and deals have no one to route to.",
    fix: "Assign an owner to each company (territory or account rules, or the owner of its deals).",
  },
  thresholds: noThresholds,
  create(context) {
    return {
      companies(company) {
        if (isBlank(company.ownerId)) context.report(company.id);
      },
    };
  },
});
