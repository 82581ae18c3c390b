/**
 * The bot's own annotations on CRM records ("done", "snoozed until", "not mine"), kept apart
 * from the imported tables, which only imports write. Implemented under src/db/stores/marks.ts.
 */
export const MARK_KINDS = ["done", "snooze", "not-mine"] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

export interface Mark {
  recordType: "task" | "deal";
  recordId: string;
  kind: MarkKind;
  /** End of a snooze (epoch ms); null for the other kinds. */
  until: number | null;
  /** Who marked it, as chat shows a person. */
  markedBy: string;
  markedAt: number;
  /** The record's fingerprint when it was marked: a different one now means the CRM changed it. */
  fingerprint: string;
}

export interface MarkStore {
  /** The marks of these records (one per record at most). */
  list(workspaceId: string, recordType: Mark["recordType"], recordIds: readonly string[]): Promise<Mark[]>;
  put(workspaceId: string, mark: Mark): Promise<void>;
  /** Drops marks whose record changed since (their fingerprint no longer matches). */
  drop(workspaceId: string, recordType: Mark["recordType"], recordIds: readonly string[]): Promise<void>;
}
