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
 * at `now`. Marks on any of `all` (the owner's records, listed or not) whose record changed
 * since, and snoozes that ran out, are dropped, so a task the CRM closed leaves no mark behind.
 */
export async function applyMarks<R extends { id: string }, L extends R>(
  marks: MarkStore,
  workspaceId: string,
  type: RecordType,
  listed: readonly L[],
  all: readonly R[],
  fingerprint: (record: R) => string,
  now: number,
): Promise<{ shown: L[]; hidden: HiddenCounts }> {
  const hidden: HiddenCounts = { done: 0, snooze: 0, "not-mine": 0 };
  const stored = await marks.list(
    workspaceId,
    type,
    all.map((r) => r.id),
  );
  if (stored.length === 0) return { shown: [...listed], hidden };
  const records = new Map(all.map((r) => [r.id, r]));
  const applies = new Map<string, Mark>();
  const stale: string[] = [];
  for (const mark of stored) {
    const record = records.get(mark.recordId)!;
    const expired = mark.kind === "snooze" && (mark.until ?? 0) <= now;
    if (expired || mark.fingerprint !== fingerprint(record)) stale.push(mark.recordId);
    else applies.set(mark.recordId, mark);
  }
  await marks.drop(workspaceId, type, stale);
  const shown = listed.filter((record) => {
    const mark = applies.get(record.id);
    if (mark) hidden[mark.kind]++;
    return !mark;
  });
  return { shown, hidden };
}
