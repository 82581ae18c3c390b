import { defineCheck } from "../types.js";
import { noThresholds } from "../util.js";

export default defineCheck({
  meta: {
    id: "contact.contacted-after-withdrawal",
    title: "Contacts reached after withdrawing consent",
    category: "compliance",
    severity: "critical",
    entity: "contacts",
    shape: "records",
    effort: "process",
    requires: ["contacts.consent", "activities"],
    why: "Contacting someone who withdrew consent breaks privacy law and their trust.",
    fix: "Suppress these contacts in every sending tool and find out which process reached them.",
  },
  thresholds: noThresholds,
  // Also evaluated as SQL (src/db/sqlite/check-sql.ts); the visitor below is the reference.
  setBased: () => ({}),
  create(context) {
    // Withdrawn contacts and when they withdrew (null: the date was not recorded).
    const withdrawnAt = new Map<string, number | null>();
    const reported = new Set<string>();
    return {
      contacts(contact) {
        if (contact.consent === "withdrawn") withdrawnAt.set(contact.id, contact.consentAt);
      },
      activities(activity) {
        const contactId = activity.contactId;
        if (contactId == null || reported.has(contactId) || !withdrawnAt.has(contactId)) return;
        // Activities after T have not happened as of T (activity.future-dated reports them).
        if (activity.occurredAt > context.asOf) return;
        // With no recorded withdrawal date, no activity can be shown to precede it: all count.
        const since = withdrawnAt.get(contactId) ?? -Infinity;
        if (activity.occurredAt > since) {
          reported.add(contactId);
          context.report(contactId);
        }
      },
    };
  },
});
