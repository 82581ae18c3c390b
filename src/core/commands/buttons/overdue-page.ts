import { defineAction } from "../define.js";
import { overdueListOf } from "../overdue-list.js";
import { personFor } from "../people.js";

export default defineAction({
  id: "overdue.page",
  async run(ctx) {
    const { request, value, out } = ctx;
    const found = await personFor(ctx, request, { kind: "crm", idOrEmail: value.crmUserId }, "overdue");
    if ("message" in found) return out.reply(found.message);
    const message = await overdueListOf(ctx, request.workspaceId, found.person, value.offset);
    return value.offset === 0 ? out.reply(message) : out.update(message);
  },
});
