/**
 * Organisations: compared on name (legal suffixes removed), web domain, phone and address,
 * with the same Fellegi–Sunter-style weights as people (see people.ts).
 */
import { hashParts, KeyColumns } from "./blocking.js";
import {
  foldText,
  normaliseDomain,
  normaliseOrganisationName,
  normalisePhone,
  normalisePostcode,
  normaliseStreet,
} from "./normalise.js";
import { jaroWinkler, soundex } from "./similarity.js";
import { keyOr, phoneLocalDigits } from "./stored-keys.js";

// Leading articles (English, German, French, Spanish, Italian, Dutch) and group / holding words.
const ARTICLES = new Set(["the", "die", "der", "das", "la", "le", "les", "el", "los", "las", "il", "lo", "het"]);
const GROUP_WORDS = new Set(["group", "groupe", "gruppe", "grupo", "gruppo", "groep", "holding", "holdings"]);

/** A normalised organisation name without leading articles and group words (never empty). */
export function organisationNameCore(name: string): string {
  const words = name.split(" ");
  let start = 0;
  while (start < words.length - 1 && ARTICLES.has(words[start]!)) start++;
  const kept = words.slice(start).filter((w) => !GROUP_WORDS.has(w));
  return kept.length > 0 ? kept.join(" ") : words.slice(start).join(" ");
}
import type { MatchEvidence, OrganisationLike } from "./types.js";

export interface OrganisationFeatures {
  name: string;
  /**
   * The name without leading articles and group or holding words ("the acme group",
   * "acme holding", "acme gruppe" → "acme"): such words do not make another organisation of
   * one at the same address.
   */
  core: string;
  /** The name's words in alphabetical order, so word order does not matter. */
  sortedName: string;
  /** Distinct name words of 2+ characters, for containment ("Jenner" in "Jenner Academy of the Arts"). */
  nameTokens: string[];
  domain: string;
  phoneE164: string;
  phoneLocal: string;
  houseNumber: string;
  streetName: string;
  /** Street name without directions and types ("buffalo" for "S Buffalo Ave"). */
  streetCore: string;
  city: string;
  postcode: string;
}

// Webmail domains say nothing about which organisation a record is.
const SHARED_DOMAINS = new Set(["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "aol.com", "icloud.com"]);

export function organisationFeatures(o: OrganisationLike): OrganisationFeatures {
  return { ...organisationKeyFields(o), phoneE164: normalisePhone(o.phone, o.country, o.phoneE164).e164 };
}

/**
 * Everything but the E.164 phone (the slow part, needed only when comparing); `nameKey`: the
 * normalised name as stored at import, where there is one.
 */
function organisationKeyFields(o: OrganisationLike, nameKey?: string | null): Omit<OrganisationFeatures, "phoneE164"> {
  const name = keyOr(nameKey, o.name, normaliseOrganisationName);
  const street = normaliseStreet(o.street);
  const domain = normaliseDomain(o.domain);
  return {
    name,
    core: organisationNameCore(name),
    sortedName: name.split(" ").sort().join(" "),
    nameTokens: [...new Set(name.split(" ").filter((t) => t.length >= 2))],
    domain: SHARED_DOMAINS.has(domain) ? "" : domain,
    phoneLocal: phoneLocalDigits(o.phone),
    houseNumber: street.houseNumber,
    streetName: street.name,
    streetCore: street.core,
    city: foldText(o.city),
    postcode: normalisePostcode(o.postcode),
  };
}

export const ORGANISATION_PRIOR_LOG2_ODDS = -8;

/**
 * Share of the shorter name's words found in the longer name (exactly, or nearly for words of
 * 4+ letters): 1 for "Jenner" against "Jenner Academy of the Arts".
 */
function nameWordOverlap(a: string[], b: string[]): number {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length === 0 || short.every((t) => t.length < 3)) return 0;
  let found = 0;
  for (const t of short) {
    if (long.includes(t) || (t.length >= 4 && long.some((u) => u.length >= 4 && jaroWinkler(t, u) >= 0.92))) found++;
  }
  return found / short.length;
}

/** Best weight nameWeight can give (identical names). */
const NAME_WEIGHT_MAX = 6;

/**
 * Name weight, or any value below `needed` once it is clear the weight cannot reach it: the
 * Jaro-Winkler comparisons are the costly part of scoring and most candidate pairs (shared
 * address, shared first words) are decided by the other fields.
 */
function nameWeight(a: OrganisationFeatures, b: OrganisationFeatures, needed = -Infinity): number {
  if (a.name === "" || b.name === "") return 0;
  if (a.name === b.name) return NAME_WEIGHT_MAX;
  if (a.core === b.core) return 5;
  if (needed > 4) return -Infinity;
  const sim = Math.max(jaroWinkler(a.name, b.name), jaroWinkler(a.sortedName, b.sortedName));
  if (sim >= 0.95) return 4;
  if (needed > 3) return -Infinity;
  const overlap = nameWordOverlap(a.nameTokens, b.nameTokens);
  if (overlap === 1) return 3;
  if (overlap >= 0.5 || sim >= 0.88) return 1;
  return overlap > 0 ? -1 : -3;
}

function phoneWeight(a: OrganisationFeatures, b: OrganisationFeatures): number {
  if (a.phoneLocal === "" || b.phoneLocal === "") return 0;
  if (a.phoneE164 !== "" && a.phoneE164 === b.phoneE164) return 7;
  if (a.phoneLocal === b.phoneLocal) return a.phoneE164 === "" || b.phoneE164 === "" ? 6 : 0;
  // Organisations have many numbers (switchboard, site, department): weak evidence against.
  return -1.5;
}

/** House number, postcode and town: exact comparisons only. */
function addressWeightWithoutStreet(a: OrganisationFeatures, b: OrganisationFeatures): number {
  let w = 0;
  // Two sites of one chain differ first by house number.
  if (a.houseNumber !== "" && b.houseNumber !== "") w += a.houseNumber === b.houseNumber ? 2 : -4;
  if (a.postcode !== "" && b.postcode !== "") w += a.postcode === b.postcode ? 1 : -3;
  if (a.city !== "" && b.city !== "") w += a.city === b.city ? 1 : -2;
  return w;
}

/** Best weight streetWeight can give (same street name). */
const STREET_WEIGHT_MAX = 3;

function streetWeight(a: OrganisationFeatures, b: OrganisationFeatures): number {
  if (a.streetCore === "" || b.streetCore === "") return 0;
  if (a.streetName === b.streetName) return STREET_WEIGHT_MAX;
  if (a.streetCore === b.streetCore) return 2.5;
  return jaroWinkler(a.streetCore, b.streetCore) >= 0.9 ? 1.5 : -2;
}

/**
 * Total match weight W of two organisations. With `atLeast`, a pair whose weight is below it
 * may get any lower value instead of the exact one (callers only compare it to `atLeast`):
 * the exact comparisons come first, and the Jaro-Winkler ones (street, then name) are made only
 * while they can still lift W to `atLeast`. Weights are multiples of 0.5, so the sum is exact
 * in any order.
 */
export function organisationMatchWeight(a: OrganisationFeatures, b: OrganisationFeatures, atLeast = -Infinity): number {
  let w = phoneWeight(a, b) + addressWeightWithoutStreet(a, b);
  if (a.domain !== "" && b.domain !== "") w += a.domain === b.domain ? 6 : -2;
  if (w + STREET_WEIGHT_MAX + NAME_WEIGHT_MAX < atLeast) return -Infinity;
  w += streetWeight(a, b);
  return w + nameWeight(a, b, atLeast - w);
}

const ORGANISATION_KEY_KINDS = 6;

/**
 * Same house number and street (phonetically), in the same town: the same number and street
 * in another town is another address, and a narrow stock of street names otherwise makes
 * huge blocks. A record without a town (the Chicago evaluation sites) keeps a key without it.
 */
function addressKey(f: Omit<OrganisationFeatures, "phoneE164">): number {
  const street = soundex(f.streetCore);
  return f.city === "" ? hashParts("a", f.houseNumber, street) : hashParts("a", f.houseNumber, street, f.city);
}

/** Blocking keys for organisations, filled record by record (see PersonBlockingKeys). */
export class OrganisationBlockingKeys {
  readonly columns: KeyColumns;

  constructor(expectedRecords: number) {
    this.columns = new KeyColumns(ORGANISATION_KEY_KINDS, expectedRecords);
  }

  /** Computes and stores the keys of record `i`. */
  add(i: number, o: OrganisationLike, nameKey?: string | null): void {
    const f = organisationKeyFields(o, nameKey);
    const hashes = [
      hashParts("n", f.name),
      hashParts("d", f.domain),
      hashParts("p", f.phoneLocal),
      addressKey(f),
      hashParts("np", soundex(f.nameTokens[0] ?? ""), f.postcode || f.city),
      hashParts("nt", [...f.nameTokens].sort().slice(0, 2).join(" ")),
    ];
    for (let k = 0; k < ORGANISATION_KEY_KINDS; k++) this.columns.set(k, i, hashes[k]!);
  }
}

/** The field comparisons behind organisationMatchWeight for a linked pair, strongest first. */
export function explainOrganisationMatch(a: OrganisationFeatures, b: OrganisationFeatures): MatchEvidence[] {
  const out: MatchEvidence[] = [];
  const add = (field: string, finding: string, weight: number) => out.push({ field, finding, weight });
  const name = nameWeight(a, b);
  if (a.name !== "" && b.name !== "") {
    const finding =
      name === NAME_WEIGHT_MAX
        ? "same (legal form aside)"
        : name === 5
          ? "same without article or group / holding word"
          : name === 4
            ? "near spelling"
            : name === 3
              ? "one name's words in the other"
              : name > 0
                ? "similar"
                : "different";
    add("name", finding, name);
  }
  if (a.domain !== "" && b.domain !== "")
    add("domain", a.domain === b.domain ? "same" : "different", a.domain === b.domain ? 6 : -2);
  const phone = phoneWeight(a, b);
  if (a.phoneLocal !== "" && b.phoneLocal !== "")
    add("phone", phone > 0 ? "same number" : phone === 0 ? "local digits only" : "different", phone);
  const address = addressWeightWithoutStreet(a, b) + streetWeight(a, b);
  if (address !== 0) add("address", address > 0 ? "same or similar" : "different", address);
  return out.sort((x, y) => Math.abs(y.weight) - Math.abs(x.weight));
}
