/**
 * People: what is compared, how much each comparison weighs, and the blocking keys.
 *
 * The score is Fellegi–Sunter style: each field comparison adds a log2 Bayes factor (positive
 * when the values agree, negative when both are present and disagree, 0 when one is missing),
 * and the total weight W becomes a match probability 1 / (1 + 2^-(W + PRIOR_LOG2_ODDS)). The
 * factors were set by hand from what each field proves (an email or a national id is nearly
 * unique, a first name is not), then checked on public data (docs/duplicates.md).
 */
import { FNV_START, fnvFinish, fnvPart, fnvText, hashParts, KeyColumns } from "./blocking.js";
import {
  canonicalGivenName,
  foldText,
  isGenericMailbox,
  normaliseDate,
  normaliseEmailForMatching,
  normaliseIdentifier,
  normaliseName,
  normaliseOrganisationName,
  normalisePhone,
  normalisePostcode,
  normaliseStreet,
  organisationEmailDomain,
  streetNumberAndStart,
} from "./normalise.js";
import { areGivenNameVariants } from "./nicknames.js";
import { jaroWinkler, soundex, withinOneEdit } from "./similarity.js";
import { keyOr, phoneLocalDigits, streetKeyParts } from "./stored-keys.js";
import type { MatchEvidence, PersonLike, StoredPersonKeys } from "./types.js";

/** What records are compared on; built only for records that meet another one in a block. */
export interface PersonFeatures {
  first: string;
  last: string;
  /** Normalised email ("" when absent or not address-shaped). */
  email: string;
  /** The email text as written (lower case), for fuzzy comparison of mangled addresses. */
  emailText: string;
  /** The digits of the email text, in order ("ann.lee82@x.com" → "82"). */
  emailDigits: string;
  /** A shared mailbox (info@, sales@, …): no evidence about who the person is. */
  emailGeneric: boolean;
  /** The email's domain when it is an organisation's (not a free mail provider), else "". */
  emailOrganisation: string;
  phoneE164: string;
  /** Last 7 digits of the phone number. */
  phoneLocal: string;
  birth: string;
  nationalId: string;
  houseNumber: string;
  streetName: string;
  postcode: string;
  city: string;
  state: string;
  company: string;
}

/** Lower-cased email text, sharing the normalised string when they are equal (saves memory). */
function emailTextOf(raw: string | null, normalised: string): string {
  if (!raw) return "";
  const text = raw.trim().toLowerCase();
  return text === normalised ? normalised : text;
}

/**
 * `employer` normalises the company name; the collector passes its cache of them (the
 * contacts of one company share its name).
 */
export function personFeatures(
  p: PersonLike,
  employer: (companyName: string | null | undefined) => string = normaliseOrganisationName,
): PersonFeatures {
  const first = normaliseName(p.firstName);
  const street = normaliseStreet(p.street);
  const email = normaliseEmailForMatching(p.email);
  // One object literal with every field (no spread): a million of these must stay small.
  return {
    first,
    last: normaliseName(p.lastName),
    email,
    emailText: emailTextOf(p.email, email),
    emailDigits: p.email ? p.email.replace(/[^0-9]/g, "") : "",
    emailGeneric: isGenericMailbox(email),
    emailOrganisation: organisationEmailDomain(email),
    phoneE164: normalisePhone(p.phone, p.country, p.phoneE164).e164,
    phoneLocal: phoneLocalDigits(p.phone),
    birth: normaliseDate(p.birthDate),
    nationalId: normaliseIdentifier(p.nationalId),
    houseNumber: street.houseNumber,
    streetName: street.name,
    postcode: normalisePostcode(p.postcode),
    city: foldText(p.city),
    state: foldText(p.state),
    company: employer(p.companyName),
  };
}

/** Prior log2 odds that a blocked candidate pair is a match; shifts W into a probability. */
export const PERSON_PRIOR_LOG2_ODDS = -8;

function givenNameWeight(a: PersonFeatures, b: PersonFeatures, af: string, bf: string): number {
  if (af === "" || bf === "") return 0;
  if (af === bf) return 4;
  // Listed variants (given-names/SOURCES.md), as written in the given-name fields only.
  if (af === a.first && bf === b.first && areGivenNameVariants(af, bf)) return 3.5;
  // An initial ("j") agrees with any name starting with it, weakly.
  if ((af.length === 1 || bf.length === 1) && af[0] === bf[0]) return 1;
  const jw = jaroWinkler(af, bf);
  if (jw >= 0.94) return 2.5;
  if (jw >= 0.88) return 1;
  return -3;
}

function surnameWeight(al: string, bl: string): number {
  if (al === "" || bl === "") return 0;
  if (al === bl) return 5;
  const jw = jaroWinkler(al, bl);
  if (jw >= 0.94) return 3.5;
  if (jw >= 0.88) return 1.5;
  return -4;
}

/** Names compared as written and with given name and surname swapped (a common entry error). */
function nameWeight(a: PersonFeatures, b: PersonFeatures): number {
  const straight = givenNameWeight(a, b, a.first, b.first) + surnameWeight(a.last, b.last);
  if (a.first === "" || a.last === "" || b.first === "" || b.last === "") return straight;
  const swapped = givenNameWeight(a, b, a.first, b.last) + surnameWeight(a.last, b.first) - 0.5;
  return Math.max(straight, swapped);
}

function emailWeight(a: PersonFeatures, b: PersonFeatures): number {
  if (a.emailText === "" || b.emailText === "") return 0;
  // A shared mailbox (info@, sales@) is used by several people: no evidence either way.
  if (a.emailGeneric || b.emailGeneric) return 0;
  if (a.email !== "" && a.email === b.email) return 9;
  // The same local part at two organisations is two people named alike ("john.smith@" is
  // made from the name, which is compared already), not one person.
  if (organisationDomainsDiffer(a, b)) return -3;
  const at = a.email.indexOf("@");
  if (at > 0 && a.email.slice(0, at + 1) === b.email.slice(0, at + 1)) return 4;
  // A mistyped copy of one address. Namesakes' addresses differ by a number
  // ("ann.lee1@…" vs "ann.lee7@…") and look just as alike, so the digits must be the same.
  // (The digits first: they are cheaper to compare than the addresses.)
  if (a.emailDigits === b.emailDigits && jaroWinkler(a.emailText, b.emailText) >= 0.9) return 3;
  // Two addresses at one organisation: its address format ("bob.miller@" / "rmiller@") makes
  // them differ as much as two colleagues' do, so only weak evidence against; unless they differ
  // by a number, as namesakes' addresses do ("robert.lee1@" / "robert.lee7@").
  if (a.emailOrganisation !== "" && a.emailOrganisation === b.emailOrganisation && a.emailDigits === b.emailDigits) {
    return -1;
  }
  // People have several addresses, so a different one is only mild evidence against.
  return -3;
}

/**
 * Both emails are at organisations' own domains and the domains clearly differ, not a domain
 * mistyped ("ballard-mcdonald.net" / "bwllar-mcdonald.net" is 0.85 alike, "acme.com" /
 * "globex.com" 0.58).
 */
function organisationDomainsDiffer(a: PersonFeatures, b: PersonFeatures): boolean {
  const x = a.emailOrganisation;
  const y = b.emailOrganisation;
  return x !== "" && y !== "" && x !== y && jaroWinkler(x, y) < 0.8;
}

/** Both records name an employer and the employers clearly differ. */
function employersDiffer(a: PersonFeatures, b: PersonFeatures): boolean {
  return a.company !== "" && b.company !== "" && a.company !== b.company && jaroWinkler(a.company, b.company) < 0.9;
}

/**
 * Strong evidence of one person: the same personal email address, phone number, national id
 * or birth date. It outweighs a different employer (people change jobs and keep their mobile).
 */
function shareStrongIdentifier(a: PersonFeatures, b: PersonFeatures): boolean {
  return (
    shareOwnIdentifier(a, b) ||
    (a.phoneE164 !== "" && a.phoneE164 === b.phoneE164) ||
    (a.phoneLocal !== "" && a.phoneLocal === b.phoneLocal && (a.phoneE164 === "" || b.phoneE164 === ""))
  );
}

/** What one person alone has: the same personal email address, national id or birth date. */
function shareOwnIdentifier(a: PersonFeatures, b: PersonFeatures): boolean {
  return (
    (a.email !== "" && a.email === b.email && !a.emailGeneric) ||
    (a.nationalId !== "" && a.nationalId === b.nationalId) ||
    (a.birth !== "" && a.birth === b.birth)
  );
}

function phoneWeight(a: PersonFeatures, b: PersonFeatures): number {
  if (a.phoneLocal === "" || b.phoneLocal === "") return 0;
  if (a.phoneE164 !== "" && a.phoneE164 === b.phoneE164) return 8;
  if (a.phoneLocal === b.phoneLocal) return a.phoneE164 === "" || b.phoneE164 === "" ? 5 : 0;
  return -3;
}

function birthWeight(a: string, b: string): number {
  if (a === "" || b === "") return 0;
  if (a === b) return 7;
  if (withinOneEdit(a, b)) return 3;
  if (a.length === 8 && b.length === 8 && a.slice(0, 4) === b.slice(0, 4)) return -1;
  return -5;
}

function nationalIdWeight(a: string, b: string): number {
  if (a === "" || b === "") return 0;
  if (a === b) return 10;
  if (withinOneEdit(a, b)) return 4;
  return -6;
}

function addressWeight(a: PersonFeatures, b: PersonFeatures): number {
  let w = 0;
  if (a.houseNumber !== "" && b.houseNumber !== "") w += a.houseNumber === b.houseNumber ? 1.5 : -1.5;
  if (a.streetName !== "" && b.streetName !== "") {
    if (a.streetName === b.streetName) w += 3;
    else w += jaroWinkler(a.streetName, b.streetName) >= 0.9 ? 1.5 : -1.5;
  }
  if (a.postcode !== "" && b.postcode !== "") {
    if (a.postcode === b.postcode) w += 3;
    else w += withinOneEdit(a.postcode, b.postcode) ? 0.5 : -1;
  }
  if (a.city !== "" && b.city !== "") {
    if (a.city === b.city) w += 2;
    else w += jaroWinkler(a.city, b.city) >= 0.9 ? 1 : -1.5;
  }
  if (a.state !== "" && b.state !== "") w += a.state === b.state ? 0.5 : -1;
  return w;
}

function companyWeight(a: string, b: string): number {
  if (a === "" || b === "") return 0;
  if (a === b) return 2;
  return jaroWinkler(a, b) >= 0.9 ? 1 : -0.5;
}

/**
 * Whether the given names clearly disagree (both present, neither a variant, initial or
 * near-spelling of the other, also with first and last name swapped).
 */
function givenNamesDisagree(a: PersonFeatures, b: PersonFeatures): boolean {
  if (a.first === "" || b.first === "") return false;
  if (givenNameWeight(a, b, a.first, b.first) > -3) return false;
  return b.last === "" || givenNameWeight(a, b, a.first, b.last) <= -3;
}

/**
 * Whether the two records share something that identifies a person more narrowly than a name
 * and a town: an email (also nearly), a phone, a national id or birth date (also one typo off),
 * a street address, or an employer. `emailW` is the pair's emailWeight (computed once per pair).
 */
function shareAnIdentifier(a: PersonFeatures, b: PersonFeatures, emailW: number): boolean {
  return (
    emailW > 0 ||
    (a.phoneLocal !== "" && a.phoneLocal === b.phoneLocal) ||
    nationalIdWeight(a.nationalId, b.nationalId) > 0 ||
    birthWeight(a.birth, b.birth) > 0 ||
    (a.houseNumber !== "" &&
      a.houseNumber === b.houseNumber &&
      a.streetName !== "" &&
      jaroWinkler(a.streetName, b.streetName) >= 0.9) ||
    (a.company !== "" && a.company === b.company)
  );
}

/** Weight ceiling for pairs that a rule below says cannot be linked: no evidence either way. */
const RULED_OUT_CAP = 0;

/**
 * Whether a rule of personMatchWeight rules the pair out whatever else agrees: another named
 * employer without strong evidence, or colleagues' clearly different given names or surnames
 * without an identifier of one person. Such a pair is never grouped, even through a third
 * record ("Bill Wagner" is linked to "Robert Wagner" and to "William Wagner"; those two are
 * not one person).
 */
export function personContradicts(a: PersonFeatures, b: PersonFeatures): boolean {
  // Employers as the records name them: an email domain alone is as often mangled (public
  // benchmarks), and within a group the other members speak for it.
  if (employersDiffer(a, b) && !shareStrongIdentifier(a, b)) return true;
  // Names only between colleagues, where they are all that tells people apart: without an
  // employer, a clearly different name is as often a badly mangled copy (public benchmarks),
  // and the group's other members speak for it.
  return (
    a.company !== "" &&
    a.company === b.company &&
    (surnamesDisagree(a, b) || givenNamesDisagree(a, b)) &&
    !shareOwnIdentifier(a, b)
  );
}

/** Total match weight W of two people (log2 Bayes factor). */
export function personMatchWeight(a: PersonFeatures, b: PersonFeatures): number {
  // The email comparison (a Jaro-Winkler of the addresses) is needed twice: compute it once.
  const emailW = emailWeight(a, b);
  const w = emailW + otherFieldWeights(a, b);
  if (w <= RULED_OUT_CAP) return w;
  // Two namesakes in one town are common in a large CRM: a name needs one more identifier.
  if (!shareAnIdentifier(a, b, emailW)) return RULED_OUT_CAP;
  // Namesakes at another company are the commonest false duplicate: another employer or
  // another organisation's email domain rules a link out unless strong evidence says otherwise.
  // With it, the person changed jobs: the address, employer and work email describe the
  // employers, not the person, and do not count against.
  if (employersDiffer(a, b) || organisationDomainsDiffer(a, b)) {
    if (!shareStrongIdentifier(a, b)) return RULED_OUT_CAP;
    return Math.max(0, emailW) + personalFieldWeights(a, b);
  }
  // Colleagues share the company's address, and often its email format and switchboard:
  // clearly different surnames are outweighed only by what one person alone has (a phone is
  // not: a switchboard or a household line is shared).
  if (surnamesDisagree(a, b) && !shareOwnIdentifier(a, b)) return RULED_OUT_CAP;
  // Relatives share a surname, phone and address; those fields are not independent evidence.
  // Different given names are only outweighed by an identifier one person does not share:
  // the same email address, national id or birth date.
  if (givenNamesDisagree(a, b) && !shareOwnIdentifier(a, b)) return RULED_OUT_CAP;
  return w;
}

/** The weights of what belongs to the person rather than to an employer. */
function personalFieldWeights(a: PersonFeatures, b: PersonFeatures): number {
  return (
    nameWeight(a, b) + phoneWeight(a, b) + birthWeight(a.birth, b.birth) + nationalIdWeight(a.nationalId, b.nationalId)
  );
}

/**
 * Whether the surnames clearly disagree (both present, not a near-spelling of each other, also
 * with first and last name swapped).
 */
function surnamesDisagree(a: PersonFeatures, b: PersonFeatures): boolean {
  if (a.last === "" || b.last === "") return false;
  if (surnameWeight(a.last, b.last) > -4) return false;
  return b.first === "" || surnameWeight(a.last, b.first) <= -4;
}

/** Every field weight but the email's (all are multiples of 0.5: the sum is exact in any order). */
function otherFieldWeights(a: PersonFeatures, b: PersonFeatures): number {
  return (
    nameWeight(a, b) +
    phoneWeight(a, b) +
    birthWeight(a.birth, b.birth) +
    nationalIdWeight(a.nationalId, b.nationalId) +
    addressWeight(a, b) +
    companyWeight(a.company, b.company)
  );
}

/** Name keys: the same person with one name part allowed a spelling variant, or the parts swapped. */
const NAME_KEY_KINDS = 5;
/**
 * Evidence a link requires besides a name (see shareAnIdentifier), as exact parts a blocking key
 * can carry: the employer, the house number, and each half of the birth date and of the national
 * id (one typo leaves one half intact). Email and phone have keys of their own.
 */
const EVIDENCE_KINDS = 6;
const OTHER_KEY_KINDS = 10;
const PERSON_KEY_KINDS = OTHER_KEY_KINDS + NAME_KEY_KINDS * EVIDENCE_KINDS;

/**
 * The first and the last `k` characters: a single edit (substitution, insertion or deletion)
 * leaves one of them unchanged when the text has at least 2k characters.
 */
function headOf(s: string, k: number): string {
  return s.slice(0, k);
}
function tailOf(s: string, k: number): string {
  return s.length > k ? s.slice(-k) : "";
}

/**
 * Blocking keys for people, most specific first (see forEachCandidatePair): one column of key
 * hashes per kind, filled record by record as records arrive, without keeping the normalised
 * fields.
 *
 * A name alone never links two people (personMatchWeight needs a shared identifier), so name
 * keys are compound with that evidence: "same name" alone puts every namesake of a common name
 * in one block, and with names drawn from a limited stock the pairs grow with the square of the
 * records. "Same name and same employer / house number / half of the birth date" does not.
 */
export class PersonBlockingKeys {
  // A column per kind only once a record has that key: without birth dates or national ids
  // (most CRMs), their compound kinds cost nothing.
  readonly columns: KeyColumns;
  // Contacts of one company share its name: normalise each name once (a profile at 1M put
  // 1.8 s in normaliseOrganisationName without this).
  private readonly companies = new Map<string, string>();
  private readonly evidence = new Array<string>(EVIDENCE_KINDS);

  constructor(expectedRecords: number) {
    this.columns = new KeyColumns(PERSON_KEY_KINDS, expectedRecords);
  }

  /**
   * Computes and stores the keys of record `i`; `stored` gives normalised fields stored at
   * import (each one missing is computed from `p`, with the same function).
   */
  add(i: number, p: PersonLike, stored?: StoredPersonKeys): void {
    // The fields blocking needs, without the phone library or anything kept afterwards.
    const { columns, evidence } = this;
    const firstAsWritten = keyOr(stored?.firstName, p.firstName, normaliseName);
    const first = canonicalGivenName(firstAsWritten);
    const last = keyOr(stored?.lastName, p.lastName, normaliseName);
    const email = keyOr(stored?.email, p.email, normaliseEmailForMatching);
    const postcode = keyOr(stored?.postcode, p.postcode, normalisePostcode);
    const birth = normaliseDate(p.birthDate);
    const nationalId = normaliseIdentifier(p.nationalId);
    const { houseNumber, nameStart: streetStart } =
      stored?.street != null ? streetKeyParts(stored.street) : streetNumberAndStart(p.street);
    // Soundex skips spaces: "van dyke" codes as "vandyke". The 3-digit code is the start of
    // the 5-digit one.
    const lastSound5 = soundex(last, 5);
    const lastSound = lastSound5.slice(0, 4);
    const firstSound = soundex(first);
    // As written, not canonical: with the names swapped, the given name is in the surname field.
    const initialA = firstAsWritten.slice(0, 1) || "-";
    const initialB = last.slice(0, 1) || "-";
    const initialLow = initialA < initialB ? initialA : initialB;
    const initialHigh = initialA < initialB ? initialB : initialA;

    columns.set(0, i, hashParts("e", email));
    columns.set(1, i, hashParts("p", keyOr(stored?.phone, p.phone, phoneLocalDigits)));
    columns.set(2, i, hashParts("i", nationalId));
    // A birth date alone is shared by ~1 in 30,000 people: too common for a million records.
    columns.set(3, i, hashParts("bl", birth, last.slice(0, 1)));
    columns.set(4, i, hashParts("bf", birth, first.slice(0, 1)));
    // One address with the smaller / larger of the two name initials (the same when the names
    // are swapped): an address alone would block every household, and a shared address never
    // links people whose names disagree.
    // (The address part is hashed once and continued for each; kinds have their own columns.)
    if (houseNumber !== "" && streetStart !== "" && postcode !== "") {
      const address = fnvPart(fnvPart(fnvPart(FNV_START, houseNumber), streetStart), postcode);
      columns.set(5, i, continuedKey(address, initialLow));
      columns.set(6, i, continuedKey(address, initialHigh));
      // The same address and birth date also when both names were mistyped.
      columns.set(7, i, continuedKey(address, birth));
    }
    columns.set(8, i, hashParts("el", email.slice(0, Math.max(0, email.indexOf("@")))));
    const employer = stored?.employer ?? this.employerOf(p.companyName);
    // Colleagues with one surname: where a given-name variant the nickname list maps to another
    // form ("Kate" / "Katherine") still meets its record.
    columns.set(9, i, hashParts("le", last, employer));

    evidence[0] = employer;
    evidence[1] = houseNumber;
    // Dates are eight digits (YYYYMMDD); national ids may be as short as six or seven.
    evidence[2] = headOf(birth, 4);
    evidence[3] = tailOf(birth, 4);
    evidence[4] = headOf(nationalId, 3);
    evidence[5] = tailOf(nationalId, 3);
    // A name key with an empty part (no surname, no postcode) would block on one field alone.
    if (first !== "" && last !== "") {
      // Names with one part allowed a spelling variant. Not both parts phonetic: a million
      // contacts would put thousands of records in one block ("J500 S530").
      this.setCompound(0, i, nameKeyState(lastSound5, first));
      this.setCompound(1, i, nameKeyState(last, firstSound));
      // Given name and surname entered the other way round: both as written, since the given
      // name's canonical form would not be the surname field's ("sophie" → "sophia").
      this.setCompound(
        2,
        i,
        firstAsWritten < last ? nameKeyState(firstAsWritten, last) : nameKeyState(last, firstAsWritten),
      );
    }
    if (postcode !== "") {
      if (last !== "") this.setCompound(3, i, nameKeyState(lastSound, postcode));
      if (first !== "") this.setCompound(4, i, nameKeyState(firstSound, postcode));
    }
  }

  /**
   * The keys of name key `n` compound with each kind of evidence the record has. The name part
   * is hashed once (`nameState`) and the hash continued over each evidence part; no kind tag
   * is needed since each kind has its own column.
   */
  private setCompound(n: number, i: number, nameState: number): void {
    for (let e = 0; e < EVIDENCE_KINDS; e++) {
      this.columns.set(OTHER_KEY_KINDS + n * EVIDENCE_KINDS + e, i, continuedKey(nameState, this.evidence[e]!));
    }
  }

  /** normaliseOrganisationName, once per distinct company name. */
  employerOf(companyName: string | null | undefined): string {
    if (!companyName) return "";
    let company = this.companies.get(companyName);
    if (company === undefined) {
      company = normaliseOrganisationName(companyName);
      this.companies.set(companyName, company);
    }
    return company;
  }
}

const NAME_SEPARATOR = "|";

/** Key hash of the parts hashed into `state` followed by `part`; 0 (no key) when `part` is empty. */
function continuedKey(state: number, part: string): number {
  return part === "" ? 0 : fnvFinish(fnvPart(state, part));
}

/** FNV state after the name key `a|b` and its part separator (as hashParts would hash it). */
function nameKeyState(a: string, b: string): number {
  return fnvPart(fnvText(fnvText(FNV_START, a), NAME_SEPARATOR), b);
}

const GIVEN_NAME_FINDINGS: Record<string, string> = {
  "4": "same",
  "3.5": "nickname",
  "2.5": "near spelling",
  "1": "initial or similar",
  "-3": "different",
};
const SURNAME_FINDINGS: Record<string, string> = {
  "5": "same",
  "3.5": "near spelling",
  "1.5": "similar",
  "-4": "different",
};

function emailFinding(w: number, a: PersonFeatures, b: PersonFeatures): string {
  if (a.emailGeneric || b.emailGeneric) return "shared mailbox: no evidence";
  if (w === 9) return "same address";
  if (w === 4) return "same local part";
  if (w === 3) return "one typing error apart";
  if (w === -1) return "other address at the same organisation";
  return organisationDomainsDiffer(a, b) ? "another organisation's domain" : "different";
}

/**
 * The field comparisons behind personMatchWeight for a linked pair, strongest first: what a
 * finding shows as the reason two contacts were grouped (docs/duplicates.md).
 */
export function explainPersonMatch(a: PersonFeatures, b: PersonFeatures): MatchEvidence[] {
  const out: MatchEvidence[] = [];
  const add = (field: string, finding: string, weight: number) => out.push({ field, finding, weight });
  const emailW = emailWeight(a, b);
  // With another employer, personMatchWeight counts a work address only when it agrees.
  const jobChange = employersDiffer(a, b) || organisationDomainsDiffer(a, b);
  if (a.emailText !== "" && b.emailText !== "") {
    add("email", emailFinding(emailW, a, b), jobChange ? Math.max(0, emailW) : emailW);
  }
  const straight = givenNameWeight(a, b, a.first, b.first) + surnameWeight(a.last, b.last);
  const name = nameWeight(a, b);
  if (name !== straight) add("name", "given name and surname swapped", name);
  else {
    const given = givenNameWeight(a, b, a.first, b.first);
    const surname = surnameWeight(a.last, b.last);
    if (a.first !== "" && b.first !== "") add("given name", GIVEN_NAME_FINDINGS[String(given)] ?? "compared", given);
    if (a.last !== "" && b.last !== "") add("surname", SURNAME_FINDINGS[String(surname)] ?? "compared", surname);
  }
  const phone = phoneWeight(a, b);
  if (a.phoneLocal !== "" && b.phoneLocal !== "") {
    add(
      "phone",
      phone === 8 ? "same number" : phone === 5 ? "same local digits" : phone === 0 ? "local digits only" : "different",
      phone,
    );
  }
  const birth = birthWeight(a.birth, b.birth);
  if (a.birth !== "" && b.birth !== "")
    add("birth date", birth === 7 ? "same" : birth === 3 ? "one typing error apart" : "different", birth);
  const id = nationalIdWeight(a.nationalId, b.nationalId);
  if (a.nationalId !== "" && b.nationalId !== "")
    add("national id", id === 10 ? "same" : id === 4 ? "one typing error apart" : "different", id);
  if (jobChange) {
    // personMatchWeight counts only the person's own fields then (a job change).
    add("employer", "another organisation, outweighed by the same phone or email", 0);
  } else {
    const address = addressWeight(a, b);
    if (address !== 0) add("address", address > 0 ? "same or similar" : "different", address);
    const company = companyWeight(a.company, b.company);
    if (a.company !== "" && b.company !== "")
      add("employer", company === 2 ? "same" : company > 0 ? "similar" : "different", company);
  }
  return out.sort((x, y) => Math.abs(y.weight) - Math.abs(x.weight));
}
