import { defineCheck } from "../types.js";
import { deactivatedOwners, noThresholds } from "../util.js";

export default defineCheck({
  meta: {
    id: "contact.owner-deactivated",
    title: "Contacts owned by a deactivated user",
    category: "process",
    severity: "medium",
    entity: "contacts",
    requires: ["contacts.ownerId", "users"],
    shape: "records",
    effort: "bulk",
    why: "Contacts whose owner has left get no follow-up, and routing and reports still name that person.",
    fix: "Reassign these contacts to an active user (often the owner's successor or the account owner).",
  },
  thresholds: noThresholds,
  // Also evaluated as SQL (src/db/sqlite/check-sql.ts); the visitor below is the reference.
  setBased: () => ({}),
  create(context) {
    const owners = deactivatedOwners();
    return {
      users: owners.users,
      contacts(contact) {
        if (owners.isDeactivated(contact.ownerId)) context.report(contact.id);
      },
    };
  },
});
