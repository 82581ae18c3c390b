/**
 * The rows of check_overrides as stored: the thresholds are JSON text, validated by
 * checks/overrides.ts on the way in and out. Implemented under src/db/stores/check-overrides.ts.
 */
export interface CheckOverrideRow {
  checkId: string;
  enabled: boolean | null;
  severity: string | null;
  /** JSON object text, or null when the override sets no threshold. */
  thresholds: string | null;
  updatedBy: string | null;
}

export interface CheckOverrideStore {
  /** A workspace's overrides, ordered by check id. */
  list(workspaceId: string): Promise<CheckOverrideRow[]>;
  get(workspaceId: string, checkId: string): Promise<CheckOverrideRow | null>;
  put(workspaceId: string, row: CheckOverrideRow): Promise<void>;
  /** True when there was a row to delete. */
  delete(workspaceId: string, checkId: string): Promise<boolean>;
}
