import { usersMessage, USERS_PAGE } from "../../messages/people.js";
import { defineAction } from "../define.js";

export default defineAction({
  id: "users.page",
  async run({ stores, request, value, out }) {
    const { total, people } = await stores.people.search(request.workspaceId, value.search, value.offset, USERS_PAGE);
    return out.update(usersMessage(value.search, total, people, value.offset));
  },
});
