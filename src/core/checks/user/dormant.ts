import { z } from "zod";
import { defineCheck } from "../types.js";
import { daysThreshold, reportQuietActiveUsers } from "../util.js";

export default defineCheck({
  meta: {
    id: "user.dormant",
    title: "Dormant active accounts",
    category: "security",
    severity: "high",
    entity: "users",
    shape: "records",
    effort: "bulk",
    requires: ["users.lastLoginAt"],
    why: "Enabled accounts nobody uses (often people who left) are an open door to the customer data.",
    fix: "Disable the seat; re-enable it if the person comes back.",
  },
  thresholds: z.strictObject({ days: daysThreshold(90) }),
  create: (context) => reportQuietActiveUsers(context, "lastLoginAt"),
});
