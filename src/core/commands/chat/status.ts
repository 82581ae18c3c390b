import { noAuditYetMessage, runTitle } from "../../messages/audit.js";
import { tooMany } from "../args.js";
import { summaryOf } from "../audit-views.js";
import { defineCommand } from "../define.js";

export default defineCommand({
  meta: {
    name: "status",
    usage: ["status"],
    summary: "the latest audit: score, top findings, trend",
    who: "anyone",
    readOnly: true,
    category: "audit",
  },
  args: (tokens) => (tooMany(tokens, 0), { kind: "status" as const }),
  async run({ audit, stores, request, out }) {
    const latest = await audit.latest(request.workspaceId);
    if (!latest) return out.reply(noAuditYetMessage());
    // The summary shows the score itself; the heading only says which run this is.
    return out.reply(await summaryOf(stores.records, latest, "private", `Latest ${runTitle(latest)}`));
  },
});
