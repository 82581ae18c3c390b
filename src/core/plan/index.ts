/**
 * The prioritised fix plan (docs/plan.md): the findings of the latest full audit ranked by
 * impact against effort, grouped into now / within 30 / 60 / 90 days, each with the owners
 * holding most of its records and the score the audit would gain if it were fixed. The gain is
 * computed with the audit's own scoring (computeScores, src/core/audit/scores.ts) on the run
 * with that one finding emptied, so the plan can never disagree with the score it promises.
 *
 * `buildPlan` is plain data in, plain data out (the report renders it); `loadPlan` finds the
 * run and the owners for chat and the CLI.
 */
import { affectedRecordCount, computeScores, rankFindings } from "../audit/scores.js";
import type { AuditRunResult, AuditService, FindingResult } from "../audit/types.js";
import { findCheck } from "../checks/registry.js";
import { SEVERITY_WEIGHTS, type Category, type Effort, type Severity } from "../checks/types.js";
import type { EntityName } from "../dataset/entities.js";
import type { RecordStore } from "../stores/records.js";

export const HORIZONS = ["now", "30-days", "60-days", "90-days"] as const;
export type Horizon = (typeof HORIZONS)[number];

export const HORIZON_LABELS: Record<Horizon, string> = {
  now: "Now",
  "30-days": "Within 30 days",
  "60-days": "Within 60 days",
  "90-days": "Within 90 days",
};

/**
 * How central a kind of record is to what the CRM is for (docs/plan.md): deals are the
 * revenue, contacts, companies and users are what everything else hangs on, tasks, activities
 * and feedback are the trail of the work. A dataset-level finding (a count drop) touches all.
 */
export const CENTRALITY: Record<EntityName | "dataset", number> = {
  deals: 3,
  dataset: 3,
  contacts: 2,
  companies: 2,
  users: 2,
  tasks: 1,
  activities: 1,
  customer_feedback: 1,
};

/** Relative cost of the kinds of effort (docs/checks.md, "Effort to fix"). */
export const EFFORT_WEIGHTS: Record<Effort, number> = { bulk: 1, "per-record": 3, process: 5 };

/** Used when a stored run names a check the registry no longer has. */
const UNKNOWN_EFFORT: Effort = "per-record";

export interface OwnerShare {
  /** The owner's name (their id when the user is not stored); "" for records with no owner. */
  owner: string;
  /** Affected records this owner holds. */
  records: number;
}

export interface PlanItem {
  checkId: string;
  title: string;
  category: Category;
  severity: Severity;
  effort: Effort;
  entity: EntityName | "dataset";
  /** Affected records (a duplicate check's: the members of its groups). */
  records: number;
  /** severity weight × affected records × centrality of the entity. */
  impact: number;
  /** impact / effort weight: the ranking key. */
  priority: number;
  horizon: Horizon;
  /** Overall score points the audit would gain with this finding fixed (one decimal). */
  scoreGain: number;
  /** The same for the finding's category score. */
  categoryGain: number;
  /** Up to three owners holding most of the affected records, most first; empty when unknown. */
  owners: OwnerShare[];
  fix: string;
}

export interface Plan {
  workspaceId: string;
  /** The full audit the plan is built from, and its as-of and score. */
  runId: number;
  asOf: number;
  startedAt: number;
  overall: number;
  /** Ranked: highest priority first (ties: score gain, then check id). */
  items: PlanItem[];
  /** Check ids per horizon, in rank order. */
  horizons: Record<Horizon, string[]>;
  /** The overall score if every item were fixed (computed, not assumed to be 100). */
  scoreIfAllFixed: number;
}

export interface BuildPlanOptions {
  /** Owners of each finding's records by check id (see `findingOwners`); absent = unknown. */
  owners?: ReadonlyMap<string, OwnerShare[]>;
  /** The effort of a check; default: its registry meta. */
  effortOf?: (checkId: string) => Effort | undefined;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The run with these findings emptied, as computeScores sees it. */
function scoresWithout(run: AuditRunResult, fixed: ReadonlySet<string>) {
  const findings = run.findings.map((f) => (fixed.has(f.checkId) ? { ...f, count: 0, affected: [] } : f));
  return computeScores(findings, run.metrics.counts);
}

/**
 * The horizon of a ranked item (docs/plan.md): critical findings and bulk fixes now; process
 * changes within 90 days; per-record work split by rank, the higher half within 30 days and
 * the rest within 60.
 */
function horizonOf(
  item: Pick<PlanItem, "severity" | "effort">,
  perRecordRank: number,
  perRecordCount: number,
): Horizon {
  if (item.severity === "critical" || item.effort === "bulk") return "now";
  if (item.effort === "process") return "90-days";
  return perRecordRank < Math.ceil(perRecordCount / 2) ? "30-days" : "60-days";
}

/** The fix plan of a run (meant for a full run: `loadPlan` never gives it a partial one). */
export function buildPlan(run: AuditRunResult, options: BuildPlanOptions = {}): Plan {
  const effortOf = options.effortOf ?? ((id: string) => findCheck(id)?.meta.effort);
  const baseCategories = run.scores.categories;
  const items: PlanItem[] = rankFindings(run).map((finding: FindingResult) => {
    const effort = effortOf(finding.checkId) ?? UNKNOWN_EFFORT;
    const records = affectedRecordCount(finding);
    const impact = SEVERITY_WEIGHTS[finding.severity] * records * CENTRALITY[finding.entity];
    const after = scoresWithout(run, new Set([finding.checkId]));
    const categoryBefore = baseCategories[finding.category];
    const categoryAfter = after.categories[finding.category];
    return {
      checkId: finding.checkId,
      title: finding.title,
      category: finding.category,
      severity: finding.severity,
      effort,
      entity: finding.entity,
      records,
      impact,
      priority: impact / EFFORT_WEIGHTS[effort],
      horizon: "now",
      scoreGain: round1(after.overall - run.scores.overall),
      categoryGain:
        categoryBefore === undefined || categoryAfter === undefined ? 0 : round1(categoryAfter - categoryBefore),
      owners: options.owners?.get(finding.checkId) ?? [],
      fix: finding.fix,
    };
  });
  items.sort(
    (a, b) =>
      b.priority - a.priority ||
      b.scoreGain - a.scoreGain ||
      (a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : 0),
  );
  const perRecord = items.filter((i) => i.severity !== "critical" && i.effort === "per-record");
  for (const item of items) item.horizon = horizonOf(item, perRecord.indexOf(item), perRecord.length);
  const horizons = Object.fromEntries(
    HORIZONS.map((h) => [h, items.filter((i) => i.horizon === h).map((i) => i.checkId)]),
  ) as Record<Horizon, string[]>;
  return {
    workspaceId: run.workspaceId,
    runId: run.id,
    asOf: run.asOf,
    startedAt: run.startedAt,
    overall: run.scores.overall,
    items,
    horizons,
    scoreIfAllFixed: scoresWithout(run, new Set(items.map((i) => i.checkId))).overall,
  };
}

/** Ids are looked up in slices of this many (one indexed query each). */
const OWNER_LOOKUP_SLICE = 5000;
const TOP_OWNERS = 3;

/**
 * Who holds each finding's affected records: every record is looked up (a sample would
 * misstate the shares), and the owners holding most come first.
 */
export async function findingOwners(
  records: Pick<RecordStore, "details">,
  workspaceId: string,
  findings: readonly FindingResult[],
): Promise<Map<string, OwnerShare[]>> {
  const result = new Map<string, OwnerShare[]>();
  for (const finding of findings) {
    // Users have no owner (their records are the admins' work) and a dataset finding no records.
    if (finding.entity === "dataset" || finding.entity === "users" || finding.count === 0) continue;
    const ids = finding.shape === "groups" ? (finding.affected as string[][]).flat() : (finding.affected as string[]);
    const tally = new Map<string, number>();
    for (let i = 0; i < ids.length; i += OWNER_LOOKUP_SLICE) {
      const details = await records.details(workspaceId, finding.entity, ids.slice(i, i + OWNER_LOOKUP_SLICE), []);
      for (const detail of details.values()) tally.set(detail.owner, (tally.get(detail.owner) ?? 0) + 1);
    }
    result.set(
      finding.checkId,
      [...tally]
        .map(([owner, n]) => ({ owner, records: n }))
        .sort((a, b) => b.records - a.records || (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0))
        .slice(0, TOP_OWNERS),
    );
  }
  return result;
}

export type PlanOutcome =
  /** `laterPartial`: the newest run, when it is a partial one after the plan's full audit (not used). */
  | { kind: "plan"; plan: Plan; laterPartial?: { runId: number; selection: string[] } }
  /** No audit at all yet. */
  | { kind: "no-audit" }
  /** Only partial runs: a plan from one would pose as the whole. */
  | { kind: "partial-only"; runId: number; selection: string[] };

/** The plan of the workspace's latest full audit, with owners; never from a partial run. */
export async function loadPlan(
  services: { audit: Pick<AuditService, "latest" | "history">; records: Pick<RecordStore, "details"> },
  workspaceId: string,
): Promise<PlanOutcome> {
  const run = await services.audit.latest(workspaceId);
  if (!run) return { kind: "no-audit" };
  if (run.selection !== null) return { kind: "partial-only", runId: run.id, selection: run.selection };
  const owners = await findingOwners(services.records, workspaceId, rankFindings(run));
  const [newest] = await services.audit.history(workspaceId, 1);
  const laterPartial =
    newest && newest.id > run.id && newest.selection !== null
      ? { runId: newest.id, selection: newest.selection }
      : undefined;
  return { kind: "plan", plan: buildPlan(run, { owners }), ...(laterPartial ? { laterPartial } : {}) };
}
