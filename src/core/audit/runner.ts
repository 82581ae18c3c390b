/**
 * Runs checks over one workspace as of T: each table is streamed once, in VISIT_ORDER, and
 * every row goes to every selected check's visitor (and to the metrics collector). Then the
 * run and its findings are stored in one transaction. Synchronous on purpose: it runs inside
 * the audit worker (worker.ts) with the worker's own SQLite connection.
 */
import type { SqliteDatabase } from "../../db/database.js";
import {
  CATEGORIES,
  VISIT_ORDER,
  type Check,
  type CheckContext,
  type CheckVisitors,
  type Severity,
} from "../checks/types.js";
import type { EntityName } from "../dataset/entities.js";
import { diffRuns, loadRun, previousRunId, saveRun, type StoredRun } from "./history.js";
import { createMetricsCollector, fillCountsBySql } from "./metrics.js";
import { countRecords, readAuditRows } from "./reader.js";
import { computeScores } from "./scores.js";
import type { AuditRunResult, FindingResult } from "./types.js";

/** A check with its effective configuration (structurally what the check config resolver returns). */
export interface EffectiveCheck {
  check: Check;
  severity: Severity;
  thresholds: unknown;
  /** Disabled checks run only when selected by their id. Default true. */
  enabled?: boolean;
}

export interface AuditJob {
  workspaceId: string;
  asOf: number;
  checks: readonly EffectiveCheck[];
  /** Check ids or category names; default: every enabled check. */
  select?: readonly string[];
  trigger: string;
  requestedBy?: string | null;
  onProgress?: (done: number, total: number) => void;
}

export class AuditSelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuditSelectionError";
  }
}

/**
 * The checks a selection names. A category selects its enabled checks; an id selects that
 * check even when disabled (asking for it by name is explicit). Unknown names are an error.
 */
export function selectChecks(checks: readonly EffectiveCheck[], select?: readonly string[]): EffectiveCheck[] {
  const seen = new Set<string>();
  for (const c of checks) {
    if (seen.has(c.check.meta.id)) throw new Error(`check id ${c.check.meta.id} is registered twice`);
    seen.add(c.check.meta.id);
  }
  if (!select || select.length === 0) return checks.filter((c) => c.enabled !== false);
  const chosen = new Set<EffectiveCheck>();
  const unknown: string[] = [];
  for (const name of select) {
    const byId = checks.find((c) => c.check.meta.id === name);
    if (byId) chosen.add(byId);
    else if ((CATEGORIES as readonly string[]).includes(name)) {
      for (const c of checks) if (c.check.meta.category === name && c.enabled !== false) chosen.add(c);
    } else unknown.push(name);
  }
  if (unknown.length > 0) {
    throw new AuditSelectionError(
      `unknown check or category: ${unknown.join(", ")} (categories: ${CATEGORIES.join(", ")})`,
    );
  }
  return checks.filter((c) => chosen.has(c));
}

interface Collected {
  effective: EffectiveCheck;
  visitors: CheckVisitors;
  ids: Set<string>;
  groups: string[][];
}

function compareGroups(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length - b.length;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function toFinding(c: Collected): FindingResult {
  const { meta } = c.effective.check;
  let affected: string[] | string[][];
  if (meta.shape === "groups") {
    // Dedupe within and across groups; a "group" of one record is not a duplicate.
    const unique = new Map<string, string[]>();
    for (const group of c.groups) {
      const members = [...new Set(group)].sort(byCodePoint);
      if (members.length > 1) unique.set(members.join("\u0000"), members);
    }
    affected = [...unique.values()].sort(compareGroups);
  } else {
    affected = [...c.ids].sort(byCodePoint);
  }
  return {
    checkId: meta.id,
    title: meta.title,
    category: meta.category,
    severity: c.effective.severity,
    entity: meta.entity,
    shape: meta.shape,
    count: affected.length,
    affected,
    why: meta.why,
    fix: meta.fix,
  };
}

/** Runs the job and stores the run; returns it with its changes since the previous run. */
export function runAudit(sqlite: SqliteDatabase, job: AuditJob): AuditRunResult {
  const startedAt = Date.now();
  const started = performance.now();
  const selected = selectChecks(job.checks, job.select);

  const beforeId = previousRunId(sqlite, job.workspaceId);
  const before: StoredRun | null = beforeId === null ? null : loadRun(sqlite, job.workspaceId, beforeId);
  const previousCounts = (before?.metrics.counts as Record<EntityName, number> | undefined) ?? null;
  const counts = countRecords(sqlite, job.workspaceId);

  const collected: Collected[] = selected.map((effective) => {
    const ids = new Set<string>();
    const groups: string[][] = [];
    const thresholds: unknown = effective.check.thresholds.parse(effective.thresholds ?? {});
    const context: CheckContext<unknown> = {
      asOf: job.asOf,
      thresholds,
      counts,
      previousCounts,
      report: (id) => void ids.add(id),
      reportGroup: (group) => void groups.push([...group]),
    };
    return { effective, visitors: effective.check.create(context), ids, groups };
  });

  const metrics = createMetricsCollector(job.asOf);
  const total = VISIT_ORDER.reduce((sum, entity) => sum + counts[entity], 0);
  let done = 0;
  const progressEvery = 50_000;
  for (const entity of VISIT_ORDER) {
    const visit: Array<(row: never) => void> = [];
    const owners: string[] = [];
    for (const c of collected) {
      const visitor = c.visitors[entity];
      if (visitor) {
        visit.push(visitor as (row: never) => void);
        owners.push(c.effective.check.meta.id);
      }
    }
    const metricsVisitor = metrics.visitors[entity];
    if (visit.length === 0 && !metricsVisitor) {
      // No check reads this table: its fill rates come from one SQL aggregate instead of a row stream.
      const { filled, total: rows } = fillCountsBySql(sqlite, job.workspaceId, entity);
      metrics.setFill(entity, filled, rows);
      done += counts[entity];
      continue;
    }
    if (metricsVisitor) {
      visit.push(metricsVisitor as (row: never) => void);
      owners.push("metrics");
    }
    const countFill = metrics.countFill;
    let i = visit.length;
    try {
      for (const row of readAuditRows(sqlite, job.workspaceId, entity, job.asOf)) {
        for (i = 0; i < visit.length; i++) visit[i]!(row as never);
        countFill(entity, row);
        if (++done % progressEvery === 0) job.onProgress?.(done, total);
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
      throw new Error(`audit failed in ${c.effective.check.meta.id} (finish): ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  job.onProgress?.(total, total);

  const findings = collected.map(toFinding);
  const scores = computeScores(findings, counts);
  const run = {
    workspaceId: job.workspaceId,
    asOf: job.asOf,
    startedAt,
    durationMs: Math.round(performance.now() - started),
    trigger: job.trigger,
    requestedBy: job.requestedBy ?? null,
    scores,
    metrics: metrics.result(counts, previousCounts),
    findings,
  };
  const config = {
    select: job.select ?? null,
    checks: selected.map((c) => ({
      id: c.check.meta.id,
      severity: c.severity,
      thresholds: c.check.thresholds.parse(c.thresholds ?? {}) as unknown,
    })),
  };
  const id = saveRun(sqlite, run, config);
  return { ...run, id, changes: before ? diffRuns(before, run) : null };
}
