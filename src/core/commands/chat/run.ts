import { CheckSelectionError, resolveSelection } from "../../checks/select.js";
import { checkName, expectArg, UsageError } from "../args.js";
import { defineCommand } from "../define.js";
import { runAudit } from "../run-audit.js";

export default defineCommand({
  meta: {
    name: "run",
    usage: ["run [category|check ...] [--post]"],
    summary: "run an audit now (all checks, a category or checks); --post shares it with the channel (admins)",
    who: "anyone",
    whoNote: "anyone; `--post` admins",
    readOnly: false,
    category: "audit",
  },
  args(tokens) {
    const post = tokens.includes("--post");
    const rest = tokens.filter((a) => a !== "--post");
    const flag = rest.find((a) => a.startsWith("-"));
    if (flag) throw new UsageError(`unknown option "${flag}"`);
    return { kind: "run" as const, post, select: rest.map((a) => expectArg(checkName, a, "category or check")) };
  },
  adminOnly: (args) =>
    args.post ? "Only admins can post an audit to the channel. Run it without --post to see it yourself." : null,
  async run(ctx) {
    let select = ctx.args.select;
    try {
      // Without the registry (some tests), names go to the audit as typed; it resolves them too.
      if (ctx.checks.length)
        select =
          resolveSelection(
            ctx.checks.map((c) => c.meta),
            select,
          ) ?? [];
    } catch (error) {
      if (!(error instanceof CheckSelectionError)) throw error;
      return ctx.out.reply(ctx.usage(error.message));
    }
    return runAudit(ctx, ctx.request, select, ctx.args.post, ctx.out);
  },
});
