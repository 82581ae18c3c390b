/**
 * Given-name variants ("Robert" / "Bob", "Johannes" / "Hannes") from the maintained lists in
 * ./given-names (see given-names/SOURCES.md), read once, on first use.
 *
 * Two names are variants when one is a listed nickname of the other, or both are nicknames of
 * one name and not both names with nicknames of their own ("Kathy" / "Kate", both of
 * "Katherine"; not "Robert" / "William", both listed for "Bill"). Names are compared in
 * normaliseName form.
 */
import fs from "node:fs";

const FILES = ["names.csv", "names-european.csv"];

interface NicknameTable {
  /** Name → the names it is a nickname of (its "full" forms). */
  fullForms: Map<string, string[]>;
  /** Names that have nicknames of their own → how many. */
  full: Map<string, number>;
}

let table: NicknameTable | undefined;

/** Folds a listed name the way normaliseName folds a record's ("barbel" stays, "Jean-Luc" → "jean luc"). */
function fold(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

function load(): NicknameTable {
  const fullForms = new Map<string, string[]>();
  const full = new Map<string, number>();
  for (const file of FILES) {
    const text = fs.readFileSync(new URL(`./given-names/${file}`, import.meta.url), "utf8");
    for (const line of text.split(/\r?\n/).slice(1)) {
      const [name, relationship, nickname] = line.split(",");
      if (relationship !== "has_nickname" || !name || !nickname) continue;
      const a = fold(name);
      const b = fold(nickname);
      if (a === "" || b === "" || a === b) continue;
      const forms = fullForms.get(b);
      if (forms?.includes(a)) continue;
      if (!forms) fullForms.set(b, [a]);
      else forms.push(a);
      full.set(a, (full.get(a) ?? 0) + 1);
    }
  }
  for (const forms of fullForms.values()) forms.sort();
  return { fullForms, full };
}

function nicknames(): NicknameTable {
  return (table ??= load());
}

/** Whether two different given names are listed variants of each other. */
export function areGivenNameVariants(a: string, b: string): boolean {
  if (a === "" || b === "" || a === b) return false;
  const { fullForms } = nicknames();
  const ofA = fullForms.get(a);
  const ofB = fullForms.get(b);
  if (ofA?.includes(b) || ofB?.includes(a)) return true;
  if (!ofA || !ofB) return false;
  // Two names with nicknames of their own ("robert", "william") are variants only when one is
  // listed for the other: a nickname shared by both ("bill") does not make them one name.
  const { full } = nicknames();
  if (full.has(a) && full.has(b)) return false;
  for (const form of ofA) if (ofB.includes(form)) return true;
  return false;
}

/**
 * One form per name for blocking keys: of the name and the names it is a nickname of, the one
 * with the most nicknames (the name itself on a tie, else alphabetical), so "bob", "rob" and
 * "robert" all give "robert" and "kate" gives "katherine". Variants that still get different
 * forms meet through the other keys (email, phone, surname with employer).
 */
export function canonicalGivenName(name: string): string {
  const { fullForms, full } = nicknames();
  const forms = fullForms.get(name);
  if (!forms) return name;
  let best = name;
  let most = full.get(name) ?? 0;
  for (const form of forms) {
    const count = full.get(form) ?? 0;
    if (count > most || (count === most && best !== name && form < best)) {
      best = form;
      most = count;
    }
  }
  return best;
}
