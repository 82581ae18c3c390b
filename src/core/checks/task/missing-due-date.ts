import { defineCheck } from "../types.js";
import { noThresholds } from "../util.js";

export default defineCheck({
  meta: {
    id: "task.missing-due-date",
    title: "Open tasks without a due date",
    category: "process",
    severity: "low",
    entity: "tasks",
    shape: "records",
    effort: "per-record",
    requires: ["tasks.dueAt"],
    why: "A task with no due date never becomes urgent and is easily forgotten.",
    fix: "Give each open task a due date, or close it.",
  },
  thresholds: noThresholds,
  // Also evaluated as SQL (src/db/sqlite/check-sql.ts); the visitor below is the reference.
  setBased: () => ({}),
  create(context) {
    return {
      tasks(task) {
        if (task.status === "open" && task.dueAt == null) context.report(task.id);
      },
    };
  },
});
