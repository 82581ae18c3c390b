import { z } from "zod";
import { defineCheck, VISIT_ORDER } from "../types.js";

export default defineCheck({
  meta: {
    id: "dataset.count-drop",
    title: "Record counts that dropped since the previous audit",
    category: "system",
    severity: "high",
    entity: "dataset",
    shape: "records",
    effort: "process",
    why: "A sudden drop in records usually means a failed sync, a partial import or a mass deletion.",
    fix: "Check the last import or sync and the CRM's recycle bin; restore what was lost.",
  },
  // Reported ids are entity names ("contacts"): those whose count fell by more than `share`
  // of the previous run's count (exactly `share` is not reported). No previous run: nothing.
  thresholds: z.strictObject({ share: z.number().min(0).max(1).default(0.2) }),
  create(context) {
    return {
      finish() {
        const previous = context.previousCounts;
        if (previous === null) return;
        for (const entity of VISIT_ORDER) {
          const before = previous[entity] ?? 0;
          const now = context.counts[entity] ?? 0;
          if (before > 0 && (before - now) / before > context.thresholds.share) context.report(entity);
        }
      },
    };
  },
});
