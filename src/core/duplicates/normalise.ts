/**
 * Normal forms for the fields that identify a person or an organisation. Two values that a
 * person would read as "the same" (case, accents, punctuation, "Ltd" vs "Limited", "+tags" in
 * emails, phone formatting) get the same normal form, so blocking keys and comparisons see
 * through formatting noise.
 */
import { normalizeEmail } from "../dataset/email.js";
import { parsePhone } from "../dataset/phone.js";

const MARKS = /\p{M}+/gu;
const NON_ASCII = /[^ -~]/;

/**
 * Lower case, accents removed (NFKD then combining marks dropped), dots and apostrophes
 * removed ("S.A." → "sa", "O'Brien" → "obrien"), any other non-alphanumeric run turned into
 * one space, trimmed.
 */
export function foldText(raw: string | null | undefined): string {
  if (!raw) return "";
  let s = raw;
  if (NON_ASCII.test(s)) {
    s = s.toLowerCase().normalize("NFKD").replace(MARKS, "");
    // Letters NFKD does not decompose.
    s = s
      .replace(/ß/g, "ss")
      .replace(/æ/g, "ae")
      .replace(/ø/g, "o")
      .replace(/œ/g, "oe")
      .replace(/ł/g, "l")
      .replace(/đ/g, "d");
    s = s.replace(/’/g, "");
  }
  return foldAscii(s);
}

// One pass over the characters instead of a chain of regular expressions: this runs several
// times per record, millions of times per audit, and was the largest cost of feature building.
const SPACE = 32;
function foldAscii(s: string): string {
  const lowered = lowerCaseIfAlreadyFolded(s);
  if (lowered !== null) return lowered;
  const codes = new Array<number>(s.length);
  let n = 0;
  let pendingSpace = false;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (pendingSpace && n > 0) codes[n++] = SPACE;
      pendingSpace = false;
      codes[n++] = c;
    } else if (c !== 39 && c !== 46 && c !== 96) {
      // Dots and apostrophes vanish ("S.A." → "sa"); anything else separates words.
      pendingSpace = true;
    }
  }
  codes.length = n;
  return String.fromCharCode(...codes);
}

/**
 * `s` in lower case when that is already its folded form (printable ASCII letters and digits,
 * words separated by single spaces: most names and streets), else null. Saves building the
 * folded string character by character.
 */
function lowerCaseIfAlreadyFolded(s: string): string | null {
  let upper = false;
  // True at the start and after a space: a space there would be dropped by folding.
  let afterSpace = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) upper = true;
    else if (c === SPACE && !afterSpace) {
      afterSpace = true;
      continue;
    } else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) return null;
    afterSpace = false;
  }
  if (afterSpace && s.length > 0) return null;
  return upper ? s.toLowerCase() : s;
}

const DIGIT = /[0-9]/;

/** A person's name part: folded, letters and spaces only ("Jean-Luc" → "jean luc"). */
export function normaliseName(raw: string | null | undefined): string {
  const folded = foldText(raw);
  // Folded text has single spaces and none at the ends: only digits leave work to do.
  if (!DIGIT.test(folded)) return folded;
  return folded
    .replace(/[0-9]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

// Legal-form words that say nothing about which organisation it is. Only removed at the end of
// a name (possibly several: "Acme Holdings Pty Ltd" keeps "acme holdings"), never when that
// would leave nothing.
const LEGAL_SUFFIXES = new Set([
  "inc", "incorporated", "llc", "lc", "llp", "lp", "ltd", "limited", "gmbh", "mbh", "ag", "kg", "ug", "sa", "sas",
  "sarl", "sl", "srl", "spa", "bv", "nv", "pty", "plc", "co", "corp", "corporation", "company", "oy", "ab",
  "as", "aps", "kk", "pte", "pvt", "se", "cv", "ev", "eg", "sca", "scs", "og", "kft", "zrt", "sp", "zoo", "doo",
  "lda", "ltda", "cia", "and co", "group",
]); // prettier-ignore

/** Organisation name without case, accents, punctuation, a leading "the", "&" or legal suffixes. */
export function normaliseOrganisationName(raw: string | null | undefined): string {
  if (!raw) return "";
  const tokens = foldText(raw.replace(/&/g, " and ").replace(/\+/g, " and ")).split(" ");
  while (tokens.length > 1 && tokens[0] === "the") tokens.shift();
  while (tokens.length > 1) {
    const last = tokens[tokens.length - 1]!;
    const lastTwo = tokens.length > 2 ? `${tokens[tokens.length - 2]} ${last}` : "";
    if (lastTwo && LEGAL_SUFFIXES.has(lastTwo)) tokens.splice(-2, 2);
    else if (LEGAL_SUFFIXES.has(last)) tokens.pop();
    else break;
  }
  return tokens.join(" ");
}

const STREET_WORDS = new Map<string, string>(Object.entries({
  street: "st", str: "st", road: "rd", avenue: "ave", av: "ave", avn: "ave", boulevard: "blvd", blv: "blvd",
  drive: "dr", drv: "dr", lane: "ln", place: "pl", plaza: "plz", court: "ct", crescent: "cres", circuit: "cct",
  circle: "cir", terrace: "tce", terr: "tce", square: "sq", highway: "hwy", parkway: "pkwy", expressway: "expy",
  close: "cl", grove: "gr", mount: "mt", saint: "st", way: "wy", north: "n", south: "s", east: "e", west: "w",
  northeast: "ne", northwest: "nw", southeast: "se", southwest: "sw", first: "1st", second: "2nd", third: "3rd",
  fourth: "4th", fifth: "5th", sixth: "6th", seventh: "7th", eighth: "8th", ninth: "9th", tenth: "10th",
  suite: "ste", apartment: "apt", floor: "fl", building: "bldg",
})); // prettier-ignore

export interface NormalisedStreet {
  /** The first number in the address ("1119" in "1119 N. Cleveland Ave"), or "". */
  houseNumber: string;
  /** The rest, with common words abbreviated the USPS/AU way: "n cleveland ave". */
  name: string;
  /**
   * The name without directions and street types, which sources often leave out:
   * "cleveland" for both "N Cleveland Ave" and "Cleveland".
   */
  core: string;
}

const STREET_TYPES_AND_DIRECTIONS = new Set([
  "st", "rd", "ave", "blvd", "dr", "ln", "pl", "plz", "ct", "cres", "cct", "cir", "tce", "sq", "hwy", "pkwy", "expy",
  "cl", "gr", "wy", "n", "s", "e", "w", "ne", "nw", "se", "sw",
]); // prettier-ignore

export function normaliseStreet(raw: string | null | undefined): NormalisedStreet {
  const folded = foldText(raw);
  if (folded === "") return { houseNumber: "", name: "", core: "" };
  let houseNumber = "";
  let name = "";
  let core = "";
  // Folded text is words separated by single spaces: walk them without splitting into an array
  // (this runs for every contact and company of an audit).
  for (let start = 0; start < folded.length;) {
    let end = folded.indexOf(" ", start);
    if (end < 0) end = folded.length;
    const word = germanStreet(folded.slice(start, end));
    const t = STREET_WORDS.get(word) ?? word;
    // Only the first word can be the house number.
    if (start === 0 && HOUSE_NUMBER.test(t)) houseNumber = t.replace(/[a-z]$/, "");
    else {
      name = name === "" ? t : `${name} ${t}`;
      if (!STREET_TYPES_AND_DIRECTIONS.has(t)) core = core === "" ? t : `${core} ${t}`;
    }
    start = end + 1;
  }
  return { houseNumber, name, core: core !== "" ? core : name };
}

const HOUSE_NUMBER = /^[0-9]+[a-z]?$/;

/** German street names end in "straße" (folded "strasse"), often written "str.": one form. */
function germanStreet(word: string): string {
  return word.length > 7 && word.endsWith("strasse") ? `${word.slice(0, -4)}` : word;
}

/**
 * What person blocking keys need of a street: normaliseStreet's houseNumber and the first three
 * characters of its name, without normalising the rest of the street (this runs for every
 * contact of an audit).
 */
export function streetNumberAndStart(raw: string | null | undefined): { houseNumber: string; nameStart: string } {
  const folded = foldText(raw);
  let houseNumber = "";
  let name = "";
  for (let start = 0; start < folded.length && name.length < 3;) {
    let end = folded.indexOf(" ", start);
    if (end < 0) end = folded.length;
    const word = folded.slice(start, end);
    const t = STREET_WORDS.get(word) ?? word;
    if (start === 0 && HOUSE_NUMBER.test(t)) houseNumber = t.replace(/[a-z]$/, "");
    else name = name === "" ? t : `${name} ${t}`;
    start = end + 1;
  }
  return { houseNumber, nameStart: name.slice(0, 3) };
}

/** Postcode without spaces, dashes or case ("sw1a 1aa" → "SW1A1AA"); US ZIP+4 cut to 5 digits. */
export function normalisePostcode(raw: string | null | undefined): string {
  if (!raw) return "";
  const s = raw.toUpperCase().replace(/[^A-Z0-9]/g, "");
  return /^[0-9]{9}$/.test(s) ? s.slice(0, 5) : s;
}

export interface NormalisedPhone {
  /** E.164 when the number can be read ("+13123865286"); "" otherwise. */
  e164: string;
  /**
   * The last 7 digits: matches a number written without its area code ("386-5286") to the
   * same number with it. "" when the text has fewer than 7 digits.
   */
  local: string;
}

// International format with only digits and separators: the E.164 form is "+" and the digits,
// which is what libphonenumber would return. Reading a million such numbers through the
// library costs ~30 s, so this common shape skips it ("(0)" trunk prefixes do not).
const PLAIN_INTERNATIONAL = /^\+[0-9 ().-]+$/;

/**
 * `known`: the number already read by parsePhone (at import): its E.164 form when valid, null
 * when not a valid number; undefined to read it here. Gives the same result either way.
 */
export function normalisePhone(
  raw: string | null | undefined,
  country: string | null,
  known?: string | null,
): NormalisedPhone {
  if (!raw) return { e164: "", local: "" };
  const digits = raw.replace(/[^0-9]/g, "");
  if (digits.length < 7) return { e164: "", local: "" };
  const local = digits.slice(-7);
  if (PLAIN_INTERNATIONAL.test(raw) && !raw.includes("(0)") && digits.length >= 8 && digits.length <= 15) {
    return { e164: `+${digits}`, local };
  }
  // Seven digits and no "+": a number without its area code (common in old US/UK records).
  // Only its local digits can match; the library would spend its slowest path rejecting it.
  if (digits.length === 7 && !raw.includes("+")) return { e164: "", local };
  if (known !== undefined) return { e164: known ?? "", local };
  const parsed = parsePhone(raw, country);
  return { e164: parsed.valid && parsed.e164 ? parsed.e164 : "", local };
}

/** Email in normal form (see normalizeEmail), or "" when the text is not address-shaped. */
export function normaliseEmailForMatching(raw: string | null | undefined): string {
  if (!raw) return "";
  const e = normalizeEmail(raw);
  return e.includes("@") ? e : "";
}

/** Web domain without scheme, "www.", path or port: "https://www.Acme.com/about" → "acme.com". */
export function normaliseDomain(raw: string | null | undefined): string {
  if (!raw) return "";
  const domain = raw
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, "")
    .replace(/^www[0-9]?\./, "")
    // "s": "." takes line breaks too, so a cell with many "/" and a line break is not
    // rescanned from each of them.
    .replace(/[/:?#].*$/s, "")
    .replace(/\.$/, "");
  // Free-text cells ("No", "n/a", "see notes") are not domains.
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain) ? domain : "";
}

/** Only the digits of a date ("2015-10-29" → "20151029"), so formats compare equal. */
export function normaliseDate(raw: string | null | undefined): string {
  if (!raw) return "";
  return raw.replace(/[^0-9]/g, "");
}

/** Identifier in normal form: letters and digits only, upper case. */
export function normaliseIdentifier(raw: string | null | undefined): string {
  if (!raw) return "";
  return raw.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

export { canonicalGivenName } from "./nicknames.js";

// Local parts of shared mailboxes: a team's or a function's address, not one person's.
const GENERIC_MAILBOXES = new Set([
  "info", "sales", "office", "contact", "hello", "admin", "support", "team", "service", "help", "enquiries",
  "inquiries", "marketing", "billing", "accounts", "finance", "hr", "jobs", "careers", "mail", "general",
  "reception", "post", "kontakt", "contacto", "contatto", "vertrieb", "verkauf", "buero", "empfang", "bonjour",
  "ventes", "ventas", "noreply", "no-reply", "webmaster", "orders", "booking", "bookings", "press", "media",
]); // prettier-ignore

/** Whether a normalised email is a shared mailbox ("info@acme.com", "sales@…"). */
export function isGenericMailbox(email: string): boolean {
  const at = email.indexOf("@");
  return at > 0 && GENERIC_MAILBOXES.has(email.slice(0, at));
}

// Free mail providers: an address there says nothing about the person's employer.
const FREE_MAIL = new Set([
  "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "yahoo.es", "ymail.com",
  "hotmail.com", "hotmail.co.uk", "hotmail.fr", "hotmail.de", "outlook.com", "live.com", "msn.com", "aol.com",
  "icloud.com", "me.com", "mac.com", "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "web.de", "t-online.de",
  "freenet.de", "orange.fr", "free.fr", "laposte.net", "sfr.fr", "wanadoo.fr", "btinternet.com", "sky.com",
  "libero.it", "virgilio.it", "tiscali.it", "proton.me", "protonmail.com", "yandex.ru", "mail.ru", "bigpond.com",
  "optusnet.com.au", "telenet.be", "ziggo.nl", "kpnmail.nl", "home.nl", "seznam.cz", "wp.pl", "o2.pl",
  "onet.pl", "interia.pl", "bluewin.ch", "hispeed.ch", "online.no", "telia.com", "comcast.net", "att.net",
  "verizon.net", "qq.com", "163.com", "naver.com",
]); // prettier-ignore

/**
 * The domain of a normalised email when it is an organisation's own (not a free mail provider),
 * and shaped like a domain; "" otherwise. Two such domains that differ point at two employers.
 */
export function organisationEmailDomain(email: string): string {
  const at = email.indexOf("@");
  if (at <= 0) return "";
  const domain = email.slice(at + 1);
  if (FREE_MAIL.has(domain) || domain.startsWith("yahoo.") || domain.startsWith("hotmail.")) return "";
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain) ? domain : "";
}
