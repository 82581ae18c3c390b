/** A person's own work: overdue tasks and deals needing attention, and the App Home overview. */
import type { AuditRunResult } from "../audit/types.js";
import { button } from "../commands/actions.js";
import type { DealNeedingAttention, OverdueTask } from "../dataset/queries.js";
import { categoryLabel, formatDate, formatScore, partialNote, plural, truncate } from "./format.js";
import type { Block, Button, Message } from "./model.js";

/** Items per list: the rest is behind "show more". */
export const OVERDUE_PAGE = 8;
const HOME_ITEMS = 5;

const DAY = 86_400_000;

/**
 * Calendar days (UTC) between the due date and today, as the Due column shows dates: two tasks
 * due the same day are equally late, whatever their hour (24-hour periods made them 26 and 27).
 */
function daysLate(since: number, now: number): string {
  const days = Math.floor(now / DAY) - Math.floor(since / DAY);
  return days <= 0 ? "today" : `${days} d late`;
}

function taskRows(tasks: readonly OverdueTask[], now: number): string[][] {
  return tasks.map((t) => [
    truncate(t.subject, 50),
    truncate(t.relatedTo ?? "", 40),
    formatDate(t.dueAt),
    daysLate(t.dueAt, now),
  ]);
}

function dealRows(deals: readonly DealNeedingAttention[]): string[][] {
  return deals.map((d) => [
    truncate(d.name, 50),
    d.stage,
    formatDate(d.expectedCloseDate),
    d.lastActivityAt ? formatDate(d.lastActivityAt) : "never",
    d.reasons.map((r) => (r === "past-close-date" ? "past close date" : "no recent activity")).join(", "),
  ]);
}

function itemButtons(tasks: readonly OverdueTask[], deals: readonly DealNeedingAttention[]): Button[] {
  // One row of buttons for the first few items: the most overdue are the ones worth a click.
  return [
    ...tasks.slice(0, 2).flatMap((t) => [
      button("task.done", truncate(`Done: ${t.subject}`, 75), { taskId: t.id }, "primary"),
      button("reminder.snooze", truncate(`Snooze 3 d: ${t.subject}`, 75), {
        recordType: "task",
        recordId: t.id,
        days: 3,
      }),
    ]),
    ...deals.slice(0, 1).map((d) =>
      button("reminder.snooze", truncate(`Snooze 3 d: ${d.name}`, 75), {
        recordType: "deal",
        recordId: d.id,
        days: 3,
      }),
    ),
  ];
}

export function overdueMessage(
  owner: { id: string; name: string },
  tasks: readonly OverdueTask[],
  deals: readonly DealNeedingAttention[],
  now: number,
  offset = 0,
): Message {
  const pageTasks = tasks.slice(offset, offset + OVERDUE_PAGE);
  const pageDeals = deals.slice(offset, offset + OVERDUE_PAGE);
  const blocks: Block[] = [
    { type: "heading", text: truncate(`Overdue for ${owner.name}`, 150) },
    {
      type: "context",
      text: `${plural(tasks.length, "overdue task")} · ${plural(deals.length, "open deal")} past close date or without recent activity · as of ${formatDate(now)}`,
    },
  ];
  if (tasks.length === 0 && deals.length === 0) {
    blocks.push({ type: "text", text: "Nothing overdue. Well done." });
  }
  if (pageTasks.length) {
    blocks.push({
      type: "table",
      caption: "Tasks",
      columns: ["Task", "About", "Due", "Late"],
      rows: taskRows(pageTasks, now),
    });
  }
  if (pageDeals.length) {
    blocks.push({
      type: "table",
      caption: "Deals",
      columns: ["Deal", "Stage", "Close date", "Last activity", "Why"],
      rows: dealRows(pageDeals),
    });
  }
  const buttons = itemButtons(pageTasks, pageDeals);
  if (offset + OVERDUE_PAGE < Math.max(tasks.length, deals.length)) {
    buttons.push(button("overdue.page", "Show more", { crmUserId: owner.id, offset: offset + OVERDUE_PAGE }));
  }
  if (buttons.length) blocks.push({ type: "actions", buttons });
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
  now: number;
}

export function homeMessage(input: HomeInput): Message {
  const { latest, viewer, tasks, deals, now } = input;
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
    if (tasks.length) {
      blocks.push({
        type: "table",
        caption: `Tasks (${tasks.length})`,
        columns: ["Task", "About", "Due", "Late"],
        rows: taskRows(tasks.slice(0, HOME_ITEMS), now),
      });
    }
    if (deals.length) {
      blocks.push({
        type: "table",
        caption: `Deals needing attention (${deals.length})`,
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
