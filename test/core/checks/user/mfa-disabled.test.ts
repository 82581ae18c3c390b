import check from "../../../../src/core/checks/user/mfa-disabled.js";
import { T, testCheck } from "../check-tester.js";
import { user } from "../run-check.js";
import type { AuditRows } from "../../../../src/core/checks/types.js";

const one = (id: string, fields: Partial<AuditRows["users"]>) => ({ users: [user({ id, ...fields })] });

testCheck(check, {
  asOf: T,
  valid: [
    { name: "MFA on", tables: one("on", { mfaEnabled: true }) },
    { name: "unknown (blank) is not reported", tables: one("unknown", { mfaEnabled: null }) },
    { name: "disabled user with MFA off", tables: one("disabled-off", { active: false, mfaEnabled: false }) },
  ],
  invalid: [{ name: "active user with MFA off", tables: one("off", { mfaEnabled: false }), ids: ["off"] }],
});
