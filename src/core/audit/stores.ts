/**
 * What an audit needs from storage: the workspace's CRM tables as rows (the checks' visitors
 * read them), and the stored runs. The SQLite implementation is src/db/sqlite/audit-database.ts;
 * each audit thread opens a connection of its own through an AuditSource.
 */
import type { StoredOverrides } from "../checks/overrides.js";
import type { AuditRows, Check } from "../checks/types.js";
import type { EntityName } from "../dataset/entities.js";
import type { AuditRunResult, RunSummary } from "./types.js";
import type { SuppliedColumn } from "../stores/dataset-columns.js";
import type { CheckOutcomeCache } from "../stores/check-outcomes.js";
import type { Answers, Survey, SurveyRound } from "../stores/surveys.js";

export type RecordCounts = Record<EntityName, number>;

/** A run as stored: everything but the comparison with the previous run, which is derived. */
export type StoredRun = Omit<AuditRunResult, "changes">;

/** One workspace's CRM tables as an audit reads them. */
export interface AuditDataReader {
  /**
   * The workspace's data version: it changes with every import, and imports are the only
   * writers of the CRM tables, so two snapshots at the same version hold the same records.
   */
  dataVersion(workspaceId: string): number;
  /**
   * Runs `read` with every read seeing the database as of one commit, whatever imports commit
   * meanwhile (nested calls share the outer snapshot).
   */
  inReadSnapshot<T>(read: () => T): T;
  /** Number of records per entity in the workspace. */
  countRecords(workspaceId: string): RecordCounts;
  /**
   * Rows of one table of the workspace, as the checks see them, streamed; with `only`, rows
   * carry just those fields and the id.
   */
  readRows<E extends EntityName>(
    workspaceId: string,
    entity: E,
    asOf: number,
    only?: ReadonlySet<string>,
  ): Iterable<AuditRows[E]>;
  /** Per field of `fields`, the rows where it is not blank (null or ""), and the table's rows. */
  fillCounts(workspaceId: string, entity: EntityName, fields: readonly string[]): { filled: number[]; total: number };
  /**
   * Ids flagged by the set-based checks' SQL (Check.setBased), per check id, for the requests
   * this storage has SQL for; the others are absent from the result and run as visitors.
   * Optional: without it every check runs as visitors.
   */
  flagSetBased?(workspaceId: string, asOf: number, requests: readonly SetBasedRequest[]): Record<string, string[]>;
  /** Pairs of records someone decided are not duplicates (src/core/stores/duplicate-decisions.ts). */
  notDuplicatePairs(workspaceId: string, entity: "contacts" | "companies"): ReadonlySet<string>;
  /**
   * The workspace's surveys as the audit reads them (docs/surveys.md, "Joined to the audit"):
   * absent where the storage keeps no surveys, and then the survey metrics and checks are "not
   * measured".
   */
  surveys?: SurveyAuditReader;
}

/** A survey round with what was counted of it, for the audit. */
export interface AuditSurveyRound {
  survey: Survey;
  round: SurveyRound;
  /** Invitations written at the round's start. */
  invited: number;
  /** Submitted answers stored for the round (named responses or filled anonymous ballots). */
  answers: number;
}

/** Synchronous reads of the survey tables inside the audit's snapshot (src/core/stores/surveys.ts has the rest). */
export interface SurveyAuditReader {
  /** Every round of the workspace's surveys started at or before `asOf`, oldest first. */
  rounds(workspaceId: string, asOf: number): AuditSurveyRound[];
  /** The submitted answers of one round (anonymous: no person attached, as stored). */
  answers(roundId: number): Answers[];
  /** The workspace's score weights of a template (SurveyStore.weights). */
  weights(workspaceId: string, templateId: string): Record<string, number>;
}

/** One set-based check to evaluate in the database: its id and the parameters its SQL binds. */
export interface SetBasedRequest {
  checkId: string;
  params: Readonly<Record<string, number | string>>;
}

/** Stored audit runs. Every read is scoped by workspace: one never sees another's runs. */
export interface AuditRunStore {
  /** Writes a run and all its findings atomically; returns the new run id. */
  save(run: Omit<StoredRun, "id">, config: unknown): number;
  /** A stored run of the workspace, or null (also when the id belongs to another workspace). */
  load(workspaceId: string, runId: number): StoredRun | null;
  /**
   * Id of the workspace's latest run before `beforeId` (or latest of all), or null. With a
   * `selection` (null = full runs), only runs of that same selection count.
   */
  previousRunId(workspaceId: string, beforeId?: number, selection?: readonly string[] | null): number | null;
  /** Record counts of a stored run, without reading its findings. */
  loadCounts(workspaceId: string, runId: number): RecordCounts | null;
  /** Newest first. findingCount = number of checks that flagged at least one record. */
  list(workspaceId: string, limit: number): RunSummary[];
}

/** One connection as an audit uses it: the data it reads and the store its run goes to. */
export interface AuditDatabase extends AuditDataReader {
  runs: AuditRunStore;
  /** What the workspace's imports supplied, per entity and field (src/core/stores/dataset-columns.ts). */
  suppliedColumns(workspaceId: string): SuppliedColumn[];
  /** Outcomes of the checks that do not depend on the as-of, per data version (src/core/audit/outcome-cache.ts). */
  outcomeCache: CheckOutcomeCache;
}

/** A connection an audit thread opened for itself. */
export interface AuditConnection extends AuditDatabase {
  close(): void;
}

/**
 * How a worker thread opens its own AuditConnection: plain data, posted to the thread, which
 * imports `module` (an AuditSourceModule) and calls it with `location`.
 */
export interface AuditSource {
  module: string;
  location: string;
}

export interface AuditSourceModule {
  /** `cacheKiB`: page cache for a connection that streams whole tables. */
  openAuditConnection(location: string, options?: { cacheKiB?: number }): AuditConnection;
}

/** Where audits read and write: threads open `shared`; without it, audits run on `local`. */
export interface AuditStorage {
  /** Null when the database cannot be opened by another thread (in memory). */
  shared: AuditSource | null;
  local: AuditDatabase;
}

/** The workspaces an audit can be asked for. */
export interface AuditWorkspaces {
  /** Ids of the known workspaces. */
  ids(): string[];
  /** Whether the workspace holds any CRM record. */
  hasRecords(workspaceId: string): boolean;
}

/**
 * A workspace's stored overrides of check settings, as the audit reads them before a run (the
 * validation against the checks' schemas is src/core/checks/overrides.ts).
 */
export interface CheckOverridesReader {
  /** The workspace's overrides of `checks`; rows that no longer fit are reported as problems. */
  read(workspaceId: string, checks: readonly Check[]): Promise<StoredOverrides>;
}
