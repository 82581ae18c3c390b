/**
 * The top themes of free-text answers without a model: words and two-word phrases that several
 * answers use, after dropping English stop words and very short words. Each answer counts a
 * term once, so one long answer cannot make a theme on its own.
 */
const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are aren't as at be because been before being below
  between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each even
  ever every few for from further get gets getting got had hadn't has hasn't have haven't having he her here hers
  herself him himself his how i i'd i'll i'm i've if in into is isn't it it's its itself just let's like lot lots
  make makes me more most much must mustn't my myself need needs no nor not now of off often on once one only or
  other ought our ours ourselves out over own really same she should shouldn't so some such than that that's the
  their theirs them themselves then there there's these they they're thing things think this those through to too
  under until up us use used uses using very was wasn't way we we're were weren't what when where which while who
  whom why will with won't would wouldn't yes yet you you'd you'll you're your yours yourself yourselves crm`
    .split(/\s+/)
    .filter(Boolean),
);

export interface Theme {
  term: string;
  /** How many answers use it. */
  count: number;
}

function words(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []).map((w) => w.replace(/’/g, "'"));
}

const meaningful = (w: string) => w.length >= 3 && !STOP_WORDS.has(w) && !/^\d+$/.test(w);

/** Terms used by at least `minCount` answers, most used first (phrases before their words on ties). */
export function topThemes(texts: readonly string[], limit = 8, minCount = 2): Theme[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    const ws = words(text);
    const terms = new Set<string>();
    for (let i = 0; i < ws.length; i++) {
      if (!meaningful(ws[i]!)) continue;
      terms.add(ws[i]!);
      if (i + 1 < ws.length && meaningful(ws[i + 1]!)) terms.add(`${ws[i]} ${ws[i + 1]}`);
    }
    for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const themes = [...counts]
    .filter(([, n]) => n >= minCount)
    .map(([term, count]) => ({ term, count }))
    .sort(
      (a, b) =>
        b.count - a.count || b.term.split(" ").length - a.term.split(" ").length || a.term.localeCompare(b.term),
    );
  // A word every one of whose uses sits inside a listed phrase says nothing more.
  const out: Theme[] = [];
  for (const t of themes) {
    if (
      !t.term.includes(" ") &&
      out.some((p) => p.term.includes(" ") && p.term.split(" ").includes(t.term) && p.count >= t.count)
    )
      continue;
    out.push(t);
    if (out.length >= limit) break;
  }
  return out;
}
