import { parseUserRef, tooMany, UsageError, type UserRef } from "../args.js";
import { defineCommand } from "../define.js";
import { overdueListOf } from "../overdue-list.js";
import { personFor } from "../people.js";

export default defineCommand({
  meta: {
    name: "overdue",
    usage: ["overdue [@user|email|name]"],
    summary: "your open tasks past due and deals needing attention, as the process checks judge them",
    who: "anyone",
    whoNote: "anyone for their own, admins for others",
    readOnly: true,
    category: "work",
  },
  args(tokens) {
    tooMany(tokens, 1);
    if (tokens.length === 0) return { kind: "overdue" as const, who: null as UserRef | null };
    const who = parseUserRef(tokens[0]!);
    if (!who) throw new UsageError(`"${tokens[0]}" is not a user`);
    return { kind: "overdue" as const, who: who as UserRef | null };
  },
  async run(ctx) {
    const found = await personFor(ctx, ctx.request, ctx.args.who, "overdue");
    if ("message" in found) return ctx.out.reply(found.message);
    return ctx.out.reply(await overdueListOf(ctx, ctx.request.workspaceId, found.person, 0));
  },
});
