import { usersMessage, USERS_PAGE } from "../../messages/people.js";
import { defineCommand } from "../define.js";

export default defineCommand({
  meta: {
    name: "users",
    usage: ["users [search]"],
    summary: "the workspace's CRM users, or those whose name, email or id contains the search",
    who: "anyone",
    readOnly: true,
    category: "people",
  },
  args: (tokens) => ({ kind: "users" as const, search: tokens.length ? tokens.join(" ") : null }),
  async run({ stores, request, out, args }) {
    const { total, people } = await stores.people.search(request.workspaceId, args.search, 0, USERS_PAGE);
    return out.reply(usersMessage(args.search, total, people, 0));
  },
});
