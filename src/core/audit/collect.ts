/**
 * The single pass of an audit: each table a check (or the metrics collector) visits is streamed
 * once, in VISIT_ORDER, and every row goes to every visitor; then each check's finish() runs.
 * Used by the runner on its own thread and by the second audit thread (second-thread.ts) for
 * the heavy checks, each with its own connection (src/core/audit/stores.ts).
 */
import { VISIT_ORDER, type AuditRows, type CheckContext, type CheckMeta, type CheckVisitors } from "../checks/types.js";
import type { EntityName } from "../dataset/entities.js";
import type { AuditDataReader, RecordCounts, SetBasedRequest } from "./stores.js";
import { OPTIONAL_FIELDS, type MetricsCollector } from "./metrics.js";
import { systemUserRule } from "../checks/system-users.js";
import type { EffectiveCheck } from "./runner.js";

/** What one check found: affected ids (distinct), or groups of ids for "groups"-shaped checks. */
export interface CheckOutcome {
  ids: string[];
  groups: string[][];
  /** Sentences the check added about how it read the data (CheckContext.note). */
  notes?: string[];
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
  /** The workspace's data version (AuditDataReader.dataVersion) the counts were taken at. */
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

export interface CollectOptions {
  /** Metrics are collected on one thread only: the one that also gets the light checks. */
  metrics?: MetricsCollector;
  onProgress?: (done: number, total: number) => void;
  /** Ids or emails of users the configuration names as system users (src/core/checks/system-users.ts). */
  systemUsers?: readonly string[];
  /** Every check runs as visitors, also those with SQL (comparisons of the two forms, benchmarks). */
  visitorsOnly?: boolean;
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

/**
 * The outcomes of the checks the database evaluates by their SQL (Check.setBased): one query
 * per table returns only the flagged ids, so those checks need no row handed to JavaScript.
 */
function setBasedOutcomes(db: AuditDataReader, scope: AuditScope, checks: readonly EffectiveCheck[]): CheckOutcomes {
  if (!db.flagSetBased) return {};
  const requests: SetBasedRequest[] = [];
  for (const { check, thresholds } of checks) {
    if (!check.setBased) continue;
    const params = check.setBased(check.thresholds.parse(thresholds ?? {}), scope.asOf);
    if (params) requests.push({ checkId: check.meta.id, params });
  }
  if (requests.length === 0) return {};
  let flagged: Record<string, string[]>;
  try {
    flagged = db.flagSetBased(scope.workspaceId, scope.asOf, requests);
  } catch (error) {
    throw new Error(`audit failed in the set-based checks: ${(error as Error).message}`, { cause: error });
  }
  const outcomes: CheckOutcomes = {};
  for (const [checkId, ids] of Object.entries(flagged)) outcomes[checkId] = { ids, groups: [] };
  return outcomes;
}

export function collectOutcomes(
  db: AuditDataReader,
  scope: AuditScope,
  allChecks: readonly EffectiveCheck[],
  options: CollectOptions = {},
): CheckOutcomes {
  const { metrics, onProgress } = options;
  const evaluated = options.visitorsOnly ? {} : setBasedOutcomes(db, scope, allChecks);
  const checks = allChecks.filter((c) => !(c.check.meta.id in evaluated));
  // "Not a duplicate" decisions, read in this pass's snapshot when a duplicate check asks.
  const notDuplicates = (entity: "contacts" | "companies") => db.notDuplicatePairs(scope.workspaceId, entity);
  // Survey rounds, read in the same snapshot when a check asks (survey.more-answers-than-invited).
  const surveyRounds = () =>
    (db.surveys?.rounds(scope.workspaceId, scope.asOf) ?? []).map((r) => ({
      surveyId: r.survey.id,
      round: r.round.number,
      invited: r.invited,
      answers: r.answers,
    }));
  const collected = checks.map((effective) => {
    const ids = new Set<string>();
    const groups: string[][] = [];
    const notes: string[] = [];
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
      note: (text) => void notes.push(text),
      notDuplicates,
      surveyRounds,
    };
    const { meta } = effective.check;
    return {
      id: meta.id,
      entity: meta.entity,
      reads: meta.reads,
      visitors: effective.check.create(context),
      ids,
      groups,
      groupDetails,
      notes,
    };
  });
  // System and integration users are left out of the user checks and the adoption figures.
  const isSystemUser = systemUserRule(options.systemUsers);

  const total = VISIT_ORDER.reduce((sum, entity) => sum + scope.counts[entity], 0);
  let done = 0;
  for (const entity of VISIT_ORDER) {
    const visit: Array<(row: never) => void> = [];
    const owners: string[] = [];
    // Per visitor: true when it must not see system users (user checks, metrics).
    const peopleOnly: boolean[] = [];
    for (const c of collected) {
      const visitor = c.visitors[entity];
      if (visitor) {
        visit.push(visitor as (row: never) => void);
        owners.push(c.id);
        peopleOnly.push(entity === "users" && c.entity === "users");
      }
    }
    const metricsVisitor = metrics?.visitors[entity];
    const declared = declaredFields(collected, entity);
    if (declared && metricsVisitor) for (const field of metrics!.reads[entity] ?? []) declared.add(field);
    // The system-user rule reads these on every users row.
    const only = declared && entity === "users" ? new Set([...declared, "name", "email", "extra"]) : declared;
    if (metrics) {
      // Fill rates come from one aggregate query in the database, not from counting blanks in
      // every streamed row: the stream then carries only the columns its visitors read.
      const { filled, total: rows } = db.fillCounts(scope.workspaceId, entity, OPTIONAL_FIELDS[entity]);
      metrics.setFill(entity, filled, rows);
    }
    if (visit.length === 0 && !metricsVisitor) {
      done += scope.counts[entity];
      continue;
    }
    if (metricsVisitor) {
      visit.push(metricsVisitor as (row: never) => void);
      owners.push("metrics");
      peopleOnly.push(entity === "users");
    }
    const filtersPeople = peopleOnly.includes(true);
    let i = visit.length;
    try {
      for (const row of db.readRows(scope.workspaceId, entity, scope.asOf, only)) {
        const system = filtersPeople && isSystemUser(row as AuditRows["users"]);
        for (i = 0; i < visit.length; i++) if (!(system && peopleOnly[i])) visit[i]!(row as never);
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

  const outcomes: CheckOutcomes = { ...evaluated };
  for (const c of collected) {
    outcomes[c.id] = {
      ids: [...c.ids],
      groups: c.groups,
      ...(c.groupDetails.some((d) => d !== "") ? { groupDetails: c.groupDetails } : {}),
      ...(c.notes.length ? { notes: c.notes } : {}),
    };
  }
  return outcomes;
}
