/** The mark buttons (Done, Snooze, Not mine): who may press them, the mark, and the refreshed list. */
import { DAY_MS } from "../checks/types.js";
import { formatDate } from "../messages/format.js";
import { noticeMessage } from "../messages/help.js";
import type { MarkKind } from "../stores/marks.js";
import { actorName, type ActionContext } from "./define.js";
import { dealFingerprint, taskFingerprint, type RecordType } from "./marks.js";
import { overdueListOf } from "./overdue-list.js";

const VERB: Record<MarkKind, string> = { done: "mark it done", snooze: "snooze it", "not-mine": "mark it not theirs" };

export async function markRecord(
  ctx: ActionContext<unknown>,
  type: RecordType,
  id: string,
  kind: MarkKind,
  days?: number,
): Promise<void> {
  const { stores, request, out } = ctx;
  const { workspaceId, actor } = request;
  const now = ctx.now();
  const note = (text: string) => out.reply(noticeMessage(text));
  const task = type === "task" ? await stores.people.task(workspaceId, id) : null;
  const deal = type === "deal" ? await stores.people.deal(workspaceId, id, now) : null;
  const record = task
    ? {
        title: task.subject,
        ownerId: task.assigneeId,
        fingerprint: taskFingerprint(task),
        closed: task.status !== "open",
      }
    : deal
      ? { title: deal.name, ownerId: deal.ownerId, fingerprint: dealFingerprint(deal), closed: deal.status !== "open" }
      : null;
  if (!record) return note(`That ${type} is no longer in the CRM copy.`);
  if (record.ownerId !== actor.crmUserId && !actor.isAdmin) {
    return note(`Only the ${type}'s ${type === "task" ? "assignee" : "owner"} or an admin can ${VERB[kind]}.`);
  }
  if (record.closed) return note(`"${record.title}" is already ${type === "task" ? "done" : "closed"} in the CRM.`);
  const until = kind === "snooze" ? now + (days ?? 1) * DAY_MS : null;
  await stores.marks.put(workspaceId, {
    recordType: type,
    recordId: id,
    kind,
    until,
    markedBy: actorName(request),
    markedAt: now,
    fingerprint: record.fingerprint,
  });
  const done =
    kind === "done"
      ? `Marked "${record.title}" done. Close it in the CRM too: the audit reports what the CRM says, and the mark ends when an import shows the ${type} changed.`
      : kind === "snooze"
        ? `Snoozed "${record.title}" until ${formatDate(until)}.`
        : `Marked "${record.title}" not mine: hidden from this list until the CRM changes it. Ask for it to be reassigned there.`;
  const owner = record.ownerId ? await stores.people.find(workspaceId, record.ownerId) : null;
  if (!owner) return note(done);
  // The button sits on an overdue list: show that list again, without the item, in its place.
  return out.update(await overdueListOf(ctx, workspaceId, owner, 0, done));
}
