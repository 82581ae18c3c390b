/**
 * What the core needs to know about a workspace's stored data as a whole: the shapes of
 * src/db/stores/workspace-data.ts (listing, clearing and deleting workspaces, and the delete
 * step of a full import), without any database type.
 */
import type { EntityName } from "../dataset/entities.js";

/** `import_log.source` of the seeded sample that `npm start` loads into an empty workspace. */
export const SAMPLE_SOURCE_PREFIX = "sample:";

/** Records per entity (only entities with at least one record). */
export type RecordCounts = Partial<Record<EntityName, number>>;

export interface WorkspaceSummary {
  id: string;
  createdAt: number;
  records: RecordCounts;
  imports: number;
  lastImportAt: number | null;
  audits: number;
  lastAuditAt: number | null;
  /** True when every import of the workspace was the seeded sample (docs/sample-data.md). */
  sampleOnly: boolean;
}

/** What clearing a workspace's data removed. */
export interface ClearedData {
  records: RecordCounts;
  imports: number;
  audits: number;
}

/** Per entity of a full import: records stored before, and how many of them the export lacks. */
export type AbsentCounts = Partial<Record<EntityName, { stored: number; absent: number }>>;

/**
 * The workspace's data as one import sees it, on the import's own connection (the staged export
 * attached, the caller holding the write transaction where it deletes). src/core/import/full-import.ts.
 */
export interface ImportWorkspaceData {
  /** True when every import of the workspace so far was the seeded sample. */
  holdsOnlySample(): boolean;
  /** What clearing the workspace's data would remove. */
  summary(): ClearedData;
  /** Removes the workspace's records, import log and audit runs. */
  clear(): ClearedData;
  /** Per entity: records stored, and how many of them the staged export lacks. */
  countAbsent(entities: readonly EntityName[], keep: readonly { entity: EntityName; id: string }[]): AbsentCounts;
  /** Deletes what countAbsent counted. */
  deleteAbsent(
    entities: readonly EntityName[],
    keep: readonly { entity: EntityName; id: string }[],
  ): Partial<Record<EntityName, number>>;
}
