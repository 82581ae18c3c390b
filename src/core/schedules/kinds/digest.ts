/**
 * `digest`: a channel summary for team leads. For every owner of tasks or deals, their attention
 * list exactly as `overdue` shows it (commands/attention.ts: the process checks with the
 * workspace's settings, chat marks applied), judged at the fire's instant; owners with items are
 * listed most overdue first with their oldest items. Ids on records that are not CRM users are
 * listed as unknown owners, never dropped. Owners linked to a chat user on the schedule's
 * platform are @mentioned (reminders/matching.ts, knownChatUsers). Nothing is posted when nobody
 * has items unless `--always`.
 */
import { z } from "zod";
import { attentionOf, type AttentionDeal } from "../../commands/attention.js";
import { digestMessage, type DigestItem, type DigestOwner } from "../../messages/digest.js";
import type { PersonTask } from "../../stores/people.js";
import { lastDealActivity } from "../../checks/util.js";
import { knownChatUsers } from "../../reminders/matching.js";
import { defineScheduleKind } from "../kind.js";

const options = z.object({ always: z.boolean().default(false) }).strict();

const WHY: Record<string, string> = {
  "deal.past-close-date": "past close date",
  "deal.no-recent-activity": "no recent activity",
  "deal.stuck-in-stage": "stuck in stage",
};

function taskItem(task: PersonTask): DigestItem {
  return { type: "task", label: task.subject, since: task.dueAt, why: "due" };
}

/** A deal is as old as its oldest reason: the close date it passed, its last activity, its stage entry. */
function dealItem(deal: AttentionDeal): DigestItem {
  const since = (reason: string): number | null => {
    if (reason === "deal.past-close-date") return deal.expectedCloseDate ?? null;
    if (reason === "deal.no-recent-activity") return lastDealActivity(deal);
    return deal.stageEnteredAt ?? null;
  };
  const dated = deal.reasons
    .map((reason) => ({ reason, at: since(reason) }))
    .sort((a, b) => (a.at ?? Infinity) - (b.at ?? Infinity));
  return {
    type: "deal",
    label: deal.name,
    since: dated[0]?.at ?? null,
    why: deal.reasons.map((r) => WHY[r] ?? r).join(", "),
  };
}

/** Oldest first; items without a date last, then by label so the order is stable. */
const byAge = (a: DigestItem, b: DigestItem) =>
  (a.since ?? Infinity) - (b.since ?? Infinity) || a.label.localeCompare(b.label);

export default defineScheduleKind({
  meta: {
    kind: "digest",
    summary: "posts, per owner, the open tasks past due and deals needing attention (the overdue lists), oldest first",
    options,
    optionHelp: ["--always  post even when nobody has items"],
  },
  async run({ schedule, options, fireAt, stores, fileSettings, post }) {
    const owners: DigestOwner[] = [];
    const { platform, tenantId } = schedule.target;
    const chatUsers = await knownChatUsers(stores.reminders, schedule.workspaceId, platform, tenantId);
    for (const ownerId of await stores.people.owners(schedule.workspaceId)) {
      const list = await attentionOf({ stores, fileSettings }, schedule.workspaceId, ownerId, fireAt);
      if (list.tasks.length === 0 && list.deals.length === 0) continue;
      const person = await stores.people.find(schedule.workspaceId, ownerId);
      // find() also matches an email; only the same id is this owner.
      const name = person?.id === ownerId ? person.name : null;
      const chatUser = name === null ? undefined : chatUsers.get(ownerId);
      owners.push({
        ...(chatUser && name !== null ? { mention: { userId: chatUser, name } } : {}),
        ownerId,
        name,
        tasks: list.tasks.length,
        deals: list.deals.length,
        items: [...list.tasks.map(taskItem), ...list.deals.map(dealItem)].sort(byAge),
      });
    }
    owners.sort((a, b) => byAge(a.items[0]!, b.items[0]!) || a.ownerId.localeCompare(b.ownerId));
    if (owners.length === 0 && !options.always) return "nothing to post";
    await post(digestMessage(schedule.id, owners, fireAt));
    return "posted";
  },
});
