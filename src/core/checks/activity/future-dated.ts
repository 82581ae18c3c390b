import { defineCheck } from "../types.js";
import { noThresholds } from "../util.js";

export default defineCheck({
  meta: {
    id: "activity.future-dated",
    title: "Logged activities dated in the future",
    category: "system",
    severity: "medium",
    entity: "activities",
    shape: "records",
    effort: "per-record",
    why: "Logged activities dated after now usually come from a broken integration or a time-zone bug.",
    fix: "Find the integration or import that wrote them and correct their dates.",
  },
  thresholds: noThresholds,
  // Also evaluated as SQL (src/db/sqlite/check-sql.ts); the visitor below is the reference.
  setBased: () => ({}),
  create(context) {
    return {
      activities(activity) {
        // A scheduled activity (a meeting on the calendar) is meant to lie ahead; only a logged
        // one dated after T points at a broken date. Blank status is read as completed.
        if (activity.status !== "scheduled" && activity.occurredAt > context.asOf) context.report(activity.id);
      },
    };
  },
});
