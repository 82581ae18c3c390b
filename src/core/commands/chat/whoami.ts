import { whoamiMessage } from "../../messages/people.js";
import { tooMany } from "../args.js";
import { defineCommand } from "../define.js";

export default defineCommand({
  meta: {
    name: "whoami",
    usage: ["whoami"],
    summary: "your chat account, whether you are an admin, and the CRM user it is linked to",
    who: "anyone",
    readOnly: true,
    category: "people",
  },
  args: (tokens) => (tooMany(tokens, 0), { kind: "whoami" as const }),
  async run({ stores, request, out }) {
    const { actor, workspaceId } = request;
    const person = actor.crmUserId ? await stores.people.find(workspaceId, actor.crmUserId) : null;
    return out.reply(whoamiMessage(actor, person));
  },
});
