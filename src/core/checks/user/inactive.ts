import { z } from "zod";
import { defineCheck } from "../types.js";
import { daysThreshold, reportQuietActiveUsers } from "../util.js";

export default defineCheck({
  meta: {
    id: "user.inactive",
    title: "Active users who have not logged in lately",
    category: "usage",
    severity: "medium",
    entity: "users",
    shape: "records",
    effort: "process",
    requires: ["users.lastLoginAt"],
    why: "Seats that are not used cost money and mean the CRM's data is not being kept up to date.",
    fix: "Ask these users what stops them using the CRM, train them, or free the seat.",
  },
  thresholds: z.strictObject({ days: daysThreshold(30) }),
  create: (context) => reportQuietActiveUsers(context, "lastLoginAt"),
});
