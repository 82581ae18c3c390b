import check from "../../../../src/core/checks/company/owner-deactivated.js";
import type { AuditRows } from "../../../../src/core/checks/types.js";
import { T, testCheck } from "../check-tester.js";
import { company, user } from "../run-check.js";

const users = [user({ id: "u-active" }), user({ id: "u-gone", active: false })];
const one = (id: string, fields: Partial<AuditRows["companies"]>) => ({
  users,
  companies: [company({ id, ...fields })],
});

testCheck(check, {
  asOf: T,
  valid: [
    { name: "owned by an active user", tables: one("active", { ownerId: "u-active" }) },
    { name: "owner not in the users table", tables: one("unknown", { ownerId: "u-nobody" }) },
    { name: "no owner", tables: one("none", { ownerId: null }) },
  ],
  invalid: [{ name: "owned by a deactivated user", tables: one("gone", { ownerId: "u-gone" }), ids: ["gone"] }],
});
