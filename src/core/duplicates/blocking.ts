/**
 * Blocking: only records that share at least one blocking key (same normalised email, same
 * phone, same phonetic name + postcode, ...) are compared, so the number of comparisons grows
 * with the number of records rather than with its square.
 *
 * Each key is hashed to 32 bits and records are grouped by a counting pass over an
 * open-addressing table of those hashes (typed arrays, reused for every key kind): a million
 * records need no strings in maps and no sort, and only the records of blocks worth comparing
 * (two to maxBlockSize members) are laid out. A hash collision only adds a candidate pair,
 * which the scorer then rejects.
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

/** Scratch arrays of the grouping, sized for the largest key kind and reused by the next. */
interface HashTable {
  mask: number;
  /** 32 − log2(capacity): a slot is the top bits of the mixed hash. */
  shift: number;
  /** The hash held by each slot (0 = empty slot). */
  hashes: Uint32Array;
  /** Records per slot. */
  counts: Int32Array;
  /** Where each slot's block starts in `members`, then the next free place in it. */
  cursor: Int32Array;
  /** Slot of each record (-1: no key of this kind). */
  slotOf: Int32Array;
  members: Int32Array;
}

function createHashTable(recordCount: number): HashTable {
  let bits = 1;
  while (2 ** bits < 2 * recordCount) bits++;
  const capacity = 2 ** bits;
  return {
    mask: capacity - 1,
    shift: 32 - bits,
    hashes: new Uint32Array(capacity),
    counts: new Int32Array(capacity),
    cursor: new Int32Array(capacity),
    slotOf: new Int32Array(recordCount),
    members: new Int32Array(recordCount),
  };
}

/** Counts the records per hash of one key kind; fills table.slotOf. */
function countByHash(table: HashTable, hashes: Uint32Array, recordCount: number): void {
  const { mask, shift, hashes: slotHashes, counts, slotOf } = table;
  slotHashes.fill(0);
  counts.fill(0);
  for (let i = 0; i < recordCount; i++) {
    const h = hashes[i]!;
    if (h === 0) {
      slotOf[i] = -1;
      continue;
    }
    // Fibonacci hashing: the top bits of the product depend on every bit of the hash.
    let slot = Math.imul(h, 0x9e3779b1) >>> shift;
    while (slotHashes[slot] !== 0 && slotHashes[slot] !== h) slot = (slot + 1) & mask;
    slotHashes[slot] = h;
    counts[slot]!++;
    slotOf[i] = slot;
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
  const table = createHashTable(recordCount);
  const { hashes: slotHashes, counts, cursor, slotOf, members } = table;

  for (let k = 0; k < keys.length; k++) {
    const skipped = new Set<number>();
    oversized.push(skipped);
    countByHash(table, keys[k]!, recordCount);

    // Lay out the members of each comparable block contiguously, in record order.
    let placed = 0;
    for (let slot = 0; slot <= table.mask; slot++) {
      const size = counts[slot]!;
      if (size > maxBlockSize) {
        stats.oversizedBlocks++;
        skipped.add(slotHashes[slot]!);
      } else if (size > 1) {
        cursor[slot] = placed;
        placed += size;
      }
    }
    for (let i = 0; i < recordCount; i++) {
      const slot = slotOf[i]!;
      if (slot < 0) continue;
      const size = counts[slot]!;
      if (size > 1 && size <= maxBlockSize) members[cursor[slot]!++] = i;
    }

    // cursor[slot] now points just past its block.
    for (let slot = 0; slot <= table.mask; slot++) {
      const size = counts[slot]!;
      if (size < 2 || size > maxBlockSize) continue;
      const start = cursor[slot]! - size;
      for (let x = start; x < start + size; x++) {
        const a = members[x]!;
        for (let y = x + 1; y < start + size; y++) {
          const b = members[y]!;
          if (comparedUnderEarlierKey(keys, oversized, k, a, b)) continue;
          stats.pairsCompared++;
          visit(a, b);
        }
      }
    }
  }
  return stats;
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
    if (ha !== 0 && ha === keys[e]![b]! && !oversized[e]!.has(ha)) return true;
  }
  return false;
}
