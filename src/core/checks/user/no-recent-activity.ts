import { z } from "zod";
import { defineCheck } from "../types.js";
import { daysThreshold, reportQuietActiveUsers } from "../util.js";

export default defineCheck({
  meta: {
    id: "user.no-recent-activity",
    title: "Active users who logged no activity lately",
    category: "usage",
    severity: "medium",
    entity: "users",
    shape: "records",
    effort: "process",
    requires: ["activities"],
    why: "Users who log no calls, emails or meetings either do not use the CRM or work outside it.",
    fix: "Find out where their customer work is recorded and help them log it in the CRM.",
  },
  thresholds: z.strictObject({ days: daysThreshold(30) }),
  create: (context) => reportQuietActiveUsers(context, "lastActivityAt"),
});
