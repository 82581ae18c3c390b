import { noAuditYetMessage } from "../../messages/audit.js";
import { noticeMessage } from "../../messages/help.js";
import { checkName, expectArg, positiveInt, tooMany, UsageError } from "../args.js";
import { findingRecordsOf } from "../audit-views.js";
import { checkNamed } from "../check-named.js";
import { defineCommand } from "../define.js";

export default defineCommand({
  meta: {
    name: "findings",
    usage: ["findings <check> [page]"],
    summary: "the records behind one finding, a page at a time",
    who: "anyone",
    readOnly: true,
    category: "audit",
  },
  args(tokens) {
    if (tokens.length === 0) throw new UsageError("which check? e.g. findings contact.stale");
    tooMany(tokens, 2);
    const page = tokens[1] === undefined ? 1 : expectArg(positiveInt(100_000), tokens[1], "page");
    return { kind: "findings" as const, checkId: expectArg(checkName, tokens[0]!, "check"), page };
  },
  async run(ctx) {
    const { audit, stores, request, out, args } = ctx;
    // A name that is no check is a usage error whether or not an audit has run.
    const named = checkNamed(ctx.checks, args.checkId, ctx.usage);
    if ("message" in named) return out.reply(named.message);
    const latest = await audit.latest(request.workspaceId);
    if (!latest) return out.reply(noAuditYetMessage());
    const id = named.check.meta.id;
    const finding = latest.findings.find((f) => f.checkId === id);
    if (!finding) return out.reply(noticeMessage(`${id} was not part of run #${latest.id} or found nothing.`));
    return out.reply(await findingRecordsOf(stores.records, latest, finding, args.page - 1));
  },
});
