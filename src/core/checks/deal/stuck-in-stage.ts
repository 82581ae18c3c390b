import { z } from "zod";
import { defineCheck, DAY_MS } from "../types.js";
import { daysThreshold, moreThanDaysBefore } from "../util.js";

export default defineCheck({
  meta: {
    id: "deal.stuck-in-stage",
    title: "Open deals stuck in one stage",
    category: "process",
    severity: "medium",
    entity: "deals",
    shape: "records",
    effort: "per-record",
    requires: ["deals.stageEnteredAt"],
    why: "A deal that has not moved stage for two months is usually stalled or already lost.",
    fix: "Agree a next step with the buyer and move the deal on, or close it as lost.",
  },
  thresholds: z.strictObject({ days: daysThreshold(60) }),
  // Also evaluated as SQL (src/db/sqlite/check-sql.ts); the visitor below is the reference.
  setBased: ({ days }, asOf) => ({ cutoff: asOf - days * DAY_MS }),
  create(context) {
    const { asOf, thresholds } = context;
    return {
      deals(deal) {
        // Deals with no recorded stage_entered_at are not judged (the CRM did not export it).
        if (deal.status !== "open" || deal.stageEnteredAt == null) return;
        if (moreThanDaysBefore(deal.stageEnteredAt, asOf, thresholds.days)) context.report(deal.id);
      },
    };
  },
});
