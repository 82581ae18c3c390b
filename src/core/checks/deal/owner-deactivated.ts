import { defineCheck } from "../types.js";
import { deactivatedOwners, noThresholds } from "../util.js";

export default defineCheck({
  meta: {
    id: "deal.owner-deactivated",
    title: "Open deals owned by a deactivated user",
    category: "process",
    severity: "high",
    entity: "deals",
    requires: ["deals.ownerId", "users"],
    shape: "records",
    effort: "bulk",
    why: "Nobody works a deal whose owner has left: follow-ups stop and the forecast counts it anyway.",
    fix: "Reassign each open deal to an active user.",
  },
  thresholds: noThresholds,
  // Also evaluated as SQL (src/db/sqlite/check-sql.ts); the visitor below is the reference.
  setBased: () => ({}),
  create(context) {
    const owners = deactivatedOwners();
    return {
      users: owners.users,
      deals(deal) {
        if (deal.status === "open" && owners.isDeactivated(deal.ownerId)) context.report(deal.id);
      },
    };
  },
});
