import { defineCheck } from "../types.js";
import { deactivatedOwners, noThresholds } from "../util.js";

export default defineCheck({
  meta: {
    id: "company.owner-deactivated",
    title: "Companies owned by a deactivated user",
    category: "process",
    severity: "medium",
    entity: "companies",
    requires: ["companies.ownerId", "users"],
    shape: "records",
    effort: "bulk",
    // Depends on the records and settings only, never on T: reused while the data is unchanged.
    outcomeCached: true,
    why: "An account whose owner has left has nobody looking after it, and territory reports still name that person.",
    fix: "Reassign these companies to an active user.",
  },
  thresholds: noThresholds,
  create(context) {
    const owners = deactivatedOwners();
    return {
      users: owners.users,
      companies(company) {
        if (owners.isDeactivated(company.ownerId)) context.report(company.id);
      },
    };
  },
});
