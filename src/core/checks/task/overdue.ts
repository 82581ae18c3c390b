import { defineCheck } from "../types.js";
import { noThresholds } from "../util.js";

export default defineCheck({
  meta: {
    id: "task.overdue",
    title: "Overdue tasks",
    category: "process",
    severity: "medium",
    entity: "tasks",
    shape: "records",
    effort: "per-record",
    requires: ["tasks.dueAt"],
    why: "Overdue tasks are promises to customers that were not kept.",
    fix: "Do the task, reschedule it with a realistic date, or close it if it no longer applies.",
  },
  thresholds: noThresholds,
  // Also evaluated as SQL (src/db/sqlite/check-sql.ts); the visitor below is the reference.
  setBased: () => ({}),
  create(context) {
    return {
      tasks(task) {
        // Due exactly at T is not overdue yet.
        if (task.status === "open" && task.dueAt != null && task.dueAt < context.asOf) context.report(task.id);
      },
    };
  },
});
