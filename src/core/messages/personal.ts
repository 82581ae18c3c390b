/** A person's own work: overdue tasks and deals needing attention, and the App Home overview. */
import type { AuditRunResult } from "../audit/types.js";
import { button } from "../commands/actions.js";
import { categoryLabel, formatDate, formatScore, numberRange, partialNote, plural, truncate } from "./format.js";
import type { Block, Button, Message } from "./model.js";

/**
 * Items per list and page: the rest is behind "show more". Every item carries its own buttons,
 * and a Teams card of 5 tasks and 5 deals with long names stays within its size budget
 * (test/core/messages/personal.test.ts).
 */
export const OVERDUE_PAGE = 5;
const HOME_ITEMS = 5;

const DAY = 86_400_000;

export interface OverdueTask {
  id: string;
  subject: string;
  dueAt: number | null;
  /** The deal, contact or company the task is about, by name. */
  relatedTo: string | null;
}

export interface DealNeedingAttention {
  id: string;
  name: string;
  stage: string;
  expectedCloseDate: number | null;
  lastActivityAt: number | null;
  /** Ids of the checks that report the deal (commands/attention.ts). */
  reasons: readonly string[];
}

/** Listed items hidden by a chat mark, by kind (commands/marks.ts). */
export interface HiddenItems {
  done: number;
  snooze: number;
  "not-mine": number;
}

const REASONS: Record<string, string> = {
  "deal.past-close-date": "past close date",
  "deal.no-recent-activity": "no recent activity",
  "deal.stuck-in-stage": "stuck in stage",
};

/** Whole days late, counted in calendar days (UTC), so two tasks due the same day read alike. */
function daysLate(since: number | null, now: number): string {
  if (since === null) return "";
  const days = Math.floor(now / DAY) - Math.floor(since / DAY);
  return days <= 0 ? "today" : `${days} d late`;
}

function taskRows(tasks: readonly OverdueTask[], now: number, first?: number): string[][] {
  return tasks.map((t, i) => [
    ...(first === undefined ? [] : [String(first + i)]),
    truncate(t.subject, 50),
    truncate(t.relatedTo ?? "–", 40),
    formatDate(t.dueAt),
    daysLate(t.dueAt, now),
  ]);
}

function dealRows(deals: readonly DealNeedingAttention[], first?: number): string[][] {
  return deals.map((d, i) => [
    ...(first === undefined ? [] : [String(first + i)]),
    truncate(d.name, 50),
    d.stage,
    formatDate(d.expectedCloseDate),
    d.lastActivityAt ? formatDate(d.lastActivityAt) : "never",
    d.reasons.map((r) => REASONS[r] ?? r).join(", "),
  ]);
}

/** One compact row of buttons per listed item, labelled with the item's number in the tables. */
function itemActions(type: "task" | "deal", id: string, n: number): Block {
  const record = { recordType: type, recordId: id };
  const buttons: Button[] = [
    ...(type === "task" ? [button("task.done", `Done #${n}`, { taskId: id }, "primary")] : []),
    button("reminder.snooze", `Snooze 1 d #${n}`, { ...record, days: 1 }),
    button("reminder.snooze", `Snooze 1 wk #${n}`, { ...record, days: 7 }),
    button("record.not-mine", `Not mine #${n}`, record),
  ];
  return { type: "actions", buttons };
}

/** "2 marked done in chat, not yet closed in the CRM · 1 snoozed", or "" when nothing is hidden. */
function hiddenNote(hidden: HiddenItems | undefined): string {
  if (!hidden) return "";
  return [
    hidden.done ? `${hidden.done} marked done in chat, not yet closed in the CRM` : "",
    hidden.snooze ? `${hidden.snooze} snoozed` : "",
    hidden["not-mine"] ? `${hidden["not-mine"]} marked not mine` : "",
  ]
    .filter(Boolean)
    .join(" · ");
}

export function overdueMessage(
  owner: { id: string; name: string },
  tasks: readonly OverdueTask[],
  deals: readonly DealNeedingAttention[],
  now: number,
  offset = 0,
  hidden?: HiddenItems,
): Message {
  const pageTasks = tasks.slice(offset, offset + OVERDUE_PAGE);
  const pageDeals = deals.slice(offset, offset + OVERDUE_PAGE);
  const hiddenText = hiddenNote(hidden);
  const blocks: Block[] = [
    { type: "heading", text: truncate(`Overdue for ${owner.name}`, 150) },
    {
      type: "context",
      text: `${plural(tasks.length, "overdue task")} · ${plural(deals.length, "open deal")} needing attention · as of ${formatDate(now)}${hiddenText ? ` · ${hiddenText}` : ""}`,
    },
  ];
  if (tasks.length === 0 && deals.length === 0) {
    blocks.push({ type: "text", text: "Nothing overdue. Well done." });
  }
  // Both tables number their rows on from each other, so "#3" names one item of the page.
  const shownOf = (n: number, total: number) =>
    total > n || offset > 0 ? ` ${numberRange(offset + 1, offset + n)} of ${total}` : "";
  if (pageTasks.length) {
    blocks.push({
      type: "table",
      caption: `Tasks${shownOf(pageTasks.length, tasks.length)}`,
      columns: ["#", "Task", "About", "Due", "Late"],
      rows: taskRows(pageTasks, now, 1),
    });
    pageTasks.forEach((t, i) => blocks.push(itemActions("task", t.id, i + 1)));
  }
  if (pageDeals.length) {
    const first = pageTasks.length + 1;
    blocks.push({
      type: "table",
      caption: `Deals${shownOf(pageDeals.length, deals.length)}`,
      columns: ["#", "Deal", "Stage", "Close date", "Last activity", "Why"],
      rows: dealRows(pageDeals, first),
    });
    pageDeals.forEach((d, i) => blocks.push(itemActions("deal", d.id, first + i)));
  }
  if (offset + OVERDUE_PAGE < Math.max(tasks.length, deals.length)) {
    blocks.push({
      type: "actions",
      buttons: [button("overdue.page", "Show more", { crmUserId: owner.id, offset: offset + OVERDUE_PAGE })],
    });
  }
  return {
    text: `${owner.name}: ${plural(tasks.length, "overdue task")}, ${plural(deals.length, "deal")} needing attention`,
    visibility: "private",
    blocks,
  };
}

export interface HomeInput {
  latest: AuditRunResult | null;
  /** The viewer's CRM user, when their chat account could be matched to one. */
  viewer: { id: string; name: string } | null;
  tasks: readonly OverdueTask[];
  deals: readonly DealNeedingAttention[];
  hidden?: HiddenItems;
  now: number;
}

/** "12" when all are shown, "5 of 12" when the home view shows the first few. */
function countShown(total: number): string {
  return total > HOME_ITEMS ? `${HOME_ITEMS} of ${total}` : String(total);
}

export function homeMessage(input: HomeInput): Message {
  const { latest, viewer, tasks, deals, now } = input;
  const hiddenText = hiddenNote(input.hidden);
  const blocks: Block[] = [{ type: "heading", text: "CRM audit" }];
  if (latest) {
    blocks.push({
      type: "score",
      label: "Workspace CRM health score",
      value: Math.round(latest.scores.overall),
      delta: latest.changes?.overallDelta ?? null,
    });
    const fields = Object.entries(latest.scores.categories).map(([c, s]) => ({
      label: categoryLabel(c),
      value: formatScore(s ?? 0),
    }));
    if (fields.length) blocks.push({ type: "fields", fields });
    // latest is partial only while the workspace has no full audit (see AuditService.latest).
    const partial = latest.selection ? `${partialNote(latest.selection)}, no full audit yet` : "";
    blocks.push({
      type: "context",
      text: `Latest audit: run #${latest.id}${partial} as of ${formatDate(latest.asOf)}`,
    });
  } else {
    blocks.push({ type: "text", text: "No audit has run yet. Press *Run audit* to see how healthy the CRM is." });
  }
  blocks.push({ type: "divider" });
  if (!viewer) {
    blocks.push({
      type: "text",
      text: "Your chat account is not linked to a CRM user (no CRM user has your email), so your own overdue items cannot be shown.",
    });
  } else {
    blocks.push({ type: "heading", text: "Your overdue work" });
    if (!tasks.length && !deals.length) blocks.push({ type: "text", text: "Nothing overdue. Well done." });
    if (hiddenText) blocks.push({ type: "context", text: hiddenText });
    if (tasks.length) {
      blocks.push({
        type: "table",
        caption: `Tasks (${countShown(tasks.length)})`,
        columns: ["Task", "About", "Due", "Late"],
        rows: taskRows(tasks.slice(0, HOME_ITEMS), now),
      });
    }
    if (deals.length) {
      blocks.push({
        type: "table",
        caption: `Deals needing attention (${countShown(deals.length)})`,
        columns: ["Deal", "Stage", "Close date", "Last activity", "Why"],
        rows: dealRows(deals.slice(0, HOME_ITEMS)),
      });
    }
  }
  const buttons: Button[] = [button("audit.run", "Run audit", {}, "primary")];
  if (latest) buttons.push(button("findings.list", "Open findings", { runId: latest.id, offset: 0 }));
  if (viewer && tasks.length + deals.length > HOME_ITEMS) {
    buttons.push(button("overdue.page", "All my overdue items", { crmUserId: viewer.id, offset: 0 }));
  }
  blocks.push({ type: "actions", buttons });
  return {
    text: latest ? `CRM health score ${formatScore(latest.scores.overall)}` : "CRM audit: no audit yet",
    visibility: "private",
    blocks,
  };
}
