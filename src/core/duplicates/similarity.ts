/**
 * String similarity and phonetic keys used by duplicate detection. Written here rather than
 * taken from a library: they are short, allocation-free in the hot loop, and measured to be
 * fast enough for a million records (see docs/duplicates.md).
 */

// Scratch buffers reused across calls: Jaro-Winkler runs millions of times per audit and a
// fresh array per call would dominate its cost. Grown on demand, never shrunk.
let matchedA = new Uint8Array(64);
let matchedB = new Uint8Array(64);

/** Jaro similarity in [0, 1]. */
export function jaro(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (la <= 32 && lb <= 32) return jaroOfShort(a, b);
  if (matchedA.length < la) matchedA = new Uint8Array(la * 2);
  if (matchedB.length < lb) matchedB = new Uint8Array(lb * 2);
  matchedA.fill(0, 0, la);
  matchedB.fill(0, 0, lb);
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const ca = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (matchedB[j] === 0 && b.charCodeAt(j) === ca) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3;
}

/**
 * jaro for strings of at most 32 characters (names, streets, most email addresses): the same
 * algorithm with the matched flags held in two 32-bit masks instead of byte arrays to clear.
 */
function jaroOfShort(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  let matchedInA = 0;
  let matchedInB = 0;
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = i > window ? i - window : 0;
    const hi = Math.min(lb - 1, i + window);
    const ca = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if ((matchedInB & (1 << j)) === 0 && b.charCodeAt(j) === ca) {
        matchedInA |= 1 << i;
        matchedInB |= 1 << j;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if ((matchedInA & (1 << i)) === 0) continue;
    while ((matchedInB & (1 << k)) === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3;
}

/** Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, prefix up to 4 characters). */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j < 0.7) return j;
  const max = Math.min(4, a.length, b.length);
  let prefix = 0;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

/**
 * True when `a` and `b` differ by at most one edit (insertion, deletion, substitution or a
 * swap of two adjacent characters): the typing mistakes that corrupt ids, dates and postcodes.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    // adjacent transposition
    return (
      i + 1 < la &&
      a.charCodeAt(i) === b.charCodeAt(i + 1) &&
      a.charCodeAt(i + 1) === b.charCodeAt(i) &&
      a.slice(i + 2) === b.slice(i + 2)
    );
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

// Soundex digit (as a character code) of each letter a-z; 0 for vowels, h, w and y.
const SOUNDEX_CODES = Uint8Array.from("01230120022455012623010202", (d) => (d === "0" ? 0 : d.charCodeAt(0)));
const LOWER_A = 97;
const LOWER_Z = 122;
const LOWER_H = 104;
const LOWER_W = 119;

/**
 * American Soundex of a normalised (lower-case a-z) word: "robert" → "r163"; "" for no
 * letters. `digits` > 3 gives a longer, more selective code for blocking large datasets.
 * Other characters (spaces) are skipped.
 */
export function soundex(word: string, digits = 3): string {
  let first = 0;
  let out = "";
  let last = 0;
  for (let i = 0; i < word.length && out.length < digits; i++) {
    const c = word.charCodeAt(i);
    if (c < LOWER_A || c > LOWER_Z) continue;
    const code = SOUNDEX_CODES[c - LOWER_A]!;
    if (first === 0) {
      first = c;
      last = code;
      continue;
    }
    if (code !== 0 && code !== last) out += String.fromCharCode(code);
    // h and w do not separate equal codes; vowels do.
    if (c !== LOWER_H && c !== LOWER_W) last = code;
  }
  if (first === 0) return "";
  return String.fromCharCode(first) + out.padEnd(digits, "0");
}

/** Similarity of two multi-word strings regardless of word order: Jaro-Winkler of sorted tokens. */
export function tokenSortSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const sa = a.split(" ").sort().join(" ");
  const sb = b.split(" ").sort().join(" ");
  return jaroWinkler(sa, sb);
}
