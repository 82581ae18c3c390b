/**
 * Health scores, 0–100 (100 = nothing found). One formula for the overall score and for each
 * category, over the checks that ran (see docs/audit.md for a worked example):
 *
 *   score = 100 × (1 − Σ w · share / Σ w)
 *   share = min(1, affected records / population)
 *
 * w is the check's effective severity weight (SEVERITY_WEIGHTS), population is the number of
 * records of the check's entity in the workspace, and a duplicate check's affected records are
 * the members of all its groups. A check on an empty table has share 0. Scores are rounded to
 * one decimal.
 */
import { SEVERITY_WEIGHTS, type Category } from "../checks/types.js";
import type { EntityName } from "../dataset/entities.js";
import type { FindingResult, Scores } from "./types.js";

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

/** Overall and per-category scores of a run's findings (one entry per check that ran, empty ones included). */
export function computeScores(
  findings: readonly FindingResult[],
  counts: Readonly<Record<EntityName, number>>,
): Scores {
  const byCategory = new Map<Category, FindingResult[]>();
  for (const finding of findings) {
    const list = byCategory.get(finding.category) ?? [];
    list.push(finding);
    byCategory.set(finding.category, list);
  }
  const categories: Scores["categories"] = {};
  for (const [category, list] of byCategory) categories[category] = scoreOf(list, counts);
  return { overall: scoreOf(findings, counts), categories };
}
