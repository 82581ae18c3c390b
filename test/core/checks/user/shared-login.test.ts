import check from "../../../../src/core/checks/user/shared-login.js";
import { T, testCheck } from "../check-tester.js";
import { user } from "../run-check.js";
import type { AuditRows } from "../../../../src/core/checks/types.js";

const one = (id: string, fields: Partial<AuditRows["users"]>) => ({ users: [user({ id, ...fields })] });
const everyone = {
  users: [
    user({ id: "sales", email: "sales@acme.com" }),
    user({ id: "info-upper", email: "INFO@acme.com" }),
    user({ id: "support-tag", email: "support+crm@acme.com", active: false }),
    user({ id: "person", email: "ann.lee@acme.com" }),
    user({ id: "salesperson", email: "sales.ann@acme.com" }),
  ],
};

testCheck(check, {
  asOf: T,
  valid: [
    { name: "a person's address", tables: one("person", { email: "ann.lee@acme.com" }) },
    { name: "a role word inside a longer local part", tables: one("salesperson", { email: "sales.ann@acme.com" }) },
  ],
  invalid: [
    { name: "role address", tables: one("sales", { email: "sales@acme.com" }), ids: ["sales"] },
    { name: "upper case", tables: one("info-upper", { email: "INFO@acme.com" }), ids: ["info-upper"] },
    {
      name: "+tag, inactive user",
      tables: one("support-tag", { email: "support+crm@acme.com", active: false }),
      ids: ["support-tag"],
    },
    {
      name: "configured list replaces the default one",
      tables: everyone,
      thresholds: { roleAddresses: ["sales.ann"] },
      ids: ["salesperson"],
    },
  ],
});
