/**
 * Stored audit runs (AuditRunStore, src/core/audit/stores.ts), in SQL that runs on SQLite and
 * PostgreSQL alike (src/db/sql.ts). Tables: audit_runs, audit_findings (JSON text columns).
 * Every query is scoped by workspaceId.
 */
import type { Category } from "../../core/checks/types.js";
import type { AuditMetrics, FindingResult, RunSummary, Scores } from "../../core/audit/types.js";
import type { AuditRunStore, RecordCounts, StoredRun } from "../../core/audit/stores.js";
import { asDriver, type SqlDriver, type SqlSource } from "../sql.js";

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
  dataVersion: number | null;
  checksRelease: string | null;
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

function saveRun(db: SqlDriver, run: Omit<StoredRun, "id">, config: unknown): number {
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
  // One write transaction (taken up front on SQLite, so a concurrent writer waits instead of failing mid-way).
  return db.transaction(() => {
    const { id: runId } = db.get<{ id: number }>(
      `INSERT INTO "audit_runs" ("workspaceId", "asOf", "startedAt", "durationMs", "trigger", "requestedBy", "selection", "dataVersion", "checksRelease", "config", "scores", "metrics")
       VALUES (?, ${db.ts}, ${db.ts}, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING "id"`,
      [
        run.workspaceId,
        run.asOf,
        run.startedAt,
        run.durationMs,
        run.trigger,
        run.requestedBy,
        selectionKey(run.selection),
        run.dataVersion ?? null,
        run.checksRelease ?? null,
        JSON.stringify(config),
        JSON.stringify(run.scores),
        JSON.stringify({ ...run.metrics, findingDetails: details }),
      ],
    )!;
    for (const f of run.findings) {
      db.run(
        `INSERT INTO "audit_findings" ("runId", "checkId", "category", "severity", "count", "affected") VALUES (?, ?, ?, ?, ?, ?)`,
        [runId, f.checkId, f.category, f.severity, f.count, JSON.stringify(f.affected)],
      );
    }
    return Number(runId);
  });
}

function toStoredRun(row: RunRow, findingRows: FindingRow[]): StoredRun {
  const { findingDetails = {}, ...metrics } = JSON.parse(row.metrics) as AuditMetrics & {
    findingDetails?: Record<string, FindingDetails>;
  };
  // Findings in the order they were saved: the details object keeps it (PostgreSQL has no rowid).
  const order = new Map(Object.keys(findingDetails).map((id, i) => [id, i]));
  const sorted = [...findingRows].sort(
    (a, b) => (order.get(a.checkId) ?? order.size) - (order.get(b.checkId) ?? order.size),
  );
  const findings = sorted.map((f): FindingResult => {
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
    // Null on runs stored before the columns existed (docs/report.md, "Audit record").
    dataVersion: row.dataVersion === null ? null : Number(row.dataVersion),
    checksRelease: row.checksRelease,
    scores: JSON.parse(row.scores) as Scores,
    metrics: metrics as AuditMetrics,
    findings,
  };
}

const RUN_COLUMNS = [
  "id",
  "workspaceId",
  "asOf",
  "startedAt",
  "durationMs",
  "trigger",
  "requestedBy",
  "selection",
  "dataVersion",
  "checksRelease",
  "config",
  "scores",
  "metrics",
]
  .map((c) => `"${c}"`)
  .join(", ");

function loadRun(db: SqlDriver, workspaceId: string, runId: number): StoredRun | null {
  const row = db.get<RunRow>(`SELECT ${RUN_COLUMNS} FROM "audit_runs" WHERE "workspaceId" = ? AND "id" = ?`, [
    workspaceId,
    runId,
  ]);
  if (!row) return null;
  const findings = db.all<FindingRow>(
    `SELECT "checkId", "category", "severity", "count", "affected" FROM "audit_findings" WHERE "runId" = ?`,
    [row.id],
  );
  return toStoredRun(row, findings);
}

function previousRunId(
  db: SqlDriver,
  workspaceId: string,
  beforeId?: number,
  selection?: readonly string[] | null,
): number | null {
  // No upper bound without beforeId: PostgreSQL's integer id column rejects a larger bound.
  const conditions = [`"workspaceId" = ?`];
  const params: (string | number | null)[] = [workspaceId];
  if (selection !== undefined) {
    conditions.push(`"selection" ${db.isSame} ?`);
    params.push(selectionKey(selection));
  }
  if (beforeId !== undefined) {
    conditions.push(`"id" < ?`);
    params.push(beforeId);
  }
  const row = db.get<{ id: number | null }>(
    `SELECT MAX("id") AS "id" FROM "audit_runs" WHERE ${conditions.join(" AND ")}`,
    params,
  );
  return row?.id ?? null;
}

function loadRunCounts(db: SqlDriver, workspaceId: string, runId: number): RecordCounts | null {
  const row = db.get<{ counts: string | null }>(
    `SELECT ${db.jsonText(`"metrics"`, "counts")} AS "counts" FROM "audit_runs" WHERE "workspaceId" = ? AND "id" = ?`,
    [workspaceId, runId],
  );
  return row?.counts ? (JSON.parse(row.counts) as RecordCounts) : null;
}

function listRuns(db: SqlDriver, workspaceId: string, limit: number): RunSummary[] {
  const rows = db.all<Omit<RunSummary, "selection"> & { selection: string | null }>(
    `SELECT r."id", r."asOf", r."startedAt", r."durationMs", r."trigger", r."requestedBy", r."selection",
            ${db.jsonNumber(`r."scores"`, "overall")} AS "overall",
            (SELECT COUNT(*) FROM "audit_findings" f WHERE f."runId" = r."id" AND f."count" > 0) AS "findingCount"
       FROM "audit_runs" r WHERE r."workspaceId" = ? ORDER BY r."id" DESC LIMIT ?`,
    [workspaceId, Math.max(0, Math.floor(limit))],
  );
  return rows.map((r) => ({ ...r, selection: r.selection === null ? null : (JSON.parse(r.selection) as string[]) }));
}

/** The run store on a SQLite handle or a driver (src/db/sql.ts). */
export function auditRunStore(source: SqlSource): AuditRunStore {
  const db = asDriver(source);
  return {
    save: (run, config) => saveRun(db, run, config),
    load: (workspaceId, runId) => loadRun(db, workspaceId, runId),
    previousRunId: (workspaceId, beforeId, selection) => previousRunId(db, workspaceId, beforeId, selection),
    loadCounts: (workspaceId, runId) => loadRunCounts(db, workspaceId, runId),
    list: (workspaceId, limit) => listRuns(db, workspaceId, limit),
  };
}

export const sqliteAuditRuns = auditRunStore;
