/**
 * What an import needs from storage (import-bundle.ts): a bulk writer per
 * workspace, and the per-workspace import lock. The SQLite implementations are
 * src/db/sqlite/import-writer.ts and src/db/sqlite/import-locks.ts.
 */
import type { EntityName } from "../dataset/entities.js";
import type { ParsedRow } from "./row-schema.js";
import type { EntityCounts, SourceTable } from "./types.js";
import type { SuppliedColumn } from "../stores/dataset-columns.js";
import type { ImportWorkspaceData } from "../stores/workspace-data.js";

export interface ImportLogEntry {
  source: string;
  startedAt: number;
  durationMs: number;
  rowCounts: Partial<Record<EntityName, EntityCounts>>;
  skippedRows: number;
}

/**
 * Lookups and writes of one import into one workspace: `openStage`, then the validation pass
 * (`inStagingPass`, staging rows through `upserter`), then `commit`, and `closeStage` in any
 * case. Staged rows take no lock on the workspace's data: other readers and writers wait only
 * for the commit.
 */
export interface ImportWriter {
  openStage(): void;
  closeStage(): void;
  /** Runs the validation pass in one transaction: it reads the stored data as of one snapshot. */
  inStagingPass(pass: () => void): void;
  /** Whether the workspace holds a row with this id, stored or staged earlier in this import. */
  exists(entity: EntityName, id: string): boolean;
  /** A function that stages one validated row of `table`. */
  upserter(table: SourceTable): (values: ParsedRow, extra: string | null) => void;
  /** The workspace's stored data on this writer's connection, the stage attached. */
  workspaceData(): ImportWorkspaceData;
  /**
   * Copies the staged rows into the workspace (creating it if missing) and writes the import's
   * log entry and what the source supplied (`columns`), all in one transaction, waiting up to
   * `lockWaitMs` for another writer. `beforeCopy` runs first inside the transaction (the full
   * import's deletes); when it returns false nothing is written and commit returns false.
   * `log` is called once the write lock is held.
   */
  commit(options: {
    log: () => ImportLogEntry;
    lockWaitMs?: number | undefined;
    columns?: readonly SuppliedColumn[];
    beforeCopy?: () => boolean;
  }): Promise<boolean>;
}

/** Who holds a workspace's import lock. */
export interface ImportLockHolder {
  pid: number;
  host: string;
  startedAt: number;
}

/**
 * Rows of the import lock, one per workspace being imported. Each call is one short
 * transaction, retried while another writer holds the database for up to `busyWaitMs`.
 */
export interface ImportLockStore {
  /**
   * Takes the workspace's lock for `holder` unless a live holder has it (a holder `isAlive`
   * rejects is removed first); returns that live holder, or null when taken.
   */
  take(
    workspaceId: string,
    holder: ImportLockHolder,
    isAlive: (holder: ImportLockHolder) => boolean,
    busyWaitMs?: number,
  ): Promise<ImportLockHolder | null>;
  /** The live holder of the workspace's lock, or null (a stale one is removed). */
  holder(
    workspaceId: string,
    isAlive: (holder: ImportLockHolder) => boolean,
    busyWaitMs?: number,
  ): Promise<ImportLockHolder | null>;
  release(workspaceId: string, holder: Pick<ImportLockHolder, "pid" | "host">): Promise<void>;
}

export interface ImportStores {
  importWriter(workspaceId: string): ImportWriter;
  importLocks: ImportLockStore;
}
