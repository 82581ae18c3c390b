/**
 * Stored audit runs as the service shows them: a run with its comparison against the run of
 * the same selection before it, and the headline run. The runs themselves are in an
 * AuditRunStore (src/core/audit/stores.ts).
 */
import type { Category } from "../checks/types.js";
import type { AuditRunStore, StoredRun } from "./stores.js";
import { isMeasured, type AuditRunResult, type CheckChange, type FindingResult, type RunChanges } from "./types.js";

/** A finding's affected entries as comparable keys: ids, or a group's ids joined by "+". */
function findingKeys(finding: Pick<FindingResult, "shape" | "affected">): string[] {
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
    // A check not measured in either run says nothing about what changed.
    if (!old || !isMeasured(old) || !isMeasured(finding)) continue;
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
export function getRun(runs: AuditRunStore, workspaceId: string, runId: number): AuditRunResult | null {
  const run = runs.load(workspaceId, runId);
  if (!run) return null;
  const beforeId = runs.previousRunId(workspaceId, runId, run.selection);
  const before = beforeId === null ? null : runs.load(workspaceId, beforeId);
  return { ...run, changes: before ? diffRuns(before, run) : null };
}

/**
 * The headline run: the latest full audit. A partial run (`run security`) never replaces it;
 * only while the workspace has no full run is the latest partial one shown (marked as such).
 */
export function getLatestRun(runs: AuditRunStore, workspaceId: string): AuditRunResult | null {
  const id = latestRunId(runs, workspaceId);
  return id === null ? null : getRun(runs, workspaceId, id);
}

/** The headline run's id (see getLatestRun), or null: one indexed query or two. */
export function latestRunId(runs: AuditRunStore, workspaceId: string): number | null {
  return runs.previousRunId(workspaceId, undefined, null) ?? runs.previousRunId(workspaceId);
}
