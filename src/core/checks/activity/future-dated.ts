import { defineCheck } from "../types.js";
import { noThresholds } from "../util.js";

export default defineCheck({
  meta: {
    id: "activity.future-dated",
    title: "Activities dated in the future",
    category: "system",
    severity: "medium",
    entity: "activities",
    shape: "records",
    why: "Activities dated after now usually come from a broken integration or a time-zone bug.",
    fix: "Find the integration or import that wrote them and correct their dates.",
  },
  thresholds: noThresholds,
  create(context) {
    return {
      activities(activity) {
        if (activity.occurredAt > context.asOf) context.report(activity.id);
      },
    };
  },
});
