import check from "../../../../src/core/checks/deal/owner-deactivated.js";
import type { AuditRows } from "../../../../src/core/checks/types.js";
import { T, testCheck } from "../check-tester.js";
import { deal, user } from "../run-check.js";

const users = [user({ id: "u-active" }), user({ id: "u-gone", active: false })];
const one = (id: string, fields: Partial<AuditRows["deals"]>) => ({ users, deals: [deal({ id, ...fields })] });

testCheck(check, {
  asOf: T,
  valid: [
    { name: "open, owned by an active user", tables: one("active", { ownerId: "u-active" }) },
    { name: "won, owned by a deactivated user", tables: one("won", { ownerId: "u-gone", status: "won" }) },
    { name: "lost, owned by a deactivated user", tables: one("lost", { ownerId: "u-gone", status: "lost" }) },
    // Exports without a users file: the owner cannot be judged (deal.missing-owner covers blanks).
    { name: "owner not in the users table", tables: one("unknown", { ownerId: "u-nobody" }) },
    { name: "no owner", tables: one("none", { ownerId: null }) },
    {
      name: "no users table at all",
      tables: { deals: [deal({ id: "no-users", ownerId: "u-gone" })] },
    },
  ],
  invalid: [
    { name: "open, owned by a deactivated user", tables: one("gone", { ownerId: "u-gone" }), ids: ["gone"] },
    {
      name: "owner id with surrounding spaces",
      tables: one("spaced", { ownerId: " u-gone " }),
      ids: ["spaced"],
    },
  ],
});
