import { z } from "zod";
import { defineCheck, DAY_MS } from "../types.js";
import { lastTouch, moreThanDaysBefore } from "../util.js";

export default defineCheck({
  meta: {
    id: "contact.retention-exceeded",
    title: "Contacts kept past the retention period",
    category: "compliance",
    severity: "high",
    entity: "contacts",
    shape: "records",
    effort: "bulk",
    why: "Privacy law (GDPR storage limitation) forbids keeping personal data longer than needed.",
    fix: "Review these deletion candidates and delete or anonymise those with no legal reason to keep them.",
  },
  // "N years" is N × 365 days (leap days ignored), so the boundary does not move with the calendar:
  // last touch strictly more than years × 365 days before T.
  thresholds: z.strictObject({ years: z.number().positive().default(3) }),
  // Also evaluated as SQL (src/db/sqlite/check-sql.ts); the visitor below is the reference.
  setBased: ({ years }, asOf) => ({ cutoff: asOf - years * 365 * DAY_MS }),
  create(context) {
    const { asOf, thresholds } = context;
    const days = thresholds.years * 365;
    return {
      contacts(contact) {
        if (moreThanDaysBefore(lastTouch(contact), asOf, days)) context.report(contact.id);
      },
    };
  },
});
