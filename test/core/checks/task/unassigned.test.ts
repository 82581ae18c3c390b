import check from "../../../../src/core/checks/task/unassigned.js";
import { T, testCheck } from "../check-tester.js";
import { task, user } from "../run-check.js";
import type { AuditRows } from "../../../../src/core/checks/types.js";

const users = [user({ id: "u-active" }), user({ id: "u-gone", active: false })];
const one = (id: string, fields: Partial<AuditRows["tasks"]>) => ({ users, tasks: [task({ id, ...fields })] });

testCheck(check, {
  asOf: T,
  valid: [
    { name: "assigned to an active user", tables: one("active", { assigneeId: "u-active" }) },
    { name: "done and unassigned", tables: one("done-none", { assigneeId: null, status: "done" }) },
  ],
  invalid: [
    { name: "assigned to an inactive user", tables: one("inactive", { assigneeId: "u-gone" }), ids: ["inactive"] },
    { name: "assigned to an unknown user", tables: one("unknown", { assigneeId: "u-nobody" }), ids: ["unknown"] },
    { name: "no assignee", tables: one("none", { assigneeId: null }), ids: ["none"] },
    { name: "whitespace assignee", tables: one("blank", { assigneeId: " " }), ids: ["blank"] },
  ],
});
