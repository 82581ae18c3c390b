/**
 * Health scores, 0–100 (100 = nothing found). One formula for the overall score and for each
 * category, over the checks that ran (see docs/audit.md for a worked example):
 *
 *   score = 100 × (1 − Σ w · share / Σ w)
 *   share = min(1, affected records / population)
 *
 * w is the check's effective severity weight (SEVERITY_WEIGHTS), population is the number of
 * records of the check's entity in the workspace, and a duplicate check's affected records are
 * the members of all its groups. Checks that were not measured (the source did not supply
 * their input, or they had no records to examine: src/core/audit/measured.ts) are left out; a
 * category none of whose checks was measured has no score and is listed in `notMeasured`.
 * Scores are rounded to one decimal.
 */
import { SEVERITY_WEIGHTS, type Category } from "../checks/types.js";
import type { EntityName } from "../dataset/entities.js";
import { isMeasured, type AuditRunResult, type FindingResult, type Scores } from "./types.js";

/** Number of records a finding touches: its ids, or the members of its groups. */
export function affectedRecordCount(finding: Pick<FindingResult, "shape" | "affected">): number {
  if (finding.shape === "records") return finding.affected.length;
  let members = 0;
  for (const group of finding.affected as string[][]) members += group.length;
  return members;
}

/** The share of a check's population it flags, 0..1. */
export function affectedShare(
  finding: Pick<FindingResult, "shape" | "affected" | "entity">,
  counts: Readonly<Record<EntityName, number>>,
): number {
  const affected = affectedRecordCount(finding);
  if (affected === 0) return 0;
  // "dataset"-level findings (e.g. a count drop) and ids outside the table count as fully affected.
  const population = finding.entity === "dataset" ? affected : Math.max(counts[finding.entity] ?? 0, affected);
  return Math.min(1, affected / population);
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function scoreOf(findings: readonly FindingResult[], counts: Readonly<Record<EntityName, number>>): number {
  let weights = 0;
  let penalty = 0;
  for (const finding of findings) {
    const w = SEVERITY_WEIGHTS[finding.severity];
    weights += w;
    penalty += w * affectedShare(finding, counts);
  }
  return weights === 0 ? 100 : round1(100 * (1 - penalty / weights));
}

/**
 * Overall and per-category scores of a run's findings (one entry per check that ran, empty ones
 * included), over the measured checks.
 */
export function computeScores(
  findings: readonly FindingResult[],
  counts: Readonly<Record<EntityName, number>>,
): Scores {
  const byCategory = new Map<Category, FindingResult[]>();
  for (const finding of findings) {
    const list = byCategory.get(finding.category) ?? [];
    if (isMeasured(finding)) list.push(finding);
    byCategory.set(finding.category, list);
  }
  const categories: Scores["categories"] = {};
  const notMeasured: Category[] = [];
  for (const [category, list] of byCategory) {
    if (list.length > 0) categories[category] = scoreOf(list, counts);
    else notMeasured.push(category);
  }
  return {
    overall: scoreOf(findings.filter(isMeasured), counts),
    categories,
    ...(notMeasured.length ? { notMeasured } : {}),
  };
}

/**
 * The one order of findings, for every output (CLI text, Markdown, JSON, CSV; chat; console):
 * checks that found nothing after those that did, and checks that were not measured last; then severity (critical, high, medium, low), then impact, the affected share of the check's
 * population (`affectedShare`, the same share the score uses: within one severity the finding
 * that costs the most score points comes first), then the number of affected records, then the
 * check id. See docs/audit.md, "Finding order".
 */
export function orderFindings(run: Pick<AuditRunResult, "findings" | "metrics">): FindingResult[] {
  const counts = run.metrics.counts;
  const keyed = run.findings.map((f) => ({
    f,
    severity: SEVERITY_WEIGHTS[f.severity],
    share: affectedShare(f, counts),
    records: affectedRecordCount(f),
  }));
  keyed.sort(
    (a, b) =>
      Number(isMeasured(b.f)) - Number(isMeasured(a.f)) ||
      Number(b.records > 0) - Number(a.records > 0) ||
      b.severity - a.severity ||
      b.share - a.share ||
      b.records - a.records ||
      (a.f.checkId < b.f.checkId ? -1 : a.f.checkId > b.f.checkId ? 1 : 0),
  );
  return keyed.map((k) => k.f);
}

/** The findings with something to fix, in the one order (`orderFindings`). */
export function rankFindings(run: Pick<AuditRunResult, "findings" | "metrics">): FindingResult[] {
  return orderFindings(run).filter((f) => f.count > 0);
}

/**
 * True when no check of the run could be measured: `overall` is then 100 only by definition,
 * and outputs say "not measured" instead.
 */
export function nothingMeasured(scores: Scores): boolean {
  return Object.keys(scores.categories).length === 0 && (scores.notMeasured?.length ?? 0) > 0;
}

/** The checks of a run that could not be measured, in the order of `run.findings`. */
export function notMeasuredFindings(run: Pick<AuditRunResult, "findings">): FindingResult[] {
  return run.findings.filter((f) => !isMeasured(f));
}
