import check from "../../../../src/core/checks/task/overdue.js";
import { T, testCheck } from "../check-tester.js";
import { at, task } from "../run-check.js";
import { DAY_MS, type AuditRows } from "../../../../src/core/checks/types.js";

const one = (id: string, fields: Partial<AuditRows["tasks"]>) => ({ tasks: [task({ id, ...fields })] });

testCheck(check, {
  asOf: T,
  valid: [
    { name: "due exactly at T", tables: one("due-at-T", { dueAt: T }) },
    { name: "due tomorrow", tables: one("due-tomorrow", { dueAt: T + DAY_MS }) },
    // 2026-05-01T09:00:00-04:00 is 13:00Z, an hour after T.
    { name: "offset: an hour after T", tables: one("offset-after", { dueAt: at("2026-05-01T09:00:00-04:00") }) },
    { name: "done late", tables: one("done-late", { dueAt: T - 10, status: "done", completedAt: T }) },
    { name: "no due date", tables: one("no-due", {}) },
  ],
  invalid: [
    { name: "due 1 ms before T", tables: one("due-1ms-before", { dueAt: T - 1 }), ids: ["due-1ms-before"] },
    // 2026-05-01T13:00:00+02:00 is 11:00Z, an hour before T.
    {
      name: "offset: an hour before T",
      tables: one("offset-before", { dueAt: at("2026-05-01T13:00:00+02:00") }),
      ids: ["offset-before"],
    },
  ],
});
