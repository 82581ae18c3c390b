import { notMineRequestMessage } from "../../messages/reminders.js";
import { actorName, defineAction } from "../define.js";
import { markRecord } from "../mark-record.js";

/**
 * "Not mine": hides the record from its owner's lists and reminders until the CRM changes it,
 * and asks the workspace's chat admins to reassign it, naming who said so (docs/reminders.md).
 */
export default defineAction({
  id: "record.not-mine",
  async run(ctx) {
    const { request, value, stores } = ctx;
    const { workspaceId, actor } = request;
    const before = ctx.now();
    await markRecord(ctx, value.recordType, value.recordId, "not-mine");
    // markRecord refuses (not the owner, closed, gone) with a note; only a mark it wrote is a request.
    const [mark] = await stores.marks.list(workspaceId, value.recordType, [value.recordId]);
    const who = actorName(request);
    if (!mark || mark.kind !== "not-mine" || mark.markedBy !== who || mark.markedAt < before) return;
    const record =
      value.recordType === "task"
        ? await stores.people
            .task(workspaceId, value.recordId)
            .then((t) => t && { title: t.subject, ownerId: t.assigneeId })
        : await stores.people
            .deal(workspaceId, value.recordId, before)
            .then((d) => d && { title: d.name, ownerId: d.ownerId });
    if (!record) return;
    const admins = (await stores.reminders.admins(workspaceId, actor.platform, actor.tenantId)).filter(
      (id) => id !== actor.userId,
    );
    // The confirmation already tells the person to ask for a reassignment in the CRM; without an
    // admin to ask, or a way to reach them, the log says so and the list stays their last message.
    if (admins.length === 0) {
      ctx.logger.warn("not-mine: no chat admin known to ask", { workspaceId, recordId: value.recordId });
      return;
    }
    const message = notMineRequestMessage(who, {
      type: value.recordType,
      id: value.recordId,
      title: record.title,
      ownerId: record.ownerId ?? null,
    });
    try {
      await ctx.deliver(
        admins.map((userId) => ({
          workspaceId,
          target: { kind: "user" as const, platform: actor.platform, tenantId: actor.tenantId, userId },
          message,
          key: `not-mine:${value.recordType}:${value.recordId}:${actor.userId}:${mark.markedAt}:${userId}`,
        })),
      );
    } catch (error) {
      ctx.logger.warn("not-mine request not delivered", { workspaceId, error: String(error) });
    }
  },
});
