import { z } from "zod";
import { defineCheck, DAY_MS } from "../types.js";
import { daysThreshold, lastTouch, moreThanDaysBefore } from "../util.js";

export default defineCheck({
  meta: {
    id: "contact.stale",
    title: "Stale contacts",
    category: "data-quality",
    severity: "low",
    entity: "contacts",
    shape: "records",
    effort: "per-record",
    why: "Contacts nobody has updated or contacted for a year are likely out of date (people change jobs).",
    fix: "Re-verify stale contacts (enrichment or a re-engagement campaign), archive those that no longer matter.",
  },
  // last touch strictly more than `days` days before T; exactly `days` days is not stale.
  thresholds: z.strictObject({ days: daysThreshold(365) }),
  // Also evaluated as SQL (src/db/sqlite/check-sql.ts); the visitor below is the reference.
  setBased: ({ days }, asOf) => ({ cutoff: asOf - days * DAY_MS }),
  create(context) {
    const { asOf, thresholds } = context;
    return {
      contacts(contact) {
        if (moreThanDaysBefore(lastTouch(contact), asOf, thresholds.days)) context.report(contact.id);
      },
    };
  },
});
