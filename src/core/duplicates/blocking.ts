/**
 * Blocking: only records that share at least one blocking key (same normalised email, same
 * phone, same phonetic name + postcode, ...) are compared, so the number of comparisons grows
 * with the number of records rather than with its square.
 *
 * Each key is hashed to 32 bits and records are grouped by sorting (hash, index) pairs packed
 * into one float64: a million records need a few typed arrays instead of millions of strings in
 * maps. A hash collision only adds a candidate pair, which the scorer then rejects.
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
    h = fnvEndPart(fnvText(h, part));
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
  const indexBits = Math.max(1, Math.ceil(Math.log2(recordCount + 1)));
  if (indexBits > 31) throw new Error("too many records for one duplicate-detection run");
  const hashBits = Math.min(32, 53 - indexBits);
  const hashShift = 32 - hashBits;
  const indexScale = 2 ** indexBits;
  const oversized: Set<number>[] = [];
  const runIndexes = new Int32Array(Math.max(2, maxBlockSize));

  for (let k = 0; k < keys.length; k++) {
    const hashes = keys[k]!;
    const skipped = new Set<number>();
    oversized.push(skipped);
    let count = 0;
    for (let i = 0; i < recordCount; i++) if (hashes[i] !== 0) count++;
    const packed = new Float64Array(count);
    let p = 0;
    for (let i = 0; i < recordCount; i++) {
      const h = hashes[i]!;
      if (h !== 0) packed[p++] = (h >>> hashShift) * indexScale + i;
    }
    packed.sort();

    let start = 0;
    while (start < count) {
      const block = Math.floor(packed[start]! / indexScale);
      let end = start + 1;
      while (end < count && Math.floor(packed[end]! / indexScale) === block) end++;
      const size = end - start;
      if (size > maxBlockSize) {
        stats.oversizedBlocks++;
        skipped.add(block);
      } else if (size > 1) {
        for (let r = 0; r < size; r++) runIndexes[r] = packed[start + r]! % indexScale;
        for (let x = 0; x < size; x++) {
          const a = runIndexes[x]!;
          for (let y = x + 1; y < size; y++) {
            const b = runIndexes[y]!;
            if (comparedUnderEarlierKey(keys, oversized, hashShift, k, a, b)) continue;
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

/** Whether (a, b) already met in a compared block of an earlier key kind (blocks are truncated hashes). */
function comparedUnderEarlierKey(
  keys: Uint32Array[],
  oversized: Set<number>[],
  hashShift: number,
  k: number,
  a: number,
  b: number,
): boolean {
  for (let e = 0; e < k; e++) {
    const ha = keys[e]![a]!;
    const hb = keys[e]![b]!;
    if (ha === 0 || hb === 0) continue;
    const block = ha >>> hashShift;
    if (block === hb >>> hashShift && !oversized[e]!.has(block)) return true;
  }
  return false;
}
