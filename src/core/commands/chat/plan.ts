import { loadPlan } from "../../plan/index.js";
import { planMessage } from "../../plan/format.js";
import { tooMany } from "../args.js";
import { defineCommand } from "../define.js";

export default defineCommand({
  meta: {
    name: "plan",
    usage: ["plan"],
    summary: "what to fix first: the latest full audit's findings by impact and effort, with owners and score gains",
    who: "anyone",
    readOnly: true,
    category: "audit",
  },
  args: (tokens) => (tooMany(tokens, 0), { kind: "plan" as const }),
  async run({ audit, stores, request, out }) {
    return out.reply(planMessage(await loadPlan({ audit, records: stores.records }, request.workspaceId)));
  },
});
