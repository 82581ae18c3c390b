import check from "../../../../src/core/checks/user/too-many-admins.js";
import { T, testCheck } from "../check-tester.js";
import { user } from "../run-check.js";

/** `active` active users, the first `admins` of them admins (ids u000, u001, …), plus `extra`. */
const team = (active: number, admins: number, extra: ReturnType<typeof user>[] = []) => ({
  users: [
    ...Array.from({ length: active }, (_, i) =>
      user({ id: `u${String(i).padStart(3, "0")}`, role: i < admins ? "admin" : "rep" }),
    ),
    ...extra,
  ],
});
const ids = (n: number) => Array.from({ length: n }, (_, i) => `u${String(i).padStart(3, "0")}`);
const disabledAdmins = [
  user({ id: "x1", role: "admin", active: false }),
  user({ id: "x2", role: "admin", active: false }),
];

// Too many: more than max(minAdmins, share × active users), not rounded.
testCheck(check, {
  asOf: T,
  valid: [
    { name: "10 users, 2 admins (= minAdmins)", tables: team(10, 2) },
    { name: "70 users, 7 admins (exactly 10%)", tables: team(70, 7) },
    { name: "disabled admins do not count", tables: team(10, 2, disabledAdmins) },
    { name: "configured minAdmins 3: 10 users, 3 admins", tables: team(10, 3), thresholds: { minAdmins: 3 } },
    { name: "configured share 0.2: 20 users, 4 admins", tables: team(20, 4), thresholds: { share: 0.2 } },
  ],
  invalid: [
    { name: "10 users, 3 admins: all admins listed", tables: team(10, 3), ids: ids(3) },
    { name: "70 users, 8 admins", tables: team(70, 8), ids: ids(8) },
    // 25 active users allow 2.5 admins, so 3 are too many.
    { name: "25 users, 3 admins (allowance 2.5)", tables: team(25, 3), ids: ids(3) },
    {
      name: "configured minAdmins 3: 10 users, 4 admins",
      tables: team(10, 4),
      thresholds: { minAdmins: 3 },
      ids: ids(4),
    },
    { name: "configured share 0.2: 20 users, 5 admins", tables: team(20, 5), thresholds: { share: 0.2 }, ids: ids(5) },
  ],
});
