/** Pairwise precision / recall / F1 of predicted groups against ground-truth entity ids. */
import type { DuplicateGroups } from "../../src/core/duplicates/types.js";

export interface PairwiseScores {
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
  precision: number;
  recall: number;
  f1: number;
}

export function pairwiseScores(groups: DuplicateGroups, truth: Map<string, string>): PairwiseScores {
  const sizes = new Map<string, number>();
  for (const entity of truth.values()) sizes.set(entity, (sizes.get(entity) ?? 0) + 1);
  let truePairs = 0;
  for (const n of sizes.values()) truePairs += (n * (n - 1)) / 2;
  let predictedPairs = 0;
  let correctPairs = 0;
  for (const group of groups) {
    predictedPairs += (group.length * (group.length - 1)) / 2;
    // Correct pairs inside a group: pairs of members with the same true entity.
    const byEntity = new Map<string, number>();
    for (const id of group) {
      const e = truth.get(id);
      if (e === undefined) throw new Error(`no ground truth for ${id}`);
      byEntity.set(e, (byEntity.get(e) ?? 0) + 1);
    }
    for (const n of byEntity.values()) correctPairs += (n * (n - 1)) / 2;
  }
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePairs, predictedPairs, correctPairs, precision, recall, f1 };
}
