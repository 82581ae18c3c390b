/**
 * Blocking: only records that share at least one blocking key (same normalised email, same
 * phone, same phonetic name + postcode, ...) are compared, so the number of comparisons grows
 * with the number of records rather than with its square.
 *
 * Each key is hashed to 32 bits and records are grouped by radix-sorting (hash, index) pairs
 * held in typed arrays: a million records need a few typed arrays instead of millions of strings
 * in maps. A hash collision only adds a candidate pair, which the scorer then rejects.
 */

export interface BlockingStats {
  /** Candidate pairs handed to the comparator (each pair at most once). */
  pairsCompared: number;
  /** Blocks skipped because they held more than the block-size cap. */
  oversizedBlocks: number;
}

/** FNV-1a over UTF-16 code units; 0 is reserved for "no key". */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h >>>= 0;
  return h === 0 ? 1 : h;
}

/** FNV-1a state before any text. */
export const FNV_START = 0x811c9dc5;

/** FNV-1a state `h` continued over the UTF-16 code units of `text`. */
export function fnvText(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** The separator hashed after each part of a composite key, so ("ab", "c") ≠ ("a", "bc"). */
export function fnvEndPart(h: number): number {
  return Math.imul(h ^ 0x1f, 0x01000193);
}

/** FNV-1a state `h` continued over one part of a composite key and its separator. */
export function fnvPart(h: number, part: string): number {
  return fnvEndPart(fnvText(h, part));
}

/** The key hash of an FNV state: 32 bits, never 0 (reserved for "no key"). */
export function fnvFinish(h: number): number {
  h >>>= 0;
  return h === 0 ? 1 : h;
}

/**
 * Hash of a composite key (FNV-1a over the parts with a separator, without building the joined
 * string); 0 ("no key") when any part is empty, so a record missing a field gets no such key.
 */
export function hashParts(...parts: string[]): number {
  let h = FNV_START;
  for (const part of parts) {
    if (part === "") return 0;
    h = fnvPart(h, part);
  }
  return fnvFinish(h);
}

/**
 * Blocking-key hashes filled record by record while records stream in: one Uint32Array
 * column per key kind (0 = no key), allocated when a record first has a key of that kind (so
 * kinds no record has cost nothing) and grown by doubling when more records arrive than
 * expected.
 */
export class KeyColumns {
  private readonly columns: (Uint32Array | undefined)[];
  private capacity: number;

  constructor(kinds: number, expectedRecords: number) {
    this.columns = new Array<Uint32Array | undefined>(kinds).fill(undefined);
    this.capacity = Math.max(16, expectedRecords);
  }

  set(kind: number, index: number, hash: number): void {
    if (hash === 0) return;
    if (index >= this.capacity) this.grow(index + 1);
    (this.columns[kind] ??= new Uint32Array(this.capacity))[index] = hash;
  }

  /** The columns of the kinds some record has, in kind order, cut to `recordCount` records. */
  columnsOf(recordCount: number): Uint32Array[] {
    return this.columns.filter((c): c is Uint32Array => c !== undefined).map((c) => c.subarray(0, recordCount));
  }

  /**
   * The columns as columnsOf gives them, no longer held here: the caller's use is the last,
   * and their memory goes with it.
   */
  takeColumns(recordCount: number): Uint32Array[] {
    const taken = this.columnsOf(recordCount);
    this.columns.fill(undefined);
    return taken;
  }

  private grow(needed: number): void {
    this.capacity = Math.max(needed, this.capacity * 2);
    for (let k = 0; k < this.columns.length; k++) {
      const old = this.columns[k];
      if (old === undefined) continue;
      const column = new Uint32Array(this.capacity);
      column.set(old);
      this.columns[k] = column;
    }
  }
}

/**
 * Calls `visit(a, b)` (a < b) once for every pair of records sharing a key of any kind.
 * `keys[k][i]` is the hash of record i's key of kind k (0 = no key). Blocks larger than
 * `maxBlockSize` are skipped: a key shared by that many records ("gmail.com", "smith") says
 * little, and comparing all its pairs would be quadratic. A pair that shares several keys is
 * visited only for the first key kind whose block was compared.
 */
export function forEachCandidatePair(
  keys: Uint32Array[],
  recordCount: number,
  maxBlockSize: number,
  visit: (a: number, b: number) => void,
): BlockingStats {
  const stats: BlockingStats = { pairsCompared: 0, oversizedBlocks: 0 };
  const oversized: Set<number>[] = [];
  const sorter = new HashSorter(recordCount);

  for (let k = 0; k < keys.length; k++) {
    const skipped = new Set<number>();
    oversized.push(skipped);
    const { hashes, indexes, count } = sorter.sort(keys[k]!, recordCount);
    let start = 0;
    while (start < count) {
      const block = hashes[start]!;
      let end = start + 1;
      while (end < count && hashes[end] === block) end++;
      const size = end - start;
      if (size > maxBlockSize) {
        stats.oversizedBlocks++;
        skipped.add(block);
      } else if (size > 1) {
        for (let x = start; x < end; x++) {
          const a = indexes[x]!;
          for (let y = x + 1; y < end; y++) {
            const b = indexes[y]!;
            if (comparedUnderEarlierKey(keys, oversized, k, a, b)) continue;
            stats.pairsCompared++;
            visit(a, b);
          }
        }
      }
      start = end;
    }
  }
  return stats;
}

/**
 * Orders the records that have a key of one kind by key hash, so equal keys form runs: a
 * stable radix sort (two passes of 16 bits) over typed arrays reused for every kind, so
 * within a run records stay in index order. A comparison sort of a million keys per kind was
 * the largest part of blocking.
 */
class HashSorter {
  private readonly hashesA: Uint32Array;
  private readonly indexesA: Int32Array;
  private readonly hashesB: Uint32Array;
  private readonly indexesB: Int32Array;
  private readonly counts = new Int32Array(0x10000);

  constructor(recordCount: number) {
    this.hashesA = new Uint32Array(recordCount);
    this.indexesA = new Int32Array(recordCount);
    this.hashesB = new Uint32Array(recordCount);
    this.indexesB = new Int32Array(recordCount);
  }

  /** The keyed records of `column` by hash; the arrays are valid until the next call. */
  sort(column: Uint32Array, recordCount: number): { hashes: Uint32Array; indexes: Int32Array; count: number } {
    const { hashesA, indexesA, hashesB, indexesB } = this;
    let count = 0;
    for (let i = 0; i < recordCount; i++) {
      const h = column[i]!;
      if (h !== 0) {
        hashesA[count] = h;
        indexesA[count++] = i;
      }
    }
    this.pass(hashesA, indexesA, hashesB, indexesB, count, 0);
    this.pass(hashesB, indexesB, hashesA, indexesA, count, 16);
    return { hashes: hashesA, indexes: indexesA, count };
  }

  /** One counting-sort pass on the 16 bits of the hash at `shift`, from (h, i) into (toH, toI). */
  private pass(h: Uint32Array, i: Int32Array, toH: Uint32Array, toI: Int32Array, count: number, shift: number): void {
    const counts = this.counts;
    counts.fill(0);
    for (let n = 0; n < count; n++) counts[(h[n]! >>> shift) & 0xffff]!++;
    let sum = 0;
    for (let d = 0; d < counts.length; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let n = 0; n < count; n++) {
      const to = counts[(h[n]! >>> shift) & 0xffff]!++;
      toH[to] = h[n]!;
      toI[to] = i[n]!;
    }
  }
}

/** Whether (a, b) already met in a compared block of an earlier key kind. */
function comparedUnderEarlierKey(
  keys: Uint32Array[],
  oversized: Set<number>[],
  k: number,
  a: number,
  b: number,
): boolean {
  for (let e = 0; e < k; e++) {
    const ha = keys[e]![a]!;
    if (ha !== 0 && ha === keys[e]![b] && !oversized[e]!.has(ha)) return true;
  }
  return false;
}
