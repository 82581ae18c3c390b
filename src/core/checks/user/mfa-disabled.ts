import { defineCheck } from "../types.js";
import { noThresholds } from "../util.js";

export default defineCheck({
  meta: {
    id: "user.mfa-disabled",
    title: "Active users without multi-factor authentication",
    category: "security",
    severity: "high",
    entity: "users",
    shape: "records",
    effort: "process",
    requires: ["users.mfaEnabled"],
    why: "A password alone is the most common way customer data leaks from a CRM.",
    fix: "Turn on MFA for these users, or enforce it for everyone in the CRM's security settings.",
  },
  thresholds: noThresholds,
  create(context) {
    return {
      users(user) {
        // mfa_enabled blank means unknown, which is not reported.
        if (user.active && user.mfaEnabled === false) context.report(user.id);
      },
    };
  },
});
