/**
 * The audit service as the rest of the app sees it (CLI, chat commands, scheduler).
 * Implemented in src/core/audit/service.ts; runs happen off the main thread.
 */
import type { EntityName } from "../dataset/entities.js";
import type { Category, Severity } from "../checks/types.js";
import type { MeasureStatus } from "./measured.js";
import type { SurveyMetrics } from "./survey-metrics.js";

export interface RunAuditOptions {
  workspaceId: string;
  /** The as-of instant T (epoch ms); default now. */
  asOf?: number;
  /** Check ids or category names to run; default all enabled checks. */
  select?: string[];
  /** Where the run came from: "cli", "slack", "teams", "console", "schedule". */
  trigger: string;
  requestedBy?: string | null;
}

export interface FindingResult {
  checkId: string;
  title: string;
  category: Category;
  severity: Severity;
  entity: EntityName | "dataset";
  shape: "records" | "groups";
  count: number;
  /** Affected record ids, or groups of ids for duplicate checks. Sorted. */
  affected: string[] | string[][];
  why: string;
  fix: string;
  /** The check's documentation (meta.docs); absent in runs stored before it was recorded. */
  docs?: string;
  /**
   * How the check read the data where it had to assume something (CheckContext.note), e.g.
   * "… were read as US numbers: 93% of the records with a country are in US". Absent when none.
   */
  notes?: string[];
  /**
   * Parallel to `affected` for duplicate checks: why each group's records matched (the
   * evidence and its weight). Absent for other checks and in runs stored before it was kept.
   */
  details?: string[];
  /**
   * "not-measured": the source did not supply what the check needs, or it had no records to
   * examine; it then lists nothing and counts in no score (docs/audit.md). Absent means measured
   * (also in runs stored before statuses were recorded).
   */
  status?: MeasureStatus;
  /** Why the check was not measured, e.g. "HubSpot exports carry no login dates". */
  reason?: string;
}

/** Whether a finding's check was measured (runs stored before statuses existed were). */
export function isMeasured(finding: Pick<FindingResult, "status">): boolean {
  return finding.status !== "not-measured";
}

export interface Scores {
  /** 0–100, 100 = no findings; over the measured checks only. */
  overall: number;
  /** Categories with at least one measured check. */
  categories: Partial<Record<Category, number>>;
  /**
   * Categories whose checks ran but none could be measured: they have no score (not 100).
   * Absent in runs stored before it was recorded.
   */
  notMeasured?: Category[];
}

export interface CheckChange {
  checkId: string;
  /** Affected ids (or groups, joined by "+") that were not affected in the previous run. */
  added: string[];
  /** Ids affected in the previous run and no longer affected. */
  resolved: string[];
  countDelta: number;
}

export interface RunChanges {
  previousRunId: number;
  overallDelta: number;
  categoryDeltas: Partial<Record<Category, number>>;
  checks: CheckChange[];
}

export interface AuditMetrics {
  counts: Record<EntityName, number>;
  /** Relative change of each count since the previous run (-0.25 = 25% fewer), when there was one. */
  countChanges: Partial<Record<EntityName, number>> | null;
  /** Share of non-blank values per entity and field, 0..1. */
  fillRates: Partial<Record<EntityName, Record<string, number>>>;
  /** Fields filled in under 5% of records: "contacts.job_title". */
  unusedFields: string[];
  /** Active users who logged in within 30 days / active users. null when there are no users. */
  adoptionRate: number | null;
  retentionRate: number | null;
  conversionRate: number | null;
  winRate: number | null;
  csatMean: number | null;
  nps: number | null;
  /**
   * What the CRM's users said in the latest closed survey rounds (satisfaction, NPS, fitness;
   * src/core/audit/survey-metrics.ts). Absent in runs stored before surveys joined the audit.
   */
  surveys?: SurveyMetrics;
  [extra: string]: unknown;
}

export interface AuditRunResult {
  id: number;
  workspaceId: string;
  asOf: number;
  startedAt: number;
  durationMs: number;
  trigger: string;
  requestedBy: string | null;
  /**
   * The check ids / categories a partial run was asked for (sorted, unique); null for a full
   * run (every enabled check). A partial run never stands in for the latest full audit.
   */
  selection: string[] | null;
  /**
   * The workspace's data version the run read (AuditDataReader.dataVersion); null for a run
   * stored before runs kept it.
   */
  dataVersion?: number | null;
  /** The release the run's checks shipped with (APP_VERSION); null for a run stored before runs kept it. */
  checksRelease?: string | null;
  scores: Scores;
  metrics: AuditMetrics;
  findings: FindingResult[];
  /** Compared with the previous run of the same workspace and selection; null for the first such run. */
  changes: RunChanges | null;
}

export interface RunSummary {
  id: number;
  asOf: number;
  startedAt: number;
  durationMs: number;
  trigger: string;
  requestedBy: string | null;
  /** As in AuditRunResult: null for a full run. */
  selection: string[] | null;
  overall: number;
  findingCount: number;
}

export interface AuditService {
  run(options: RunAuditOptions, onProgress?: (done: number, total: number) => void): Promise<AuditRunResult>;
  /** The latest full run; the latest partial one only while the workspace has no full run. */
  latest(workspaceId: string): Promise<AuditRunResult | null>;
  get(workspaceId: string, runId: number): Promise<AuditRunResult | null>;
  history(workspaceId: string, limit: number): Promise<RunSummary[]>;
  /** Stops the service's threads (they never keep the process alive on their own). */
  close(): Promise<void>;
}

/** The workspace to audit does not exist (a typo in --workspace must not audit an empty one). */
export class UnknownWorkspaceError extends Error {
  constructor(
    readonly workspaceId: string,
    readonly known: string[],
  ) {
    super(
      `unknown workspace "${workspaceId}" (known: ${known.length ? known.join(", ") : "none yet; import data first"})`,
    );
    this.name = "UnknownWorkspaceError";
  }
}

/** The workspace exists but holds no CRM record: there is nothing to score. */
export class NothingToAuditError extends Error {
  constructor(readonly workspaceId: string) {
    super(`workspace "${workspaceId}" has no CRM data: nothing to audit (import some first)`);
    this.name = "NothingToAuditError";
  }
}
