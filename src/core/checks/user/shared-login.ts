import { z } from "zod";
import { defineCheck } from "../types.js";

/** Local parts of addresses that belong to a function or a team rather than one person. */
export const ROLE_ADDRESSES = [
  ...["admin", "administrator", "sales", "info", "team", "support", "crm", "office", "contact", "hello"],
  ...["marketing", "service", "help", "helpdesk", "billing", "accounts", "finance", "enquiries", "inquiries"],
  ...["noreply", "no-reply", "it", "hr", "shared", "general", "mail", "webmaster", "test", "user"],
];

export default defineCheck({
  meta: {
    id: "user.shared-login",
    title: "Shared or generic logins",
    category: "security",
    severity: "high",
    entity: "users",
    shape: "records",
    effort: "per-record",
    why: "A login shared by several people has no accountability, and its password outlives staff changes.",
    fix: "Give each person their own account and disable the shared one.",
  },
  thresholds: z.strictObject({
    // Compared with the address's local part, lower-cased and without a "+tag" ("Sales+eu@x.com" is "sales").
    roleAddresses: z
      .array(z.string().regex(/^[A-Za-z0-9._-]+$/, 'expected the part before "@", e.g. "sales"'))
      .default(ROLE_ADDRESSES),
  }),
  create(context) {
    const roles = new Set(context.thresholds.roleAddresses.map((r) => r.toLowerCase()));
    return {
      users(user) {
        const at = user.email.lastIndexOf("@");
        if (at < 0) return;
        // "s": "." takes line breaks too, so a cell with many "+" and a line break is not
        // rescanned from each of them.
        const local = user.email.slice(0, at).trim().toLowerCase().replace(/\+.*$/s, "");
        if (roles.has(local)) context.report(user.id);
      },
    };
  },
});
