import { describe, expect, it } from "vitest";
import missingDueDate from "../../../src/core/checks/task/missing-due-date.js";
import overdue from "../../../src/core/checks/task/overdue.js";
import unassigned from "../../../src/core/checks/task/unassigned.js";
import { at, runCheck, task, user } from "./run-check.js";

const T = at("2026-05-01T12:00:00Z");
const asOf = T;

describe("task.overdue", () => {
  it("reports open tasks due strictly before T", () => {
    const tasks = [
      task({ id: "due-at-T", dueAt: T }),
      task({ id: "due-1ms-before", dueAt: T - 1 }),
      task({ id: "due-tomorrow", dueAt: T + 86_400_000 }),
      // 2026-05-01T13:00:00+02:00 is 11:00Z, an hour before T.
      task({ id: "offset-before", dueAt: at("2026-05-01T13:00:00+02:00") }),
      // 2026-05-01T09:00:00-04:00 is 13:00Z, an hour after T.
      task({ id: "offset-after", dueAt: at("2026-05-01T09:00:00-04:00") }),
      task({ id: "done-late", dueAt: T - 10, status: "done", completedAt: T }),
      task({ id: "no-due" }),
    ];
    expect(runCheck(overdue, { tasks }, { asOf }).ids).toEqual(["due-1ms-before", "offset-before"]);
  });
});

describe("task.missing-due-date", () => {
  it("reports open tasks without due_at only", () => {
    const tasks = [
      task({ id: "open-none" }),
      task({ id: "done-none", status: "done" }),
      task({ id: "open-due", dueAt: T }),
    ];
    expect(runCheck(missingDueDate, { tasks }, { asOf }).ids).toEqual(["open-none"]);
  });
});

describe("task.unassigned", () => {
  it("reports open tasks with no assignee or an assignee who is not an active user", () => {
    const users = [user({ id: "u-active" }), user({ id: "u-gone", active: false })];
    const tasks = [
      task({ id: "active", assigneeId: "u-active" }),
      task({ id: "inactive", assigneeId: "u-gone" }),
      task({ id: "unknown", assigneeId: "u-nobody" }),
      task({ id: "none", assigneeId: null }),
      task({ id: "done-none", assigneeId: null, status: "done" }),
    ];
    expect(runCheck(unassigned, { users, tasks }, { asOf }).ids).toEqual(["inactive", "none", "unknown"]);
  });
});
