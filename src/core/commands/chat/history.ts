import { historyMessage } from "../../messages/audit.js";
import { expectArg, positiveInt, tooMany } from "../args.js";
import { defineCommand } from "../define.js";

export default defineCommand({
  meta: {
    name: "history",
    usage: ["history [n]"],
    summary: "score of the last n audits",
    who: "anyone",
    readOnly: true,
    category: "audit",
  },
  args(tokens) {
    tooMany(tokens, 1);
    return {
      kind: "history" as const,
      limit: tokens[0] === undefined ? 10 : expectArg(positiveInt(50), tokens[0], "n"),
    };
  },
  run: async ({ audit, request, out, args }) =>
    out.reply(historyMessage(await audit.history(request.workspaceId, args.limit))),
});
