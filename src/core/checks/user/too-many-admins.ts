import { z } from "zod";
import { defineCheck } from "../types.js";

export default defineCheck({
  meta: {
    id: "user.too-many-admins",
    title: "Too many administrators",
    category: "security",
    severity: "medium",
    entity: "users",
    shape: "records",
    effort: "bulk",
    requires: ["users.role"],
    why: "Every admin account can export or delete all customer data; fewer admins, smaller risk.",
    fix: "Review the admins listed and demote those who do not need admin rights.",
  },
  // Allowed admins: max(minAdmins, share × active users), not rounded; only more than that is reported.
  thresholds: z.strictObject({
    minAdmins: z.number().int().nonnegative().default(2),
    share: z.number().min(0).max(1).default(0.1),
  }),
  create(context) {
    const admins: string[] = [];
    let activeUsers = 0;
    return {
      users(user) {
        if (!user.active) return;
        activeUsers += 1;
        if (user.role === "admin") admins.push(user.id);
      },
      finish() {
        const { minAdmins, share } = context.thresholds;
        // admins > max(minAdmins, share × active), written as a quotient so that a share of
        // exactly 10% is not pushed over the limit by floating-point rounding (0.1 × 70 ≠ 7).
        if (admins.length > minAdmins && admins.length / activeUsers > share)
          for (const id of admins) context.report(id);
      },
    };
  },
});
