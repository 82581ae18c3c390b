import check from "../../../../src/core/checks/task/missing-due-date.js";
import { T, testCheck } from "../check-tester.js";
import { task } from "../run-check.js";

testCheck(check, {
  asOf: T,
  valid: [
    { name: "done without due date", tables: { tasks: [task({ id: "done-none", status: "done" })] } },
    { name: "open with due date", tables: { tasks: [task({ id: "open-due", dueAt: T })] } },
  ],
  invalid: [{ name: "open without due date", tables: { tasks: [task({ id: "open-none" })] }, ids: ["open-none"] }],
});
