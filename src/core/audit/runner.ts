/**
 * Runs checks over one workspace as of T: one pass over the tables (collect.ts) gives every
 * check's affected ids and the metrics; then the run and its findings are stored in one
 * transaction. It runs inside the audit worker (worker.ts) with the worker's own connection
 * (src/core/audit/stores.ts); on large workspaces the heavy checks get a second thread
 * (second-thread.ts).
 */
import type { AuditDatabase } from "./stores.js";
import { resolveSelection, selectChecks, type EffectiveCheck } from "../checks/select.js";
import {
  collectOutcomes,
  DataChangedError,
  type AuditScope,
  type CheckOutcome,
  type CheckOutcomes,
} from "./collect.js";
import { diffRuns } from "./history.js";
import { createMetricsCollector } from "./metrics.js";
import { computeScores } from "./scores.js";
import { measurability, measuredMetrics, SuppliedData, type Measurability } from "./measured.js";
import type { AuditRunResult, FindingResult } from "./types.js";
import { outcomeKeys, storeOutcomes } from "./outcome-cache.js";
import { surveyMetrics, type SurveyMetrics } from "./survey-metrics.js";
import { APP_VERSION } from "../../version.js";

export type { EffectiveCheck };

export interface AuditJob {
  workspaceId: string;
  asOf: number;
  checks: readonly EffectiveCheck[];
  /** Check ids or category names; default: every enabled check. */
  select?: readonly string[];
  trigger: string;
  requestedBy?: string | null;
  onProgress?: (done: number, total: number) => void;
  /** Ids or emails of users the configuration names as system users. */
  systemUsers?: readonly string[];
  /** Where heavy checks (meta.heavy) run beside the others; without it everything runs here. */
  secondThread?: SecondThread;
  /** Every check runs as visitors, also those with an SQL form (benchmarks compare the two). */
  visitorsOnly?: boolean;
}

/** What the second thread is asked: the scope, and the checks (by id) it runs. */
export interface SecondThreadRequest extends AuditScope {
  checkIds: string[];
}

export interface SecondThread {
  /** Workspaces with fewer records (all tables) run on one thread: for them a thread's start-up costs more than it saves. */
  minRecords: number;
  run(request: SecondThreadRequest): Promise<CheckOutcomes>;
}

function compareGroups(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length - b.length;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Measured unless the source lacks an input or the check's settings leave nothing to judge. */
function measurabilityOf(effective: EffectiveCheck, supplied: SuppliedData): Measurability {
  const fromData = measurability(effective.check.meta, supplied);
  if (fromData.status !== "measured" || !effective.check.unmeasuredWith) return fromData;
  const reason = effective.check.unmeasuredWith(effective.check.thresholds.parse(effective.thresholds ?? {}));
  return reason ? { status: "not-measured", reason } : fromData;
}

function toFinding(effective: EffectiveCheck, outcome: CheckOutcome, measured: Measurability): FindingResult {
  const { meta } = effective.check;
  let affected: string[] | string[][];
  let details: string[] | undefined;
  if (meta.shape === "groups") {
    // Dedupe within and across groups; a "group" of one record is not a duplicate.
    const unique = new Map<string, string[]>();
    const detailOf = new Map<string, string>();
    outcome.groups.forEach((group, g) => {
      const members = [...new Set(group)].sort(byCodePoint);
      if (members.length < 2) return;
      const key = members.join("\u0000");
      unique.set(key, members);
      const detail = outcome.groupDetails?.[g];
      if (detail) detailOf.set(key, detail);
    });
    affected = [...unique.values()].sort(compareGroups);
    if (detailOf.size > 0) details = affected.map((members) => detailOf.get(members.join("\u0000")) ?? "");
  } else {
    affected = [...outcome.ids].sort(byCodePoint);
  }
  return {
    checkId: meta.id,
    title: meta.title,
    category: meta.category,
    severity: effective.severity,
    entity: meta.entity,
    shape: meta.shape,
    count: affected.length,
    affected,
    why: meta.why,
    fix: meta.fix,
    docs: meta.docs,
    ...(outcome.notes?.length ? { notes: outcome.notes } : {}),
    status: measured.status,
    ...(measured.reason ? { reason: measured.reason } : {}),
    ...(details ? { details } : {}),
  };
}

/**
 * Runs the job and stores the run; returns it with its changes since the previous run. With a
 * second thread and a large enough workspace, the heavy checks run there while this thread
 * runs the others and the metrics; the run is stored once both are done. Each thread reads
 * one snapshot; if an import committed between the two snapshots, the run starts over once.
 */
export async function runAudit(db: AuditDatabase, job: AuditJob): Promise<AuditRunResult> {
  try {
    return await runAuditOnce(db, job);
  } catch (error) {
    if (!(error instanceof DataChangedError)) throw error;
    return runAuditOnce(db, job);
  }
}

async function runAuditOnce(db: AuditDatabase, job: AuditJob): Promise<AuditRunResult> {
  const startedAt = Date.now();
  const started = performance.now();
  // Stored as resolved names, so "Security" and "security" are one selection.
  const selection = resolveSelection(
    job.checks.map((c) => c.check.meta),
    job.select,
  );
  const selected = selectChecks(job.checks, selection);
  // Record counts are the whole workspace's in every run, so the latest run of any kind gives
  // the previous counts; findings and scores are compared only with a run of the same selection.
  const countsId = db.runs.previousRunId(job.workspaceId);
  const beforeId = db.runs.previousRunId(job.workspaceId, undefined, selection);
  // Only the counts now; the previous run's findings (hundreds of thousands of ids on a large
  // workspace) are loaded for the comparison after the pass, not held through it.
  const previousCounts = countsId === null ? null : db.runs.loadCounts(job.workspaceId, countsId);
  const metrics = createMetricsCollector(job.asOf);
  let outcomesApart: Promise<CheckOutcomes> | null = null;
  const { scope, here, measured, supplied, cached, toStore, surveys } = db.inReadSnapshot(() => {
    const version = db.dataVersion(job.workspaceId);
    const counts = db.countRecords(job.workspaceId);
    // Checks whose input the source did not supply, or with nothing to examine, do not run.
    const surveyRounds = db.surveys ? db.surveys.rounds(job.workspaceId, job.asOf).length : null;
    const supplied = new SuppliedData(db.suppliedColumns(job.workspaceId), counts, surveyRounds);
    // What the users said, from the same snapshot (docs/audit.md, "Survey metrics").
    const surveys: SurveyMetrics | null = db.surveys ? surveyMetrics(db.surveys, job.workspaceId, job.asOf) : null;
    const measured = new Map(selected.map((c) => [c.check.meta.id, measurabilityOf(c, supplied)]));
    const runnable = selected.filter((c) => measured.get(c.check.meta.id)!.status === "measured");
    const scope: AuditScope = {
      workspaceId: job.workspaceId,
      asOf: job.asOf,
      counts,
      previousCounts,
      dataVersion: version,
    };
    // Outcomes that do not depend on the as-of (duplicate groups) come from the previous run
    // on the same data and settings when there was one (outcome-cache.ts).
    const keys = outcomeKeys(db, scope, runnable);
    const cached: CheckOutcomes = {};
    for (const [checkId, key] of keys) {
      const hit = db.outcomeCache.get(key);
      if (hit) {
        cached[checkId] = hit;
        keys.delete(checkId);
      }
    }
    const toRun = runnable.filter((c) => !(c.check.meta.id in cached));
    const records = Object.values(counts).reduce((sum, n) => sum + n, 0);
    const apart =
      job.secondThread && records >= job.secondThread.minRecords ? toRun.filter((c) => c.check.meta.heavy) : [];
    // Started before this thread's own pass, which blocks it until done: the two run side by side.
    if (apart.length > 0) {
      outcomesApart = job.secondThread!.run({ ...scope, checkIds: apart.map((c) => c.check.meta.id) });
      // A failure of this thread's pass must not leave the other thread's promise unobserved.
      outcomesApart.catch(() => {});
    }
    const onProgress = job.onProgress ? { onProgress: job.onProgress } : {};
    const systemUsers = job.systemUsers ? { systemUsers: job.systemUsers } : {};
    const visitorsOnly = job.visitorsOnly ? { visitorsOnly: true } : {};
    const checks = toRun.filter((c) => !apart.includes(c));
    return {
      scope,
      surveys,
      measured,
      supplied,
      cached,
      toStore: keys,
      here: collectOutcomes(db, scope, checks, { metrics, ...onProgress, ...systemUsers, ...visitorsOnly }),
    };
  });
  const computed: CheckOutcomes = { ...here, ...(outcomesApart ? await outcomesApart : {}) };
  storeOutcomes(db.outcomeCache, toStore, computed, Date.now());
  const outcomes: CheckOutcomes = { ...cached, ...computed };
  const { counts } = scope;

  const findings = selected.map((c) => {
    const measure = measured.get(c.check.meta.id)!;
    const outcome = measure.status === "measured" ? outcomes[c.check.meta.id] : { ids: [], groups: [] };
    if (!outcome) throw new Error(`audit failed: no outcome for ${c.check.meta.id}`);
    return toFinding(c, outcome, measure);
  });
  const scores = computeScores(findings, counts);
  const run = {
    workspaceId: job.workspaceId,
    asOf: job.asOf,
    startedAt,
    durationMs: Math.round(performance.now() - started),
    trigger: job.trigger,
    requestedBy: job.requestedBy ?? null,
    selection,
    // Kept so the report's audit record says which data and which checks made this run (docs/report.md).
    dataVersion: scope.dataVersion,
    checksRelease: APP_VERSION,
    scores,
    metrics: {
      ...measuredMetrics(metrics.result(counts, previousCounts), supplied),
      ...(surveys ? { surveys } : {}),
    },
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
  const id = db.runs.save(run, config);
  const before = beforeId === null ? null : db.runs.load(job.workspaceId, beforeId);
  return { ...run, id, changes: before ? diffRuns(before, run) : null };
}
