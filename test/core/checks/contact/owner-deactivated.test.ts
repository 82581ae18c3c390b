import check from "../../../../src/core/checks/contact/owner-deactivated.js";
import type { AuditRows } from "../../../../src/core/checks/types.js";
import { T, testCheck } from "../check-tester.js";
import { contact, user } from "../run-check.js";

const users = [user({ id: "u-active" }), user({ id: "u-gone", active: false })];
const one = (id: string, fields: Partial<AuditRows["contacts"]>) => ({
  users,
  contacts: [contact({ id, ...fields })],
});

testCheck(check, {
  asOf: T,
  valid: [
    { name: "owned by an active user", tables: one("active", { ownerId: "u-active" }) },
    { name: "owner not in the users table", tables: one("unknown", { ownerId: "u-nobody" }) },
    { name: "no owner", tables: one("none", { ownerId: null }) },
  ],
  invalid: [
    { name: "owned by a deactivated user", tables: one("gone", { ownerId: "u-gone" }), ids: ["gone"] },
    {
      name: "only the deactivated user's contacts",
      tables: {
        users,
        contacts: [contact({ id: "c1", ownerId: "u-gone" }), contact({ id: "c2", ownerId: "u-active" })],
      },
      ids: ["c1"],
    },
  ],
});
