/**
 * Stored audit runs on SQLite (AuditRunStore, src/core/audit/stores.ts). Tables: audit_runs,
 * audit_findings (JSON text columns). Every query is scoped by workspaceId.
 */
import type { Category } from "../../core/checks/types.js";
import type { AuditMetrics, FindingResult, RunSummary, Scores } from "../../core/audit/types.js";
import type { AuditRunStore, RecordCounts, StoredRun } from "../../core/audit/stores.js";
import type { SqliteDatabase } from "./connection.js";

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
  notes?: string[];
  status?: FindingResult["status"];
  reason?: string;
  /** FindingResult.details (why each duplicate group matched). */
  details?: string[];
}

function saveRun(sqlite: SqliteDatabase, run: Omit<StoredRun, "id">, config: unknown): number {
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
      ...(f.notes ? { notes: f.notes } : {}),
      ...(f.status ? { status: f.status } : {}),
      ...(f.reason ? { reason: f.reason } : {}),
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
      ...(d?.notes?.length ? { notes: d.notes } : {}),
      ...(d?.status ? { status: d.status } : {}),
      ...(d?.reason ? { reason: d.reason } : {}),
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

function loadRun(sqlite: SqliteDatabase, workspaceId: string, runId: number): StoredRun | null {
  const row = sqlite
    .prepare(`SELECT ${RUN_COLUMNS} FROM audit_runs WHERE workspaceId = ? AND id = ?`)
    .get(workspaceId, runId) as RunRow | undefined;
  if (!row) return null;
  const findings = sqlite
    .prepare(`SELECT checkId, category, severity, count, affected FROM audit_findings WHERE runId = ? ORDER BY rowid`)
    .all(row.id) as FindingRow[];
  return toStoredRun(row, findings);
}

function previousRunId(
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

function loadRunCounts(sqlite: SqliteDatabase, workspaceId: string, runId: number): RecordCounts | null {
  const row = sqlite
    .prepare(`SELECT json_extract(metrics, '$.counts') AS counts FROM audit_runs WHERE workspaceId = ? AND id = ?`)
    .get(workspaceId, runId) as { counts: string | null } | undefined;
  return row?.counts ? (JSON.parse(row.counts) as RecordCounts) : null;
}

function listRuns(sqlite: SqliteDatabase, workspaceId: string, limit: number): RunSummary[] {
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

export function sqliteAuditRuns(sqlite: SqliteDatabase): AuditRunStore {
  return {
    save: (run, config) => saveRun(sqlite, run, config),
    load: (workspaceId, runId) => loadRun(sqlite, workspaceId, runId),
    previousRunId: (workspaceId, beforeId, selection) => previousRunId(sqlite, workspaceId, beforeId, selection),
    loadCounts: (workspaceId, runId) => loadRunCounts(sqlite, workspaceId, runId),
    list: (workspaceId, limit) => listRuns(sqlite, workspaceId, limit),
  };
}
