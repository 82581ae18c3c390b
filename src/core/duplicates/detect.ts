/**
 * The pipeline shared by people and organisations: features → blocking → pair weights →
 * links above the threshold → coherent groups of ids.
 */
import { forEachCandidatePair } from "./blocking.js";
import { clusterLinks, type Link } from "./clustering.js";
import type { DuplicateGroups, DuplicateOptions, DuplicateStats, GroupEvidence, MatchEvidence } from "./types.js";

export const DEFAULT_THRESHOLD = 0.8;
export const DEFAULT_MAX_BLOCK_SIZE = 50;

export interface EntityModel<F> {
  recordCount: number;
  /** Id of record i; asked only for the records in groups. */
  idOf: (index: number) => string;
  /** Emptied once the candidate pairs are known, so their memory can go before features are built. */
  blockingKeys: Uint32Array[];
  /** Comparison features of record i; called at most once per record, only for compared records. */
  featuresOf: (index: number) => F;
  /**
   * Match weight of two records. Exact when it reaches `atLeast`; otherwise any value below
   * `atLeast` (the pipeline only compares weights to a threshold), so a model can stop early.
   */
  weight: (a: F, b: F, atLeast: number) => number;
  /**
   * Whether a rule rules the pair out whatever else agrees (it is then never in one group,
   * even when each is linked to a third record). Absent: no such rule.
   */
  contradicts?: (a: F, b: F) => boolean;
  /** The field comparisons behind a linked pair's weight, for the finding's detail. */
  explain: (a: F, b: F) => MatchEvidence[];
  priorLog2Odds: number;
}

/** Key of an unordered pair of ids, as `notDuplicates` holds them. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

/** Match probability of a weight W under the model's prior. */
export function matchProbability(weight: number, priorLog2Odds: number): number {
  return 1 / (1 + 2 ** -(weight + priorLog2Odds));
}

export function detectDuplicates<F>(
  model: EntityModel<F>,
  options: DuplicateOptions = {},
): { groups: DuplicateGroups; evidence: GroupEvidence[]; stats: DuplicateStats } {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!(threshold > 0 && threshold < 1)) throw new RangeError("threshold must be strictly between 0 and 1");
  // Weight at which the probability reaches the threshold: W + prior = log2(t / (1 - t)).
  const linkWeight = Math.log2(threshold / (1 - threshold)) - model.priorLog2Odds;
  const { weight } = model;
  // The candidate pairs first, as two typed columns: the key columns and the sorter are
  // garbage before the first features are built (at a million contacts they are 80 MB).
  const pairs = new PairList();
  const blocking = forEachCandidatePair(
    model.blockingKeys,
    model.recordCount,
    options.maxBlockSize ?? DEFAULT_MAX_BLOCK_SIZE,
    (a, b) => pairs.push(a, b),
  );
  model.blockingKeys.length = 0;
  // Most records share no block with anyone: their full features (phone parsing included)
  // are never built. Pairs are scored by their first record, so a record's features are
  // needed over a short stretch of pairs and dropped after its last one unless it was linked
  // (clustering compares linked records again): at a million contacts, 200k records' features
  // were kept at once where now about the linked ones are.
  const built: (F | undefined)[] = new Array<F | undefined>(model.recordCount);
  const features = (i: number): F => (built[i] ??= model.featuresOf(i));
  const linked = new Uint8Array(model.recordCount);
  const order = pairs.orderByFirst(model.recordCount);
  const lastUse = pairs.lastUses(order, model.recordCount);
  // Links in the order the pairs were found (clustering's result may depend on it).
  const found: { link: Link; at: number }[] = [];
  for (let n = 0; n < order.length; n++) {
    const at = order[n]!;
    const a = pairs.first[at]!;
    const b = pairs.second[at]!;
    const w = weight(features(a), features(b), linkWeight);
    if (w >= linkWeight) {
      found.push({ link: { a, b, weight: w }, at });
      linked[a] = linked[b] = 1;
    }
    if (lastUse[a] === n && linked[a] === 0) built[a] = undefined;
    if (lastUse[b] === n && linked[b] === 0) built[b] = undefined;
  }
  const links = found.sort((x, y) => x.at - y.at).map((f) => f.link);
  const { notDuplicates } = options;
  const decidedApart =
    notDuplicates && notDuplicates.size > 0
      ? (a: number, b: number) => notDuplicates.has(pairKey(model.idOf(a), model.idOf(b)))
      : undefined;
  const { contradicts } = model;
  const cannotLink =
    contradicts || decidedApart
      ? (a: number, b: number) => (decidedApart?.(a, b) ?? false) || (contradicts?.(features(a), features(b)) ?? false)
      : undefined;
  // A member pair agrees when it is more likely a match than not on its own.
  const agreeWeight = 4;
  const clusters = clusterLinks(links, (a, b) => weight(features(a), features(b), agreeWeight), {
    agreeWeight,
    minAgreeingShare: 0.5,
    maxGroupSize: 100,
    ...(cannotLink ? { cannotLink } : {}),
  });
  // Each group with the links between its members: they are why its records were grouped.
  const groupOf = new Map<number, number>();
  clusters.forEach((c, g) => c.forEach((i) => groupOf.set(i, g)));
  const linksOf: Link[][] = clusters.map(() => []);
  for (const l of links) {
    const g = groupOf.get(l.a);
    if (g !== undefined && g === groupOf.get(l.b)) linksOf[g]!.push(l);
  }
  const described = clusters
    .map((c, g) => ({
      ids: c.map((i) => model.idOf(i)).sort(),
      evidence: {
        pairs: linksOf[g]!.map((l) => {
          const [a, b] = [model.idOf(l.a), model.idOf(l.b)];
          return {
            ...(a < b ? { a, b } : { a: b, b: a }),
            weight: l.weight,
            evidence: model.explain(features(l.a), features(l.b)),
          };
        }).sort((x, y) => (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0)),
      } satisfies GroupEvidence,
    }))
    .sort((x, y) => (x.ids[0]! < y.ids[0]! ? -1 : x.ids[0]! > y.ids[0]! ? 1 : 0));
  const groups = described.map((d) => d.ids);
  return {
    groups,
    evidence: described.map((d) => d.evidence),
    stats: {
      records: model.recordCount,
      pairsCompared: blocking.pairsCompared,
      pairsLinked: links.length,
      oversizedBlocks: blocking.oversizedBlocks,
    },
  };
}

/** Candidate pairs (a < b) in the order blocking found them, as two growable typed columns. */
class PairList {
  first = new Int32Array(1024);
  second = new Int32Array(1024);
  length = 0;

  push(a: number, b: number): void {
    if (this.length === this.first.length) {
      const first = new Int32Array(this.length * 2);
      const second = new Int32Array(this.length * 2);
      first.set(this.first);
      second.set(this.second);
      this.first = first;
      this.second = second;
    }
    this.first[this.length] = a;
    this.second[this.length++] = b;
  }

  /** Pair positions ordered by first record (a counting sort; found order within one record). */
  orderByFirst(recordCount: number): Int32Array {
    const starts = new Int32Array(recordCount + 1);
    for (let p = 0; p < this.length; p++) starts[this.first[p]! + 1]!++;
    for (let r = 0; r < recordCount; r++) starts[r + 1]! += starts[r]!;
    const order = new Int32Array(this.length);
    for (let p = 0; p < this.length; p++) order[starts[this.first[p]!]!++] = p;
    return order;
  }

  /** Per record, the position in `order` of the last pair it is in (-1: none). */
  lastUses(order: Int32Array, recordCount: number): Int32Array {
    const last = new Int32Array(recordCount).fill(-1);
    for (let n = 0; n < order.length; n++) {
      const p = order[n]!;
      last[this.first[p]!] = n;
      last[this.second[p]!] = n;
    }
    return last;
  }
}
