/**
 * Marks chat users put on tasks and deals ("done", "snoozed until", "not mine"). They are the
 * bot's own notes (record_marks), never writes to the imported tables: the CRM stays the
 * source of truth and the audit reports what it says. A mark remembers the record's fingerprint;
 * once an import changes what it covers (the task is completed or moved, the deal closed,
 * re-dated or handed over) the mark no longer applies and is dropped when next read.
 */
import type { AuditRows } from "../checks/types.js";
import type { Mark, MarkKind, MarkStore } from "../stores/marks.js";

export type RecordType = Mark["recordType"];

/** What a mark on a task depends on. */
export function taskFingerprint(task: AuditRows["tasks"]): string {
  return JSON.stringify(["task", task.status, task.dueAt, task.completedAt, task.assigneeId]);
}

/** What a mark on a deal depends on (updatedAt: any change the CRM recorded). */
export function dealFingerprint(deal: AuditRows["deals"]): string {
  return JSON.stringify(["deal", deal.status, deal.stage, deal.expectedCloseDate, deal.ownerId, deal.updatedAt]);
}

export type HiddenCounts = Record<MarkKind, number>;

/**
 * Splits listed records into those still shown and the counts hidden by a mark that applies
 * at `now`. Marks whose record changed since, and snoozes that ran out, are dropped.
 */
export async function applyMarks<R extends { id: string }>(
  marks: MarkStore,
  workspaceId: string,
  type: RecordType,
  records: readonly R[],
  fingerprint: (record: R) => string,
  now: number,
): Promise<{ shown: R[]; hidden: HiddenCounts }> {
  const hidden: HiddenCounts = { done: 0, snooze: 0, "not-mine": 0 };
  const stored = await marks.list(
    workspaceId,
    type,
    records.map((r) => r.id),
  );
  if (stored.length === 0) return { shown: [...records], hidden };
  const byId = new Map(stored.map((m) => [m.recordId, m]));
  const stale: string[] = [];
  const shown = records.filter((record) => {
    const mark = byId.get(record.id);
    if (!mark) return true;
    if (mark.fingerprint !== fingerprint(record) || (mark.kind === "snooze" && (mark.until ?? 0) <= now)) {
      stale.push(record.id);
      return true;
    }
    hidden[mark.kind]++;
    return false;
  });
  await marks.drop(workspaceId, type, stale);
  return { shown, hidden };
}
