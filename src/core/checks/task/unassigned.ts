import { defineCheck } from "../types.js";
import { isBlank, noThresholds } from "../util.js";

export default defineCheck({
  meta: {
    id: "task.unassigned",
    title: "Open tasks without an active assignee",
    category: "process",
    severity: "medium",
    entity: "tasks",
    shape: "records",
    effort: "bulk",
    requires: ["tasks.assigneeId"],
    why: "A task assigned to nobody, or to someone who left, will not be done.",
    fix: "Assign each open task to an active user.",
  },
  thresholds: noThresholds,
  // Also evaluated as SQL (src/db/sqlite/check-sql.ts); the visitor below is the reference.
  setBased: () => ({}),
  create(context) {
    const activeUsers = new Set<string>();
    return {
      users(user) {
        if (user.active) activeUsers.add(user.id);
      },
      tasks(task) {
        if (task.status !== "open") return;
        if (isBlank(task.assigneeId) || !activeUsers.has(task.assigneeId!)) context.report(task.id);
      },
    };
  },
});
