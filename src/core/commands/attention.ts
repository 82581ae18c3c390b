/**
 * A person's attention list (`overdue`, App Home): their tasks and deals that the process checks
 * report, judged by those checks' own visitors with the workspace's effective settings
 * (defaults ← configuration file ← workspace overrides), so `overdue` and the audit never
 * disagree about what is overdue. A check turned off for the workspace adds nothing here.
 * Records marked in chat (marks.ts) are left out and counted.
 */
import dealNoRecentActivity from "../checks/deal/no-recent-activity.js";
import dealPastCloseDate from "../checks/deal/past-close-date.js";
import dealStuckInStage from "../checks/deal/stuck-in-stage.js";
import taskOverdue from "../checks/task/overdue.js";
import type { AuditRows, Check } from "../checks/types.js";
import { ENTITIES, type EntityName } from "../dataset/entities.js";
import type { ChatServices } from "./define.js";
import { readCheckConfigs } from "./check-config.js";
import { applyMarks, dealFingerprint, taskFingerprint, type HiddenCounts } from "./marks.js";
import type { PersonTask } from "../stores/people.js";

/** The checks whose findings make up the list: a task is listed for task.overdue, a deal for any of the rest. */
const ATTENTION_CHECKS: { tasks: readonly Check[]; deals: readonly Check[] } = {
  tasks: [taskOverdue],
  deals: [dealPastCloseDate, dealNoRecentActivity, dealStuckInStage],
};

export type AttentionDeal = AuditRows["deals"] & {
  /** Ids of the checks that report it, in ATTENTION_CHECKS order. */
  reasons: string[];
};

export interface AttentionList {
  /** Most overdue first. */
  tasks: PersonTask[];
  deals: AttentionDeal[];
  /** Reported by the checks but hidden by a mark, by kind, tasks and deals together. */
  hidden: HiddenCounts;
}

const NO_COUNTS = Object.fromEntries(ENTITIES.map((e) => [e.name, 0])) as Record<EntityName, number>;

/** The ids each check reports among `rows` of `entity`, with the check's effective thresholds (also reminders/items.ts). */
export function reported<E extends "tasks" | "deals">(
  check: Check,
  thresholds: Record<string, unknown>,
  entity: E,
  rows: readonly AuditRows[E][],
  asOf: number,
): Set<string> {
  const ids = new Set<string>();
  const visitors = check.create({
    asOf,
    thresholds,
    counts: NO_COUNTS,
    previousCounts: null,
    report: (id) => ids.add(id),
    reportGroup: (group) => group.forEach((id) => ids.add(id)),
  });
  const visit = visitors[entity] as ((row: AuditRows[E]) => void) | undefined;
  if (visit) for (const row of rows) visit(row);
  visitors.finish?.();
  return ids;
}

export async function attentionOf(
  services: Pick<ChatServices, "stores" | "fileSettings">,
  workspaceId: string,
  crmUserId: string,
  asOf: number,
): Promise<AttentionList> {
  const { stores } = services;
  const all = [...ATTENTION_CHECKS.tasks, ...ATTENTION_CHECKS.deals];
  const configs = new Map(
    (await readCheckConfigs(stores.checkOverrides, workspaceId, all, services.fileSettings)).map((c) => [c.meta.id, c]),
  );
  const work = await stores.people.workOf(workspaceId, crmUserId, asOf);
  const judge = <E extends "tasks" | "deals">(entity: E, rows: readonly AuditRows[E][]) =>
    ATTENTION_CHECKS[entity].flatMap((check) => {
      const config = configs.get(check.meta.id)!;
      return config.enabled ? [[check.meta.id, reported(check, config.thresholds, entity, rows, asOf)] as const] : [];
    });

  const taskIds = judge("tasks", work.tasks);
  const tasks = work.tasks
    .filter((t) => taskIds.some(([, ids]) => ids.has(t.id)))
    .sort((a, b) => (a.dueAt ?? 0) - (b.dueAt ?? 0) || a.id.localeCompare(b.id));
  const dealIds = judge("deals", work.deals);
  const deals = work.deals.flatMap((deal) => {
    const reasons = dealIds.filter(([, ids]) => ids.has(deal.id)).map(([id]) => id);
    return reasons.length ? [{ ...deal, reasons }] : [];
  });

  const { marks } = stores;
  const shownTasks = await applyMarks(marks, workspaceId, "task", tasks, work.tasks, taskFingerprint, asOf);
  const shownDeals = await applyMarks(marks, workspaceId, "deal", deals, work.deals, dealFingerprint, asOf);
  const hidden = { ...shownTasks.hidden };
  for (const kind of Object.keys(hidden) as (keyof HiddenCounts)[]) hidden[kind] += shownDeals.hidden[kind];
  return { tasks: shownTasks.shown, deals: shownDeals.shown, hidden };
}
