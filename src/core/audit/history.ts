/**
 * Stored audit runs: writing a run with its findings (one transaction), reading runs back,
 * listing them, and comparing two runs. Tables: audit_runs, audit_findings (JSON text columns).
 * Every query is scoped by workspaceId, so one workspace never sees another's runs.
 */
import type { SqliteDatabase } from "../../db/database.js";
import type { Category } from "../checks/types.js";
import type { EntityName } from "../dataset/entities.js";
import type {
  AuditMetrics,
  AuditRunResult,
  CheckChange,
  FindingResult,
  RunChanges,
  RunSummary,
  Scores,
} from "./types.js";

/** A run as stored: everything but the comparison with the previous run, which is derived. */
export type StoredRun = Omit<AuditRunResult, "changes">;

const selectionKey = (selection: readonly string[] | null) => (selection ? JSON.stringify(selection) : null);

interface RunRow {
  id: number;
  workspaceId: string;
  asOf: number;
  startedAt: number;
  durationMs: number;
  trigger: string;
  requestedBy: string | null;
  selection: string | null;
  config: string;
  scores: string;
  metrics: string;
}

interface FindingRow {
  checkId: string;
  category: string;
  severity: string;
  count: number;
  affected: string;
}

/**
 * What a finding stores beside its ids: title, entity, why, fix, shape live in the check's
 * meta, which may change between versions, so the run keeps the values it was made with.
 */
interface FindingDetails {
  title: string;
  entity: FindingResult["entity"];
  shape: FindingResult["shape"];
  why: string;
  fix: string;
  docs?: string;
  /** FindingResult.details (why each duplicate group matched). */
  details?: string[];
}

/** Writes a run and all its findings atomically; returns the new run id. */
export function saveRun(sqlite: SqliteDatabase, run: Omit<StoredRun, "id">, config: unknown): number {
  const insertRun = sqlite.prepare(
    `INSERT INTO audit_runs (workspaceId, asOf, startedAt, durationMs, trigger, requestedBy, selection, config, scores, metrics)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertFinding = sqlite.prepare(
    `INSERT INTO audit_findings (runId, checkId, category, severity, count, affected) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const details: Record<string, FindingDetails> = {};
  for (const f of run.findings)
    details[f.checkId] = {
      title: f.title,
      entity: f.entity,
      shape: f.shape,
      why: f.why,
      fix: f.fix,
      docs: f.docs,
      ...(f.details ? { details: f.details } : {}),
    };
  const write = sqlite.transaction(() => {
    const { lastInsertRowid } = insertRun.run(
      run.workspaceId,
      run.asOf,
      run.startedAt,
      run.durationMs,
      run.trigger,
      run.requestedBy,
      selectionKey(run.selection),
      JSON.stringify(config),
      JSON.stringify(run.scores),
      JSON.stringify({ ...run.metrics, findingDetails: details }),
    );
    const runId = Number(lastInsertRowid);
    for (const f of run.findings) {
      insertFinding.run(runId, f.checkId, f.category, f.severity, f.count, JSON.stringify(f.affected));
    }
    return runId;
  });
  // IMMEDIATE: take the write lock up front, so a concurrent writer waits (busy_timeout) instead of failing mid-way.
  return write.immediate();
}

function toStoredRun(row: RunRow, findingRows: FindingRow[]): StoredRun {
  const { findingDetails = {}, ...metrics } = JSON.parse(row.metrics) as AuditMetrics & {
    findingDetails?: Record<string, FindingDetails>;
  };
  const findings = findingRows.map((f): FindingResult => {
    const d = findingDetails[f.checkId];
    const affected = JSON.parse(f.affected) as string[] | string[][];
    return {
      checkId: f.checkId,
      title: d?.title ?? f.checkId,
      category: f.category as Category,
      severity: f.severity as FindingResult["severity"],
      entity: d?.entity ?? "dataset",
      shape: d?.shape ?? (affected.length > 0 && Array.isArray(affected[0]) ? "groups" : "records"),
      count: f.count,
      affected,
      why: d?.why ?? "",
      fix: d?.fix ?? "",
      ...(d?.docs ? { docs: d.docs } : {}),
      ...(d?.details ? { details: d.details } : {}),
    };
  });
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    asOf: row.asOf,
    startedAt: row.startedAt,
    durationMs: row.durationMs,
    trigger: row.trigger,
    requestedBy: row.requestedBy,
    selection: row.selection === null ? null : (JSON.parse(row.selection) as string[]),
    scores: JSON.parse(row.scores) as Scores,
    metrics: metrics as AuditMetrics,
    findings,
  };
}

const RUN_COLUMNS = `id, workspaceId, asOf, startedAt, durationMs, trigger, requestedBy, selection, config, scores, metrics`;

/** A stored run of the workspace, or null (also when the id belongs to another workspace). */
export function loadRun(sqlite: SqliteDatabase, workspaceId: string, runId: number): StoredRun | null {
  const row = sqlite
    .prepare(`SELECT ${RUN_COLUMNS} FROM audit_runs WHERE workspaceId = ? AND id = ?`)
    .get(workspaceId, runId) as RunRow | undefined;
  if (!row) return null;
  const findings = sqlite
    .prepare(`SELECT checkId, category, severity, count, affected FROM audit_findings WHERE runId = ? ORDER BY rowid`)
    .all(row.id) as FindingRow[];
  return toStoredRun(row, findings);
}

/**
 * Id of the workspace's latest run before `beforeId` (or latest of all), or null. With a
 * `selection` (null = full runs), only runs of that same selection count: a run is compared
 * with its own kind, never a full run with a partial one.
 */
export function previousRunId(
  sqlite: SqliteDatabase,
  workspaceId: string,
  beforeId?: number,
  selection?: readonly string[] | null,
): number | null {
  const before = beforeId ?? Number.MAX_SAFE_INTEGER;
  const row = (
    selection === undefined
      ? sqlite.prepare(`SELECT MAX(id) AS id FROM audit_runs WHERE workspaceId = ? AND id < ?`).get(workspaceId, before)
      : sqlite
          .prepare(`SELECT MAX(id) AS id FROM audit_runs WHERE workspaceId = ? AND selection IS ? AND id < ?`)
          .get(workspaceId, selectionKey(selection), before)
  ) as { id: number | null };
  return row.id;
}

/** The effective configuration a run was made with (checks, severities, thresholds, selection). */
export function loadRunConfig(sqlite: SqliteDatabase, workspaceId: string, runId: number): unknown {
  const row = sqlite
    .prepare(`SELECT config FROM audit_runs WHERE workspaceId = ? AND id = ?`)
    .get(workspaceId, runId) as { config: string } | undefined;
  return row ? (JSON.parse(row.config) as unknown) : null;
}

/** Record counts of a stored run (for the count-drop check and count changes), without reading its findings. */
export function loadRunCounts(
  sqlite: SqliteDatabase,
  workspaceId: string,
  runId: number,
): Record<EntityName, number> | null {
  const row = sqlite
    .prepare(`SELECT json_extract(metrics, '$.counts') AS counts FROM audit_runs WHERE workspaceId = ? AND id = ?`)
    .get(workspaceId, runId) as { counts: string | null } | undefined;
  return row?.counts ? (JSON.parse(row.counts) as Record<EntityName, number>) : null;
}

/** Newest first. findingCount = number of checks that flagged at least one record. */
export function listRuns(sqlite: SqliteDatabase, workspaceId: string, limit: number): RunSummary[] {
  const rows = sqlite
    .prepare(
      `SELECT r.id, r.asOf, r.startedAt, r.durationMs, r.trigger, r.requestedBy, r.selection,
              json_extract(r.scores, '$.overall') AS overall,
              (SELECT COUNT(*) FROM audit_findings f WHERE f.runId = r.id AND f.count > 0) AS findingCount
       FROM audit_runs r WHERE r.workspaceId = ? ORDER BY r.id DESC LIMIT ?`,
    )
    .all(workspaceId, Math.max(0, Math.floor(limit))) as (Omit<RunSummary, "selection"> & {
    selection: string | null;
  })[];
  return rows.map((r) => ({ ...r, selection: r.selection === null ? null : (JSON.parse(r.selection) as string[]) }));
}

/** A finding's affected entries as comparable keys: ids, or a group's ids joined by "+". */
export function findingKeys(finding: Pick<FindingResult, "shape" | "affected">): string[] {
  return finding.shape === "groups"
    ? (finding.affected as string[][]).map((group) => group.join("+"))
    : (finding.affected as string[]);
}

/**
 * What changed from `before` to `after`: per check that ran in both, the new and resolved ids
 * and the count delta; score deltas for the overall score and the categories present in both.
 */
export function diffRuns(before: StoredRun, after: Omit<StoredRun, "id">): RunChanges {
  const previous = new Map(before.findings.map((f) => [f.checkId, f]));
  const checks: CheckChange[] = [];
  for (const finding of after.findings) {
    const old = previous.get(finding.checkId);
    if (!old) continue;
    const oldKeys = new Set(findingKeys(old));
    const newKeys = findingKeys(finding);
    const newSet = new Set(newKeys);
    checks.push({
      checkId: finding.checkId,
      added: newKeys.filter((k) => !oldKeys.has(k)),
      resolved: [...oldKeys].filter((k) => !newSet.has(k)),
      countDelta: finding.count - old.count,
    });
  }
  const categoryDeltas: RunChanges["categoryDeltas"] = {};
  for (const [category, score] of Object.entries(after.scores.categories) as [Category, number][]) {
    const old = before.scores.categories[category];
    if (old !== undefined) categoryDeltas[category] = round1(score - old);
  }
  return {
    previousRunId: before.id,
    overallDelta: round1(after.scores.overall - before.scores.overall),
    categoryDeltas,
    checks,
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** A stored run with its comparison against the run of the same selection before it. */
export function getRun(sqlite: SqliteDatabase, workspaceId: string, runId: number): AuditRunResult | null {
  const run = loadRun(sqlite, workspaceId, runId);
  if (!run) return null;
  const beforeId = previousRunId(sqlite, workspaceId, runId, run.selection);
  const before = beforeId === null ? null : loadRun(sqlite, workspaceId, beforeId);
  return { ...run, changes: before ? diffRuns(before, run) : null };
}

/**
 * The headline run: the latest full audit. A partial run (`run security`) never replaces it;
 * only while the workspace has no full run is the latest partial one shown (marked as such).
 */
export function getLatestRun(sqlite: SqliteDatabase, workspaceId: string): AuditRunResult | null {
  const id = previousRunId(sqlite, workspaceId, undefined, null) ?? previousRunId(sqlite, workspaceId);
  return id === null ? null : getRun(sqlite, workspaceId, id);
}
