/**
 * What an owner is reminded of (docs/reminders.md): their open tasks and deals that five process
 * checks report — task.overdue, task.missing-due-date, deal.past-close-date,
 * deal.no-recent-activity, deal.stuck-in-stage — judged by those checks' own visitors with the
 * workspace's effective settings (commands/attention.ts), so a reminder and the audit never
 * disagree. A check the workspace turned off, or whose input the imports never supplied ("not
 * measured", audit/measured.ts), adds nothing and is named. Records marked in chat
 * (commands/marks.ts) are left out. Items whose owner is missing, not a CRM user or deactivated
 * are `unassigned` (for the admins), never dropped.
 */
import { measurability, SuppliedData } from "../audit/measured.js";
import dealNoRecentActivity from "../checks/deal/no-recent-activity.js";
import dealPastCloseDate from "../checks/deal/past-close-date.js";
import dealStuckInStage from "../checks/deal/stuck-in-stage.js";
import taskMissingDueDate from "../checks/task/missing-due-date.js";
import taskOverdue from "../checks/task/overdue.js";
import type { AuditRows, Check } from "../checks/types.js";
import { reported } from "../commands/attention.js";
import { readCheckConfigs } from "../commands/check-config.js";
import type { ChatServices } from "../commands/define.js";
import { applyMarks, dealFingerprint, taskFingerprint, type HiddenCounts } from "../commands/marks.js";
import { lastDealActivity } from "../checks/util.js";
import type { EntityName } from "../dataset/entities.js";
import type { CrmPerson, PersonTask } from "../stores/people.js";

export const REMINDER_CHECKS: { tasks: readonly Check[]; deals: readonly Check[] } = {
  tasks: [taskOverdue, taskMissingDueDate],
  deals: [dealPastCloseDate, dealNoRecentActivity, dealStuckInStage],
};

/** The reasons an item can have: the catalogue ids of REMINDER_CHECKS, in this order. */
export const REMINDER_REASONS: readonly string[] = [...REMINDER_CHECKS.tasks, ...REMINDER_CHECKS.deals].map(
  (c) => c.meta.id,
);

const DAY = 86_400_000;
const WEEK = 7 * DAY;

export interface ReminderItem {
  type: "task" | "deal";
  id: string;
  title: string;
  /** Check ids, in REMINDER_REASONS order. */
  reasons: string[];
  /** Since when it is late: the due date, or a deal's oldest reason (close date, last activity, stage entered). */
  since: number | null;
  /** The owner id on the record (null when none). */
  ownerId: string | null;
  /** The task's deal, contact or company; a deal's stage. */
  context: string | null;
  /** A link to the record in the CRM; null while the dataset format carries no record URLs. */
  url: string | null;
}

export type UnassignedWhy = "no owner" | "not a CRM user" | "deactivated";

export interface UnassignedItem extends ReminderItem {
  why: UnassignedWhy;
}

export interface OwnerItems {
  owner: CrmPerson;
  /** Most overdue first. */
  items: ReminderItem[];
}

export interface ReminderPlan {
  asOf: number;
  /** Owners with items, by owner id. */
  owners: OwnerItems[];
  unassigned: UnassignedItem[];
  /** Reasons left out: turned off for the workspace, or not measurable on its data. */
  notJudged: { checkId: string; why: string }[];
  /** Items a chat mark hides (done, snoozed, not mine). */
  hidden: HiddenCounts;
}

/** Whole weeks late (0 without a date): a higher number than when last sent is "got worse". */
export function badness(item: Pick<ReminderItem, "since">, asOf: number): number {
  return item.since === null ? 0 : Math.max(0, Math.floor((asOf - item.since) / WEEK));
}

/** Most overdue first; undated items last; then tasks before deals, then by id, so the order is stable. */
export function byUrgency(a: ReminderItem, b: ReminderItem): number {
  return (
    (a.since ?? Infinity) - (b.since ?? Infinity) ||
    (a.type === b.type ? 0 : a.type === "task" ? -1 : 1) ||
    a.id.localeCompare(b.id)
  );
}

type Services = Pick<ChatServices, "stores" | "fileSettings">;

interface Judge {
  /** Check id → effective thresholds, for the checks that run. */
  running: Map<string, Record<string, unknown>>;
  notJudged: { checkId: string; why: string }[];
}

async function judgeOf(services: Services, workspaceId: string, reasons: readonly string[] | null): Promise<Judge> {
  const { stores } = services;
  const all = [...REMINDER_CHECKS.tasks, ...REMINDER_CHECKS.deals];
  const configs = await readCheckConfigs(stores.checkOverrides, workspaceId, all, services.fileSettings);
  const { columns, counts } = await stores.reminders.supplied(workspaceId);
  const supplied = new SuppliedData(columns, counts as Record<EntityName, number>);
  const running = new Map<string, Record<string, unknown>>();
  const notJudged: Judge["notJudged"] = [];
  for (const config of configs) {
    const id = config.meta.id;
    if (reasons && !reasons.includes(id)) continue;
    if (!config.enabled) {
      notJudged.push({ checkId: id, why: "turned off for this workspace" });
      continue;
    }
    const measured = measurability(config.meta, supplied);
    // No records of the entity is nothing to remind of, not a gap in the data.
    if (measured.status === "not-measured" && counts[config.meta.entity] !== 0) {
      notJudged.push({ checkId: id, why: measured.reason ?? "not measured" });
      continue;
    }
    running.set(id, config.thresholds);
  }
  return { running, notJudged };
}

function dealSince(deal: AuditRows["deals"], reasons: readonly string[]): number | null {
  const at = (reason: string): number | null => {
    if (reason === dealPastCloseDate.meta.id) return deal.expectedCloseDate ?? null;
    if (reason === dealNoRecentActivity.meta.id) return lastDealActivity(deal);
    return deal.stageEnteredAt ?? null;
  };
  const dates = reasons.map(at).filter((d): d is number => d !== null);
  return dates.length ? Math.min(...dates) : null;
}

/** The items among `work` with the reasons the running checks give them, marks applied. */
async function itemsOf(
  services: Services,
  workspaceId: string,
  judge: Judge,
  work: { tasks: readonly PersonTask[]; deals: readonly AuditRows["deals"][] },
  asOf: number,
): Promise<{ items: ReminderItem[]; hidden: HiddenCounts }> {
  const reasonsOf = <E extends "tasks" | "deals">(entity: E, rows: readonly AuditRows[E][]) => {
    const byId = new Map<string, string[]>();
    for (const check of REMINDER_CHECKS[entity]) {
      const thresholds = judge.running.get(check.meta.id);
      if (!thresholds) continue;
      for (const id of reported(check, thresholds, entity, rows, asOf)) {
        const list = byId.get(id) ?? [];
        list.push(check.meta.id);
        byId.set(id, list);
      }
    }
    return byId;
  };
  const taskReasons = reasonsOf("tasks", work.tasks);
  const dealReasons = reasonsOf("deals", work.deals);
  const tasks = work.tasks.filter((t) => taskReasons.has(t.id));
  const deals = work.deals.filter((d) => dealReasons.has(d.id));
  const { marks } = services.stores;
  const shownTasks = await applyMarks(marks, workspaceId, "task", tasks, tasks, taskFingerprint, asOf);
  const shownDeals = await applyMarks(marks, workspaceId, "deal", deals, deals, dealFingerprint, asOf);
  const items: ReminderItem[] = [
    ...shownTasks.shown.map((t): ReminderItem => ({
      type: "task",
      id: t.id,
      title: t.subject,
      reasons: taskReasons.get(t.id)!,
      since: taskReasons.get(t.id)!.includes(taskOverdue.meta.id) ? (t.dueAt ?? null) : null,
      ownerId: t.assigneeId ?? null,
      context: t.relatedTo,
      url: null,
    })),
    ...shownDeals.shown.map((d): ReminderItem => ({
      type: "deal",
      id: d.id,
      title: d.name,
      reasons: dealReasons.get(d.id)!,
      since: dealSince(d, dealReasons.get(d.id)!),
      ownerId: d.ownerId ?? null,
      context: d.stage,
      url: null,
    })),
  ].sort(byUrgency);
  const hidden = { ...shownTasks.hidden };
  for (const kind of Object.keys(hidden) as (keyof HiddenCounts)[]) hidden[kind] += shownDeals.hidden[kind];
  return { items, hidden };
}

/**
 * Every owner's items and the unassigned ones, for the whole workspace at `asOf`. `reasons`
 * narrows to some of REMINDER_REASONS (a schedule's `--reasons`).
 */
export async function planReminders(
  services: Services,
  workspaceId: string,
  asOf: number,
  reasons: readonly string[] | null = null,
): Promise<ReminderPlan> {
  const { stores } = services;
  const judge = await judgeOf(services, workspaceId, reasons);
  const work = await stores.reminders.work(workspaceId, asOf);
  const { items, hidden } = await itemsOf(services, workspaceId, judge, work, asOf);
  const contexts = await stores.reminders.taskContexts(
    workspaceId,
    items.filter((i) => i.type === "task").map((i) => i.id),
  );
  for (const item of items) if (item.type === "task") item.context = contexts.get(item.id) ?? null;
  const { people } = await stores.people.search(workspaceId, null, 0, Number.MAX_SAFE_INTEGER);
  const users = new Map(people.map((p) => [p.id, p]));
  const byOwner = new Map<string, ReminderItem[]>();
  const unassigned: UnassignedItem[] = [];
  for (const item of items) {
    const owner = item.ownerId === null ? undefined : users.get(item.ownerId);
    if (!owner || !owner.active) {
      const why: UnassignedWhy = item.ownerId === null ? "no owner" : owner ? "deactivated" : "not a CRM user";
      unassigned.push({ ...item, why });
      continue;
    }
    const list = byOwner.get(owner.id) ?? [];
    list.push(item);
    byOwner.set(owner.id, list);
  }
  const owners = [...byOwner.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, list]) => ({ owner: users.get(id)!, items: list }));
  return { asOf, owners, unassigned, notJudged: judge.notJudged, hidden };
}

/** One owner's items at `asOf` (the "show all" pages), read from their own records only. */
export async function ownerReminderItems(
  services: Services,
  workspaceId: string,
  ownerId: string,
  asOf: number,
  reasons: readonly string[] | null = null,
): Promise<{ items: ReminderItem[]; hidden: HiddenCounts }> {
  const judge = await judgeOf(services, workspaceId, reasons);
  const work = await services.stores.people.workOf(workspaceId, ownerId, asOf);
  return itemsOf(services, workspaceId, judge, work, asOf);
}
