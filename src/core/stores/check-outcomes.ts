/**
 * Outcomes of checks that depend only on the records and their settings (duplicate detection,
 * CheckMeta.outcomeCached), kept per data version: a repeat run on unchanged data reuses them
 * instead of computing them again (docs/performance.md). Implemented in
 * src/db/stores/check-outcomes.ts; every read is scoped by workspace.
 */

/** What a check's pass produced (the audit's CheckOutcome, as plain data). */
export interface CachedOutcome {
  ids: string[];
  groups: string[][];
  notes?: string[];
  groupDetails?: string[];
}

/** Which computation an outcome came from: the data it read and the settings it ran with. */
export interface OutcomeKey {
  workspaceId: string;
  checkId: string;
  /** The workspace's data version (AuditDataReader.dataVersion); never 0 (no import, no cache). */
  dataVersion: number;
  /** Hash of everything besides the records that the outcome depends on (settingsHash, src/core/audit/outcome-cache.ts). */
  settingsHash: string;
}

export interface CheckOutcomeCache {
  /** The outcome stored under exactly this key, or null. */
  get(key: OutcomeKey): CachedOutcome | null;
  /** Stores the outcome, replacing whatever the workspace held for that check (one entry per check). */
  put(key: OutcomeKey, outcome: CachedOutcome, at: number): void;
}
