import { z } from "zod";
import { defineCheck, DAY_MS } from "../types.js";
import { daysThreshold, lastDealActivity, neverOrMoreThanDaysBefore } from "../util.js";

export default defineCheck({
  meta: {
    id: "deal.no-recent-activity",
    title: "Open deals with no recent activity",
    category: "process",
    severity: "medium",
    entity: "deals",
    shape: "records",
    effort: "process",
    requires: ["activities|deals.lastActivityAt"],
    why: "Open deals nobody has called, emailed or met about lately are going cold.",
    fix: "Log the next call, email or meeting for each deal, or close the deal.",
  },
  thresholds: z.strictObject({ days: daysThreshold(30) }),
  // Also evaluated as SQL (src/db/sqlite/check-sql.ts); the visitor below is the reference.
  setBased: ({ days }, asOf) => ({ cutoff: asOf - days * DAY_MS }),
  create(context) {
    const { asOf, thresholds } = context;
    return {
      deals(deal) {
        if (deal.status !== "open") return;
        // The window [T - days, T] is closed: an activity exactly `days` days before T is recent.
        if (neverOrMoreThanDaysBefore(lastDealActivity(deal), asOf, thresholds.days)) {
          context.report(deal.id);
        }
      },
    };
  },
});
