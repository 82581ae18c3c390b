/**
 * The single pass of an audit: each table a check (or the metrics collector) visits is streamed
 * once, in VISIT_ORDER, and every row goes to every visitor; then each check's finish() runs.
 * Used by the runner on its own thread and by the second audit thread (second-thread.ts) for
 * the heavy checks, each with its own SQLite connection.
 */
import type { SqliteDatabase } from "../../db/database.js";
import { duplicateDecisionStore } from "../../db/stores/duplicate-decisions.js";
import { VISIT_ORDER, type CheckContext, type CheckMeta, type CheckVisitors } from "../checks/types.js";
import type { EntityName } from "../dataset/entities.js";
import { fillCountsBySql, type MetricsCollector } from "./metrics.js";
import { readAuditRows, type RecordCounts } from "./reader.js";
import type { EffectiveCheck } from "./runner.js";

/** What one check found: affected ids (distinct), or groups of ids for "groups"-shaped checks. */
export interface CheckOutcome {
  ids: string[];
  groups: string[][];
  /** Parallel to `groups`, when the check said why they are groups ("" where it did not). */
  groupDetails?: string[];
}

/** Check id → its outcome; plain data, so it can be posted between threads. */
export type CheckOutcomes = Record<string, CheckOutcome>;

export interface AuditScope {
  workspaceId: string;
  asOf: number;
  counts: RecordCounts;
  previousCounts: RecordCounts | null;
  /** The workspace's data version (dataVersion) the counts were taken at. */
  dataVersion: number;
}

/**
 * Thrown when a thread finds the workspace's data at another version than the run's first
 * thread did: an import committed between their snapshots, so their findings would not match.
 */
export class DataChangedError extends Error {
  constructor(message = "the workspace's data changed while the audit ran (an import finished)") {
    super(message);
    this.name = "DataChangedError";
  }
}

/**
 * The workspace's data version: the id of its latest import_log row. Every import writes that
 * row inside the transaction that writes its records, and imports are the only writers of the
 * CRM tables, so two snapshots with the same version hold the same records.
 */
export function dataVersion(sqlite: SqliteDatabase, workspaceId: string): number {
  const row = sqlite
    .prepare(`SELECT COALESCE(MAX(id), 0) AS version FROM import_log WHERE workspaceId = ?`)
    .get(workspaceId) as { version: number };
  return row.version;
}

/**
 * Runs `read` inside one read transaction, so every statement sees the database as of the
 * same commit (in WAL mode the snapshot is fixed by the first read), whatever imports commit
 * meanwhile. Inside a caller's transaction it just runs `read`.
 */
export function inReadSnapshot<T>(sqlite: SqliteDatabase, read: () => T): T {
  if (sqlite.inTransaction) return read();
  sqlite.exec("BEGIN");
  try {
    return read();
  } finally {
    // Read-only: COMMIT only ends the snapshot.
    sqlite.exec("COMMIT");
  }
}

export interface CollectOptions {
  /** Metrics are collected on one thread only: the one that also gets the light checks. */
  metrics?: MetricsCollector;
  onProgress?: (done: number, total: number) => void;
}

const PROGRESS_EVERY = 50_000;

/** The fields the checks visiting `entity` read, when every one of them declared its own. */
function declaredFields(
  collected: readonly { reads: CheckMeta["reads"]; visitors: CheckVisitors }[],
  entity: EntityName,
): Set<string> | undefined {
  const fields = new Set<string>();
  for (const c of collected) {
    if (!c.visitors[entity]) continue;
    const declared = c.reads?.[entity];
    if (!declared) return undefined;
    for (const field of declared) fields.add(field);
  }
  return fields;
}

export function collectOutcomes(
  sqlite: SqliteDatabase,
  scope: AuditScope,
  checks: readonly EffectiveCheck[],
  options: CollectOptions = {},
): CheckOutcomes {
  const { metrics, onProgress } = options;
  // "Not a duplicate" decisions, read in this pass's snapshot when a duplicate check asks.
  const decisions = duplicateDecisionStore(sqlite);
  const notDuplicates = (entity: "contacts" | "companies") => decisions.notDuplicatePairs(scope.workspaceId, entity);
  const collected = checks.map((effective) => {
    const ids = new Set<string>();
    const groups: string[][] = [];
    const groupDetails: string[] = [];
    const thresholds: unknown = effective.check.thresholds.parse(effective.thresholds ?? {});
    const context: CheckContext<unknown> = {
      asOf: scope.asOf,
      thresholds,
      counts: scope.counts,
      previousCounts: scope.previousCounts,
      report: (id) => void ids.add(id),
      reportGroup: (group, detail) => {
        groups.push([...group]);
        groupDetails.push(detail ?? "");
      },
      notDuplicates,
    };
    const { meta } = effective.check;
    return { id: meta.id, reads: meta.reads, visitors: effective.check.create(context), ids, groups, groupDetails };
  });

  const total = VISIT_ORDER.reduce((sum, entity) => sum + scope.counts[entity], 0);
  let done = 0;
  for (const entity of VISIT_ORDER) {
    const visit: Array<(row: never) => void> = [];
    const owners: string[] = [];
    for (const c of collected) {
      const visitor = c.visitors[entity];
      if (visitor) {
        visit.push(visitor as (row: never) => void);
        owners.push(c.id);
      }
    }
    const metricsVisitor = metrics?.visitors[entity];
    const only = metrics ? undefined : declaredFields(collected, entity);
    if (visit.length === 0 && !metricsVisitor) {
      if (metrics) {
        // No check reads this table: its fill rates come from one SQL aggregate instead of a row stream.
        const { filled, total: rows } = fillCountsBySql(sqlite, scope.workspaceId, entity);
        metrics.setFill(entity, filled, rows);
      }
      done += scope.counts[entity];
      continue;
    }
    if (metricsVisitor) {
      visit.push(metricsVisitor as (row: never) => void);
      owners.push("metrics");
    }
    const countFill = metrics ? metrics.countFill : (_entity: EntityName, _row: object) => {};
    let i = visit.length;
    try {
      for (const row of readAuditRows(sqlite, scope.workspaceId, entity, scope.asOf, only)) {
        for (i = 0; i < visit.length; i++) visit[i]!(row as never);
        countFill(entity, row);
        if (++done % PROGRESS_EVERY === 0) onProgress?.(done, total);
      }
    } catch (error) {
      throw new Error(`audit failed in ${owners[i] ?? "reader"} on ${entity}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  for (const c of collected) {
    try {
      c.visitors.finish?.();
    } catch (error) {
      throw new Error(`audit failed in ${c.id} (finish): ${(error as Error).message}`, { cause: error });
    }
  }
  onProgress?.(total, total);

  const outcomes: CheckOutcomes = {};
  for (const c of collected) {
    outcomes[c.id] = c.groupDetails.some((d) => d !== "")
      ? { ids: [...c.ids], groups: c.groups, groupDetails: c.groupDetails }
      : { ids: [...c.ids], groups: c.groups };
  }
  return outcomes;
}
