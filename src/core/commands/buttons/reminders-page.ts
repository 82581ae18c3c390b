import { noticeMessage } from "../../messages/help.js";
import { REMINDER_PAGE, reminderDigestMessage } from "../../messages/reminders.js";
import { ownerReminderItems, planReminders } from "../../reminders/items.js";
import { defineAction } from "../define.js";

/** "Show all" on a reminder: the owner's current items (or the unassigned ones, for admins), a page at a time. */
export default defineAction({
  id: "reminders.page",
  async run(ctx) {
    const { request, value, out, stores } = ctx;
    const { workspaceId, actor } = request;
    const now = ctx.now();
    if (value.ownerId === null) {
      if (!actor.isAdmin) return out.reply(noticeMessage("Only admins see the unassigned items."));
      const plan = await planReminders(ctx, workspaceId, now);
      return out.update(
        reminderDigestMessage({
          ownerId: null,
          ownerName: null,
          items: plan.unassigned,
          asOf: now,
          offset: value.offset,
          pageSize: REMINDER_PAGE,
        }),
      );
    }
    if (value.ownerId !== actor.crmUserId && !actor.isAdmin) {
      return out.reply(noticeMessage("Only the owner or an admin can see these reminders."));
    }
    const owner = await stores.people.find(workspaceId, value.ownerId);
    const { items } = await ownerReminderItems(ctx, workspaceId, value.ownerId, now);
    return out.update(
      reminderDigestMessage({
        ownerId: value.ownerId,
        ownerName: owner?.id === value.ownerId ? owner.name : null,
        items,
        asOf: now,
        offset: Math.min(value.offset, Math.max(0, items.length - 1)),
        pageSize: REMINDER_PAGE,
      }),
    );
  },
});
