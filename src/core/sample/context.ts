/** What every stage of the generator shares: the as-of instant, randomness, pools, truth. */
import path from "node:path";
import { entitySpec, type EntityName } from "../dataset/entities.js";
import { CsvFileWriter } from "../csv/write.js";
import type { Boundary, TruthCollector } from "./ground-truth.js";
import type { PhoneBook } from "./phones.js";
import type { Rng } from "./prng.js";
import type { entityCounts } from "./rates.js";
import type { Vocabulary } from "./vocabulary.js";

export interface SampleContext {
  dir: string;
  asOf: number;
  rng: Rng;
  vocab: Vocabulary;
  phones: PhoneBook;
  truth: TruthCollector;
  counts: ReturnType<typeof entityCounts>;
  /** Named edge cases; their `checks` are filled in from the truth at the end. */
  boundaries: Record<string, Boundary>;
  /** Pairs of different contacts that share a full name. */
  namesakes: [string, string][];
}

/** A zero-padded external id: makeId("C", 42, 7) → "C0000042". */
export function makeId(prefix: string, index: number, width: number): string {
  return prefix + String(index + 1).padStart(width, "0");
}

/** Opens an entity's CSV file with exactly the canonical header of entities.ts. */
export function openEntityCsv(ctx: SampleContext, entity: EntityName): Promise<CsvFileWriter> {
  const spec = entitySpec(entity);
  return CsvFileWriter.open(
    path.join(ctx.dir, spec.file),
    spec.columns.map((c) => c.csv),
  );
}

export function addBoundary(ctx: SampleContext, name: string, entity: EntityName, id: string, note: string): void {
  ctx.boundaries[name] = { entity, id, note, checks: [] };
}

/**
 * Marks `count` random free slots (value 0) of `plan` with `code`, among those `eligible`
 * accepts. Each slot carries at most one planned defect, so injected counts are exact.
 */
export function reserveSlots(
  rng: Rng,
  plan: Uint8Array,
  count: number,
  code: number,
  eligible: (index: number) => boolean = () => true,
): number[] {
  const picked: number[] = [];
  const n = plan.length;
  let attempts = 0;
  while (picked.length < count && attempts < count * 40 + 100) {
    attempts++;
    const i = rng.int(n);
    if (plan[i] === 0 && eligible(i)) {
      plan[i] = code;
      picked.push(i);
    }
  }
  // Crowded populations (tiny bundles): take the next free slots in order.
  for (let i = rng.int(n), seen = 0; picked.length < count && seen < n; i = (i + 1) % n, seen++) {
    if (plan[i] === 0 && eligible(i)) {
      plan[i] = code;
      picked.push(i);
    }
  }
  return picked;
}

/** max(1, round(rate × n)), capped at n: every defect appears even in a tiny bundle. */
export function atLeastOne(rate: number, n: number): number {
  return Math.min(n, Math.max(1, Math.round(rate * n)));
}
