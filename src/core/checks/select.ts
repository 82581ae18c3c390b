/**
 * Check and category names as people type them, resolved in one place for the CLI's
 * `--checks`, chat `run`, `findings <check>` and `config …`: ids and categories in any case,
 * a check's title, or an id without its entity ("missing-consent") when only one check has it.
 * A selection is stored with its run as resolved names, so "Security" and "security" are one.
 */
import { didYouMean } from "./did-you-mean.js";
import { CATEGORIES, type Category, type Check, type CheckMeta, type Severity } from "./types.js";

/** A check with its effective configuration: defaults ← file ← the workspace's overrides. */
export interface EffectiveCheck {
  check: Check;
  severity: Severity;
  /** The check's thresholds schema output. */
  thresholds: unknown;
  /** Disabled checks run only when selected by name. Default true. */
  enabled?: boolean;
}

type Named = Pick<CheckMeta, "id" | "title" | "category">;

export type NameMatch =
  | { kind: "check"; id: string }
  | { kind: "category"; name: Category }
  | { kind: "ambiguous"; candidates: string[] }
  | { kind: "unknown"; hint: string };

/** Thrown for a name that selects nothing; the message is fit to show the user. */
export class CheckSelectionError extends Error {
  override name = "CheckSelectionError";
}

/** "contact.missing-consent" → "missing-consent". */
const withoutEntity = (id: string) => id.slice(id.indexOf(".") + 1);

/** What `input` names among `checks`. */
export function resolveCheckName(checks: readonly Named[], input: string): NameMatch {
  const name = input.trim().replace(/\s+/g, " ").toLowerCase();
  const byId = checks.find((c) => c.id.toLowerCase() === name);
  if (byId) return { kind: "check", id: byId.id };
  const category = CATEGORIES.find((c) => c === name);
  if (category) return { kind: "category", name: category };
  const byTitle = checks.filter((c) => c.title.toLowerCase() === name);
  if (byTitle.length === 1) return { kind: "check", id: byTitle[0]!.id };
  const bySuffix = checks.filter((c) => withoutEntity(c.id).toLowerCase() === name);
  if (bySuffix.length === 1) return { kind: "check", id: bySuffix[0]!.id };
  const several = bySuffix.length > 1 ? bySuffix : byTitle;
  if (several.length > 1) return { kind: "ambiguous", candidates: several.map((c) => c.id).sort() };
  const candidates = [...checks.map((c) => c.id), ...CATEGORIES];
  return { kind: "unknown", hint: didYouMean(name, candidates, (c) => [c, withoutEntity(c)]) };
}

/** Why `match` names no single check (or, with `categories`, no check or category). */
function refusal(input: string, match: NameMatch, categories: boolean): string {
  if (match.kind === "ambiguous") {
    // "a or b", "a, b or c": three owner checks share "missing-owner".
    const names = match.candidates;
    const list = names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}` : names.join("");
    return `"${input}" could be ${list}: name one`;
  }
  if (match.kind === "category") return `"${input}" is a category; name one of its checks`;
  const what = categories ? "check or category" : "check";
  return `unknown ${what} "${input}"${match.kind === "unknown" ? match.hint : ""}`;
}

/** The id of the one check `input` names; a CheckSelectionError says why there is none. */
export function resolveCheckId(checks: readonly Named[], input: string): string {
  const match = resolveCheckName(checks, input);
  if (match.kind === "check") return match.id;
  throw new CheckSelectionError(refusal(input, match, false));
}

/**
 * A selection as resolved names (check ids, category names), deduplicated and sorted; null for
 * "every enabled check". The first name that selects nothing throws a CheckSelectionError.
 */
export function resolveSelection(checks: readonly Named[], select?: readonly string[] | null): string[] | null {
  if (!select || select.length === 0) return null;
  const names = new Set<string>();
  for (const input of select) {
    const match = resolveCheckName(checks, input);
    if (match.kind === "check") names.add(match.id);
    else if (match.kind === "category") names.add(match.name);
    else throw new CheckSelectionError(refusal(input, match, true));
  }
  return [...names].sort();
}

/**
 * The checks a run executes, in the given order. Without `select`: every enabled check. With
 * it: checks named one by one run even when disabled (asking by name is explicit); a category
 * brings its enabled checks.
 */
export function selectChecks<T extends EffectiveCheck>(checks: readonly T[], select?: readonly string[] | null): T[] {
  const seen = new Set<string>();
  for (const c of checks) {
    if (seen.has(c.check.meta.id)) throw new Error(`check id ${c.check.meta.id} is registered twice`);
    seen.add(c.check.meta.id);
  }
  const names = resolveSelection(
    checks.map((c) => c.check.meta),
    select,
  );
  if (names === null) return checks.filter((c) => c.enabled !== false);
  const chosen = new Set(names);
  return checks.filter(
    (c) => chosen.has(c.check.meta.id) || (c.enabled !== false && chosen.has(c.check.meta.category)),
  );
}
