/** "Did you mean" hints for mistyped check ids, categories and setting names (config file, CLI, chat). */

/** Levenshtein distance, two rows. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The one or two candidates closest to `input`, if close enough to be a plausible typo (a third
 * of the input's length, at least 2 edits); a second only when nearly as close as the first. `spellings` gives the forms a candidate may be typed
 * as (a check id also as its name without the entity); the nearest one counts.
 */
export function closestMatches(
  input: string,
  candidates: readonly string[],
  spellings: (candidate: string) => readonly string[] = (c) => [c],
): string[] {
  const typed = input.toLowerCase();
  // No name is this long: a pasted paragraph is not a typo, and need not cost a distance per candidate.
  if (typed.length > 100) return [];
  const limit = Math.max(2, Math.floor(typed.length / 3));
  return candidates
    .map((candidate) => ({
      candidate,
      distance: Math.min(...spellings(candidate).map((s) => editDistance(typed, s.toLowerCase()))),
    }))
    .filter((c) => c.distance <= limit)
    .sort((a, b) => a.distance - b.distance || (a.candidate < b.candidate ? -1 : 1))
    .filter((c, i, sorted) => i < 2 && c.distance <= sorted[0]!.distance + 1)
    .map((c) => c.candidate);
}

/** ' (did you mean "x"?)', ' (did you mean "x" or "y"?)' or "". */
export function didYouMean(
  input: string,
  candidates: readonly string[],
  spellings?: (candidate: string) => readonly string[],
): string {
  const matches = closestMatches(input, candidates, spellings);
  return matches.length === 0 ? "" : ` (did you mean ${matches.map((m) => `"${m}"`).join(" or ")}?)`;
}
