/**
 * Writes two realistic CRM exports with a labelled ground truth (docs/evaluation.md):
 *
 *   <out>/hubspot/      hubspot-crm-exports-all-{companies,contacts,deals}-<date>.csv, HubSpot's
 *                       default column labels (as in test/fixtures/import/hubspot/)
 *   <out>/salesforce/   User, Profile, Account, Contact, Opportunity, Task, Event .csv with API
 *                       field names (as in test/fixtures/import/salesforce/)
 *   <out>/ground-truth.json
 *
 * Each export has a few hundred clean records, planted real defects (labelled `finding`) and
 * the shapes that real exports have but a naive audit misreads (labelled `no-finding` or
 * `not-measured`). The same seed and as-of instant always give the same bytes.
 */
import fs from "node:fs";
import path from "node:path";
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import { Rng } from "../../src/core/sample/prng.js";
import { ENTITIES, type Entity, type Expected, type GroundTruth, type Label, type SourceTruth } from "./model.js";

export const DEFAULT_SEED = 2026;
/** Noon UTC, so "the as-of day" and "due today" differ from the instant. */
export const DEFAULT_AS_OF = Date.UTC(2026, 4, 1, 12, 0, 0);

const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Formatting

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
function ymd(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}
/** HubSpot's export format: `2026-05-01 14:30` (portal time zone, read as UTC). */
const hsDate = (ms: number | null) => (ms === null ? "" : `${ymd(ms)} ${new Date(ms).toISOString().slice(11, 16)}`);
/** Salesforce date-times: `2026-05-01T14:30:00.000Z`. */
const sfDateTime = (ms: number | null) => (ms === null ? "" : new Date(Math.floor(ms / 1000) * 1000).toISOString());
/** Salesforce date fields (CloseDate, ActivityDate, LastActivityDate): `2026-05-01`. */
const sfDate = (ms: number | null) => (ms === null ? "" : ymd(ms));
/** 00:00 UTC of the day of `ms`. */
const dayStart = (ms: number) => Math.floor(ms / DAY) * DAY;

/** Every value quoted, as both CRMs write their exports. */
function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(",");
  return [line(header), ...rows.map(line)].join("\r\n") + "\r\n";
}

function asciiLocal(text: string): string {
  return text
    .replaceAll("ß", "ss")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "");
}

/** The id the HubSpot preset derives for an owner named without an e-mail (docs/import.md). */
export function hubspotOwnerId(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-|-$/g, "");
  return `owner:${slug}`;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const words = (text: string): string[] => text.split(" ");
/** Column lists and labels that contain spaces. */
const cols = (text: string): string[] => text.split("|");

interface Country {
  code: "US" | "DE" | "GB" | "FR";
  name: string;
  currency: string;
  suffixes: readonly string[];
  places: readonly (readonly [city: string, state: string, postcode: string])[];
  streets: readonly string[];
  first: readonly string[];
  last: readonly string[];
}

const COUNTRIES: readonly Country[] = [
  {
    code: "US",
    name: "United States",
    currency: "USD",
    suffixes: ["Inc.", "LLC", "Corp."],
    places: [
      ["San Francisco", "California", "94105"],
      ["Austin", "Texas", "78701"],
      ["Chicago", "Illinois", "60601"],
      ["Boston", "Massachusetts", "02110"],
      ["Seattle", "Washington", "98101"],
      ["Denver", "Colorado", "80202"],
    ],
    streets: ["Market St", "Main St", "Congress Ave", "Wacker Dr", "Pine St", "Larimer St", "Boylston St"],
    first: words(
      "James Mary Robert Patricia Michael Jennifer David Linda William Susan Thomas Karen Daniel Nancy " +
        "Matthew Lisa Anthony Emily Mark Ashley Steven Kimberly Andrew Donna Joshua Michelle Kevin Laura " +
        "Brian Amanda",
    ),
    last: words(
      "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez " +
        "Wilson Anderson Taylor Moore Jackson Martin Lee Thompson White Harris Clark Lewis Walker Hall " +
        "Young Allen King Wright",
    ),
  },
  {
    code: "DE",
    name: "Germany",
    currency: "EUR",
    suffixes: ["GmbH", "AG", "GmbH & Co. KG"],
    places: [
      ["Berlin", "Berlin", "10115"],
      ["München", "Bayern", "80331"],
      ["Hamburg", "Hamburg", "20095"],
      ["Köln", "Nordrhein-Westfalen", "50667"],
    ],
    streets: ["Hauptstraße", "Bahnhofstraße", "Lindenallee", "Schillerstraße", "Gartenweg"],
    first: words(
      "Lukas Anna Jonas Lea Felix Hannah Maximilian Sophie Paul Marie Tobias Katharina Florian Julia " +
        "Sebastian Laura Moritz Lena Jan Sarah",
    ),
    last: words(
      "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein " +
        "Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger",
    ),
  },
  {
    code: "GB",
    name: "United Kingdom",
    currency: "GBP",
    suffixes: ["Ltd", "plc", "Limited"],
    places: [
      ["London", "England", "EC1A 1BB"],
      ["Manchester", "England", "M1 1AE"],
      ["Leeds", "England", "LS1 4AP"],
    ],
    streets: ["High Street", "Station Road", "Kingsway", "Church Lane", "Victoria Road"],
    first: words(
      "Oliver Amelia George Isla Harry Ava Jack Mia Charlie Grace Alfie Freya Oscar Poppy Archie Evie " +
        "Henry Ella Leo Ruby",
    ),
    last: words(
      "Taylor Evans Thomas Roberts Walsh Hughes Edwards Green Wood Hill Turner Cooper Ward Morris " +
        "Bennett Carter Phillips Shaw Price Lloyd",
    ),
  },
  {
    code: "FR",
    name: "France",
    currency: "EUR",
    suffixes: ["SAS", "SA", "SARL"],
    places: [
      ["Paris", "Île-de-France", "75002"],
      ["Lyon", "Auvergne-Rhône-Alpes", "69002"],
      ["Toulouse", "Occitanie", "31000"],
    ],
    streets: ["Rue de la Paix", "Avenue Foch", "Rue Nationale", "Boulevard Voltaire", "Rue du Commerce"],
    first: words(
      "Gabriel Louise Raphaël Jade Arthur Emma Louis Alice Jules Chloé Hugo Léa Lucas Manon Nathan " +
        "Camille Théo Inès Tom Zoé",
    ),
    last: ["Martin", "Bernard", "Dubois", "Durand", "Lefebvre", "Moreau", "Laurent", "Simon", "Michel", "Leroy"].concat(
      ["Roux", "David", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine"],
    ),
  },
];
const COUNTRY_WEIGHTS = [50, 20, 15, 15];
const EU_LIKE = new Set(["DE", "GB", "FR"]);

/** Given names and the short forms people use for them (only names the pools above contain). */
const NICKNAMES: Record<string, string> = {
  Robert: "Bob",
  William: "Bill",
  Michael: "Mike",
  Thomas: "Tom",
  Daniel: "Dan",
  Matthew: "Matt",
  Anthony: "Tony",
  Steven: "Steve",
  Andrew: "Andy",
  Joshua: "Josh",
  Kimberly: "Kim",
  Patricia: "Patty",
  Katharina: "Kathi",
  Maximilian: "Max",
  Sebastian: "Basti",
};

const NAME_HEADS = words(
  "Nor Vel Cas Bri Tal Mar Quin Sol Dra Fen Hal Lum Ora Pex Ros Sel Tor Ul Var Wes Zen Kor Lan Mir " + "Ost Pra Syl",
);
const NAME_TAILS = ["tex", "gard", "mont", "ora", "line", "bridge", "field", "crest", "vale", "wick", "dale", "ton"];
const INDUSTRIES = cols(
  "Computer Software|Machinery|Logistics and Supply Chain|Retail|Hospital & Health Care|" +
    "Financial Services|Telecommunications|Construction|Food & Beverages|Automotive",
);
const TITLES = cols(
  "Head of Purchasing|VP Engineering|Office Manager|CFO|IT Director|Buyer|Operations Manager|" +
    "Sales Director|Procurement Lead|CTO|Marketing Manager",
);

/** Tracks used values so names, phones and ids never collide by accident (which would look like duplicates). */
class Unique {
  private readonly seen = new Set<string>();
  take(make: () => string, accept: (v: string) => boolean = () => true): string {
    for (let i = 0; i < 10_000; i++) {
      const v = make();
      if (!this.seen.has(v) && accept(v)) {
        this.seen.add(v);
        return v;
      }
    }
    throw new Error("generator ran out of unique values");
  }
  has(v: string): boolean {
    return this.seen.has(v);
  }
}

function isValidPhone(text: string, country?: string): boolean {
  const parsed = parsePhoneNumberFromString(text, country ? { defaultCountry: country as CountryCode } : undefined);
  return parsed?.isValid() ?? false;
}

const US_AREAS = ["212", "415", "312", "617", "206", "512", "202", "303", "404", "503", "602", "713", "818", "919"];

/** Phone numbers: valid for their country, never the same twice (a shared phone is duplicate evidence). */
class Phones {
  private readonly used = new Unique();
  constructor(private readonly rng: Rng) {}

  /** International form with the country code. */
  international(country: Country["code"]): string {
    const r = this.rng;
    const make: Record<Country["code"], () => string> = {
      US: () => `+1 ${r.pick(US_AREAS)} 555 01${r.digits(2)}`,
      DE: () => `+49 ${r.pick(["30", "89", "40"])} ${r.digits(4)} ${r.digits(3)}`,
      GB: () => `+44 20 7${r.digits(3)} ${r.digits(4)}`,
      FR: () => `+33 1 ${r.digits(2)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
    };
    return this.used.take(make[country], (v) => isValidPhone(v) && this.fresh(v));
  }

  /** A US number as US users type it: no country code. Valid when read as US. */
  usNational(): string {
    const r = this.rng;
    return this.used.take(
      () => `(${r.pick(US_AREAS)}) 555-01${r.digits(2)}`,
      (v) => isValidPhone(v, "US") && this.fresh(v),
    );
  }

  /** A number with a country code that is too short to be real. */
  invalid(country: Country["code"]): string {
    const r = this.rng;
    const make: Record<Country["code"], () => string> = {
      US: () => `+1 ${r.pick(US_AREAS)} 555`,
      DE: () => `+49 30 ${r.digits(2)}`,
      GB: () => `+44 20 79${r.digits(2)}`,
      FR: () => `+33 1 ${r.digits(2)}`,
    };
    return this.used.take(make[country], (v) => !isValidPhone(v));
  }

  // The same number written two ways is the same number: compare digits.
  private readonly digitsSeen = new Set<string>();
  private fresh(v: string): boolean {
    const e164 = parsePhoneNumberFromString(v, { defaultCountry: "US" })?.number ?? v;
    if (this.digitsSeen.has(e164)) return false;
    this.digitsSeen.add(e164);
    return true;
  }
}

// ---------------------------------------------------------------------------------------------
// Shared building blocks

interface Company {
  id: string;
  name: string;
  base: string;
  domain: string;
  country: Country;
  city: string;
  state: string;
  postcode: string;
  street: string;
  phone: string;
  owner: string;
  industry: string;
  created: number;
  modified: number;
}

interface Person {
  id: string;
  first: string;
  last: string;
  email: string;
  phone: string;
  company: Company | null;
  /** Country as written in the export ("United States", "" …). */
  countryName: string;
  city: string;
  state: string;
  owner: string;
  title: string;
  lifecycle: string;
  created: number;
  modified: number;
  lastActivity: number | null;
  optedOut: boolean;
  /** Set once a plant changed this record: it gets no second plant. */
  planted: boolean;
}

class Truth {
  readonly labels: Label[] = [];
  readonly records: Record<Entity, string[]> = Object.fromEntries(ENTITIES.map((e) => [e, []])) as unknown as Record<
    Entity,
    string[]
  >;
  label(checkId: string, recordId: string, expected: Expected, kind: string): void {
    this.labels.push({ checkId, recordId, expected, kind });
  }
  pair(checkId: string, a: string, b: string, expected: Expected, kind: string): void {
    const pair = [a, b].sort() as [string, string];
    this.labels.push({ checkId, pair, expected, kind });
  }
  source(preset: SourceTruth["preset"], notMeasurable: Record<string, string>): SourceTruth {
    for (const e of ENTITIES) this.records[e].sort();
    return { preset, folder: preset, notMeasurable, records: this.records, labels: this.labels };
  }
}

/** Picks records for plants: random, each at most once. */
function picker<T extends { planted: boolean }>(rng: Rng, items: T[]) {
  return (n: number, accept: (item: T) => boolean = () => true): T[] => {
    const candidates = items.filter((i) => !i.planted && accept(i));
    const out: T[] = [];
    while (out.length < n && candidates.length > 0) {
      const [item] = candidates.splice(rng.int(candidates.length), 1);
      item!.planted = true;
      out.push(item!);
    }
    if (out.length < n) throw new Error(`generator: only ${out.length} of ${n} records to plant on`);
    return out;
  };
}

function makeCompanies(
  rng: Rng,
  n: number,
  nextId: () => string,
  owners: readonly string[],
  phones: Phones,
  asOf: number,
): Company[] {
  const names = new Unique();
  const out: Company[] = [];
  for (let i = 0; i < n; i++) {
    const country = rng.weighted(COUNTRIES, COUNTRY_WEIGHTS);
    const base = names.take(() => rng.pick(NAME_HEADS) + rng.pick(NAME_TAILS));
    const [city, state, postcode] = rng.pick(country.places);
    out.push({
      id: nextId(),
      name: `${base} ${rng.pick(country.suffixes)}`,
      base,
      domain: `${base.toLowerCase()}.example`,
      country,
      city,
      state,
      postcode,
      street: `${rng.between(1, 240)} ${rng.pick(country.streets)}`,
      phone: phones.international(country.code),
      owner: rng.pick(owners),
      industry: rng.pick(INDUSTRIES),
      created: asOf - rng.between(400, 1200) * DAY - rng.int(DAY),
      modified: asOf - rng.between(2, 60) * DAY - rng.int(DAY),
    });
  }
  return out;
}

function makePeople(
  rng: Rng,
  companies: readonly Company[],
  perCompany: [number, number],
  nextId: () => string,
  phones: Phones,
  lifecycles: readonly string[],
  names: Unique,
  asOf: number,
): Person[] {
  const out: Person[] = [];
  for (const company of companies) {
    const count = rng.between(...perCompany);
    for (let i = 0; i < count; i++) out.push(makePerson(rng, company, nextId(), phones, lifecycles, names, asOf));
  }
  return out;
}

function makePerson(
  rng: Rng,
  company: Company,
  id: string,
  phones: Phones,
  lifecycles: readonly string[],
  names: Unique,
  asOf: number,
): Person {
  const c = company.country;
  let first = "";
  let last = "";
  // First and last name unique across the export: a namesake is a planted trap, never an accident.
  names.take(() => {
    first = rng.pick(c.first);
    last = rng.pick(c.last);
    return `${first} ${last}`.toLowerCase();
  });
  return {
    id,
    first,
    last,
    email: `${asciiLocal(first)}.${asciiLocal(last)}@${company.domain}`,
    phone: phones.international(c.code),
    company,
    countryName: c.name,
    city: company.city,
    state: company.state,
    owner: company.owner,
    title: rng.pick(TITLES),
    lifecycle: rng.pick(lifecycles),
    created: asOf - rng.between(120, 900) * DAY - rng.int(DAY),
    modified: asOf - rng.between(1, 90) * DAY - rng.int(DAY),
    lastActivity: rng.chance(0.7) ? asOf - rng.between(1, 60) * DAY - rng.int(DAY) : null,
    optedOut: false,
    planted: false,
  };
}

/** Plants shared by both CRMs on contacts; `people` grows by the duplicates and look-alikes. */
function plantContacts(
  rng: Rng,
  people: Person[],
  companies: readonly Company[],
  truth: Truth,
  phones: Phones,
  names: Unique,
  nextId: () => string,
  asOf: number,
  n: { missingBoth: number; invalidPhone: number; usBlank: number; usNamed: number; invalidEmail: number },
): void {
  const take = picker(rng, people);
  for (const p of take(n.missingBoth)) {
    p.email = "";
    p.phone = "";
    truth.label("contact.missing-email-and-phone", p.id, "finding", "no-email-no-phone");
  }
  for (const p of take(n.invalidPhone)) {
    p.phone = phones.invalid(p.company!.country.code);
    truth.label("contact.invalid-phone", p.id, "finding", "invalid-number-with-country-code");
  }
  // US numbers without a country code, the contact's country blank, its company in the US.
  for (const p of take(n.usBlank, (p) => p.company?.country.code === "US")) {
    p.phone = phones.usNational();
    p.countryName = "";
    truth.label("contact.invalid-phone", p.id, "no-finding", "us-number-blank-country-us-company");
  }
  // The same, with the country written out in the ways exports write it.
  const variants = ["United States", "USA", "U.S.", "United States of America"];
  for (const [i, p] of take(n.usNamed, (p) => p.company?.country.code === "US").entries()) {
    p.phone = phones.usNational();
    p.countryName = variants[i % variants.length]!;
    const slug = p.countryName
      .toLowerCase()
      .replace(/[^a-z]+/g, "-")
      .replace(/-$/, "");
    truth.label("contact.invalid-phone", p.id, "no-finding", `us-number-country-${slug}`);
  }
  const badEmails = [
    (p: Person) => `${asciiLocal(p.first)}.${asciiLocal(p.last)}@@${p.company!.domain}`,
    (p: Person) => `${asciiLocal(p.first)}.${asciiLocal(p.last)}@${p.company!.base.toLowerCase()}`,
    (p: Person) => `${asciiLocal(p.first)} ${asciiLocal(p.last)}@${p.company!.domain}`,
    (p: Person) => `${asciiLocal(p.first)}.${asciiLocal(p.last)}.${p.company!.domain}`,
  ];
  for (const [i, p] of take(n.invalidEmail, (p) => p.company !== null).entries()) {
    p.email = badEmails[i % badEmails.length]!(p);
    truth.label("contact.invalid-email", p.id, "finding", "malformed-email");
  }
  // Not touched for more than a year; the oldest beyond the three-year retention.
  for (const [i, p] of take(7).entries()) {
    const retention = i < 2;
    p.created = asOf - (retention ? 1900 : 1000) * DAY;
    p.modified = asOf - (retention ? rng.between(1150, 1500) : rng.between(400, 900)) * DAY;
    p.lastActivity = rng.chance(0.5) ? p.modified : null;
    truth.label("contact.stale", p.id, "finding", "untouched-over-a-year");
    if (retention) truth.label("contact.retention-exceeded", p.id, "finding", "untouched-over-three-years");
  }

  // Real duplicates: a second record of the same person at the same company.
  const copy = (p: Person, kind: string, changes: Partial<Person>): Person => {
    const twin: Person = {
      ...p,
      id: nextId(),
      created: asOf - rng.between(5, 100) * DAY,
      modified: asOf - rng.between(1, 5) * DAY,
      planted: true,
      ...changes,
    };
    people.push(twin);
    truth.pair("contact.duplicate", p.id, twin.id, "finding", kind);
    return twin;
  };
  const originals = take(6, (p) => p.company !== null && p.email !== "" && p.phone !== "");
  copy(originals[0]!, "same-email-other-case", { email: originals[0]!.email.toUpperCase(), phone: "" });
  copy(originals[1]!, "same-email-other-case", { email: originals[1]!.email.toUpperCase(), phone: "" });
  copy(originals[2]!, "same-name-same-phone", { email: "", title: "" });
  copy(originals[3]!, "same-name-same-phone", { email: "" });
  copy(originals[4]!, "same-email-new-phone", { phone: phones.international(originals[4]!.company!.country.code) });
  copy(originals[5]!, "same-email-name-in-capitals", { first: originals[5]!.first.toUpperCase(), phone: "" });

  // Namesakes: same first and last name at another company (another domain, another phone).
  for (const p of take(6, (p) => p.company !== null)) {
    const other = rng.pick(companies.filter((c) => c !== p.company && c.country === p.company!.country));
    const namesake: Person = {
      ...makePerson(rng, other, nextId(), phones, [p.lifecycle], names, asOf),
      first: p.first,
      last: p.last,
      planted: true,
    };
    namesake.email = `${asciiLocal(p.first)}.${asciiLocal(p.last)}@${other.domain}`;
    people.push(namesake);
    truth.pair("contact.duplicate", p.id, namesake.id, "no-finding", "namesake-at-another-company");
  }
  // The same person under a nickname at the same company, with no e-mail or phone in common.
  const nickname = (p: Person) => NICKNAMES[p.first];
  const free = (p: Person) => !names.has(`${nickname(p)} ${p.last}`.toLowerCase());
  for (const p of take(3, (p) => p.company !== null && nickname(p) !== undefined && free(p))) {
    const first = nickname(p)!;
    names.take(() => `${first} ${p.last}`.toLowerCase());
    const twin: Person = {
      ...p,
      id: nextId(),
      first,
      email: `${asciiLocal(first)}.${asciiLocal(p.last)}@${p.company!.domain}`,
      phone: "",
      created: asOf - rng.between(5, 100) * DAY,
      modified: asOf - rng.between(1, 5) * DAY,
      planted: true,
    };
    people.push(twin);
    truth.pair("contact.duplicate", p.id, twin.id, "finding", "nickname-same-company");
  }
  // Colleagues who both give the company's generic mailbox.
  for (const company of rng.pick([companies.slice(0, 10), companies.slice(10, 20)]).slice(0, 2)) {
    const a = makePerson(rng, company, nextId(), phones, ["Lead"], names, asOf);
    const b = makePerson(rng, company, nextId(), phones, ["Lead"], names, asOf);
    a.email = `info@${company.domain}`;
    b.email = `info@${company.domain}`;
    a.planted = b.planted = true;
    people.push(a, b);
    truth.pair("contact.duplicate", a.id, b.id, "no-finding", "colleagues-sharing-info-mailbox");
  }
}

/** When a deal created at `created` closed: a day or more later, at least five days before T. */
function closingTime(rng: Rng, created: number, asOf: number): number {
  const days = Math.max(1, Math.floor((asOf - 5 * DAY - created) / DAY));
  return created + rng.between(1, days) * DAY + rng.int(DAY / 2);
}

/** A second record of a company: the same domain under a variant of its name. */
function companyTwin(company: Company, id: string, name: string, asOf: number): Company {
  return { ...company, id, name, created: asOf - 30 * DAY, modified: asOf - 3 * DAY };
}

// ---------------------------------------------------------------------------------------------
// HubSpot

const HS_OWNERS = cols(
  "Sarah Chen|Marcus Lee|Julia Becker|Tom Fischer|Priya Nair|Owen Hughes|Camille Roux|Daniel Ortiz",
);
const HS_LIFECYCLE = ["Lead", "Marketing Qualified Lead", "Sales Qualified Lead", "Opportunity", "Customer"];
const HS_STAGES_OPEN = cols(
  "Appointment Scheduled|Qualified To Buy|Presentation Scheduled|Decision Maker Bought-In|" + "Contract Sent",
);
const LOST_REASONS = ["Chose a competitor", "No budget", "Timing", "No decision", "Price"];

interface HsDeal {
  id: string;
  name: string;
  pipeline: string;
  stage: string;
  close: number | null;
  owner: string;
  amount: string;
  created: number;
  modified: number;
  lastActivity: number | null;
  type: string;
  company: Company;
  contact: Person | null;
  lostReason: string;
  stageEntered: number;
  planted: boolean;
}

function hubspotAmount(rng: Rng): string {
  const value = rng.between(20, 900) * 250;
  return rng.pick([String(value), value.toLocaleString("en-US"), `$${value.toLocaleString("en-US")}.00`]);
}

function generateHubspot(rng: Rng, asOf: number, dir: string): SourceTruth {
  const truth = new Truth();
  const phones = new Phones(rng.fork(1));
  const names = new Unique();
  let companySeq = 18_317_564_300;
  let contactSeq = 51_200;
  let dealSeq = 9_000_100;
  const companies = makeCompanies(rng, 55, () => String(++companySeq), HS_OWNERS, phones, asOf);
  const people = makePeople(rng, companies, [3, 6], () => String(++contactSeq), phones, HS_LIFECYCLE, names, asOf);
  plantContacts(rng, people, companies, truth, phones, names, () => String(++contactSeq), asOf, {
    missingBoth: 5,
    invalidPhone: 5,
    usBlank: 8,
    usNamed: 8,
    invalidEmail: 4,
  });
  const take = picker(rng, people);
  for (const p of take(4)) {
    p.owner = "";
    truth.label("contact.missing-owner", p.id, "finding", "no-owner");
  }
  for (const p of take(4)) {
    p.company = null;
    truth.label("contact.missing-company", p.id, "finding", "no-company");
  }
  for (const p of take(4)) {
    p.lifecycle = "";
    truth.label("contact.missing-lifecycle-stage", p.id, "finding", "no-lifecycle-stage");
  }
  // Two companies entered twice.
  const twins = [
    companyTwin(companies[3]!, String(++companySeq), companies[3]!.base, asOf),
    companyTwin(companies[7]!, String(++companySeq), companies[7]!.name.toUpperCase(), asOf),
  ];
  truth.pair("company.duplicate", companies[3]!.id, twins[0]!.id, "finding", "same-domain-name-variant");
  truth.pair("company.duplicate", companies[7]!.id, twins[1]!.id, "finding", "same-domain-name-variant");
  const allCompanies = [...companies, ...twins];

  // The export has no consent column: EU and UK contacts cannot be judged.
  for (const p of people) {
    const code = countryOfName(p.countryName);
    if (code && EU_LIKE.has(code)) truth.label("contact.missing-consent", p.id, "not-measured", "no-consent-column");
  }

  // Deals
  const deals: HsDeal[] = [];
  const peopleAt = new Map<Company, Person[]>();
  for (const p of people) if (p.company) peopleAt.set(p.company, [...(peopleAt.get(p.company) ?? []), p]);
  for (const company of companies) {
    for (let i = rng.between(1, 3); i > 0; i--) {
      const status = rng.weighted(["open", "won", "lost"], [55, 25, 20]);
      const created = asOf - rng.between(40, 300) * DAY - rng.int(DAY);
      const closed = status === "open" ? null : closingTime(rng, created, asOf);
      const contact = rng.pick(peopleAt.get(company) ?? [null]);
      deals.push({
        id: String(++dealSeq),
        name: `${company.base} – ${rng.pick(["platform", "pilot", "expansion", "renewal", "services", "licences"])}`,
        pipeline: "Sales Pipeline",
        stage: status === "open" ? rng.pick(HS_STAGES_OPEN) : status === "won" ? "Closed Won" : "Closed Lost",
        close: closed === null ? dayStart(asOf + rng.between(5, 120) * DAY) : dayStart(closed),
        owner: company.owner,
        amount: hubspotAmount(rng),
        created,
        modified: closed === null ? asOf - rng.between(1, 20) * DAY : closed + DAY,
        lastActivity: closed === null ? asOf - rng.between(1, 25) * DAY - rng.int(DAY) : closed - DAY,
        type: rng.pick(["newbusiness", "existingbusiness"]),
        company,
        contact,
        lostReason: status === "lost" ? rng.pick(LOST_REASONS) : "",
        stageEntered: closed ?? Math.max(created, asOf - rng.between(5, 50) * DAY),
        planted: false,
      });
    }
  }
  const takeDeal = picker(rng, deals);
  const isOpen = (d: HsDeal) => d.stage !== "Closed Won" && d.stage !== "Closed Lost";
  for (const d of takeDeal(6, isOpen)) {
    d.close = dayStart(asOf - rng.between(10, 40) * DAY);
    d.lastActivity = asOf - rng.between(45, 80) * DAY;
    d.modified = d.lastActivity;
    truth.label("deal.past-close-date", d.id, "finding", "past-close-date-no-activity");
  }
  for (const d of takeDeal(5, isOpen)) {
    d.lastActivity = rng.chance(0.5) ? null : asOf - rng.between(40, 90) * DAY;
  }
  for (const d of takeDeal(4, isOpen)) {
    d.amount = "";
    truth.label("deal.missing-amount", d.id, "finding", "no-amount");
  }
  for (const d of takeDeal(3, isOpen)) {
    d.close = null;
    truth.label("deal.missing-close-date", d.id, "finding", "no-close-date");
  }
  for (const d of takeDeal(3, isOpen)) {
    d.owner = "";
    truth.label("deal.missing-owner", d.id, "finding", "no-owner");
  }
  for (const d of takeDeal(4, isOpen)) {
    d.stageEntered = asOf - rng.between(70, 150) * DAY;
    truth.label("deal.stuck-in-stage", d.id, "finding", "stuck-in-stage");
  }
  for (const d of takeDeal(4, (d) => d.stage === "Closed Lost")) {
    d.lostReason = "";
    truth.label("deal.lost-without-reason", d.id, "finding", "lost-without-reason");
  }
  for (const d of takeDeal(2, (d) => d.stage === "Closed Won")) {
    d.close = dayStart(d.created - 30 * DAY);
    truth.label("deal.closed-before-created", d.id, "finding", "closed-before-created");
  }
  // Closed on the day it was created: the close date is a date (00:00), the creation a time.
  for (const d of takeDeal(3, (d) => d.stage === "Closed Won")) {
    d.created = dayStart(asOf - rng.between(20, 80) * DAY) + rng.between(9, 17) * 3_600_000;
    d.close = dayStart(d.created);
    d.modified = d.created + 3_600_000;
    d.stageEntered = d.created;
    truth.label("deal.closed-before-created", d.id, "no-finding", "closed-on-creation-day");
  }
  // A renewals pipeline whose closed stages are called Renewed and Churned.
  for (const [i, company] of rng
    .pick([companies.slice(0, 20), companies.slice(20, 40)])
    .slice(0, 10)
    .entries()) {
    const stage = i < 4 ? "Renewed" : i < 7 ? "Churned" : "Renewal Due";
    const closedAgo = rng.between(10, 60);
    const d: HsDeal = {
      id: String(++dealSeq),
      name: `${company.base} – annual renewal`,
      pipeline: "Renewals",
      stage,
      close: dayStart(stage === "Renewal Due" ? asOf + rng.between(10, 60) * DAY : asOf - closedAgo * DAY),
      owner: company.owner,
      amount: hubspotAmount(rng),
      created: asOf - rng.between(150, 300) * DAY,
      modified: stage === "Renewal Due" ? asOf - 2 * DAY : asOf - closedAgo * DAY,
      lastActivity: stage === "Renewal Due" ? asOf - rng.between(1, 20) * DAY : asOf - (closedAgo + 5) * DAY,
      type: "existingbusiness",
      company,
      contact: null,
      lostReason: stage === "Churned" ? rng.pick(["Budget cut", "Moved to a competitor", "Company acquired"]) : "",
      stageEntered: stage === "Renewal Due" ? asOf - rng.between(5, 40) * DAY : asOf - (closedAgo + 61) * DAY,
      planted: true,
    };
    deals.push(d);
    if (stage !== "Renewal Due") {
      const kind = `closed-stage-${stage.toLowerCase()}`;
      for (const check of ["deal.past-close-date", "deal.no-recent-activity", "deal.stuck-in-stage"])
        truth.label(check, d.id, "no-finding", kind);
    }
  }
  // Open deals: HubSpot's own Last Activity Date is the evidence (the export has no activities).
  for (const d of deals) {
    if (!["Closed Won", "Closed Lost", "Renewed", "Churned"].includes(d.stage)) {
      const recent = d.lastActivity !== null && d.lastActivity >= asOf - 30 * DAY;
      truth.label(
        "deal.no-recent-activity",
        d.id,
        recent ? "no-finding" : "finding",
        recent ? "last-activity-date-recent" : "no-activity-for-30-days",
      );
    }
  }

  // Owners become users without any login or activity data.
  const owners = new Set<string>();
  for (const r of [...allCompanies, ...people, ...deals]) if (r.owner) owners.add(r.owner);
  for (const owner of [...owners].sort()) {
    const id = hubspotOwnerId(owner);
    truth.records.users.push(id);
    for (const check of ["user.inactive", "user.dormant", "user.no-recent-activity"])
      truth.label(check, id, "not-measured", "owner-without-login-data");
  }
  truth.records.companies.push(...allCompanies.map((c) => c.id));
  truth.records.contacts.push(...people.map((p) => p.id));
  truth.records.deals.push(...deals.map((d) => d.id));

  const stamp = ymd(asOf);
  const file = (object: string) => path.join(dir, `hubspot-crm-exports-all-${object}-${stamp}.csv`);
  fs.writeFileSync(
    file("companies"),
    toCsv(
      cols(
        "Record ID|Company name|Company owner|Create Date|Phone Number|Last Activity Date|City|" +
          "Country/Region|Industry|Company Domain Name|Lifecycle Stage|Last Modified Date|Street Address|" +
          "Postal Code|State/Region|Number of Employees",
      ),
      allCompanies.map((c) => [
        c.id,
        c.name,
        c.owner,
        hsDate(c.created),
        c.phone,
        hsDate(c.modified),
        c.city,
        c.country.name,
        c.industry,
        c.domain,
        "Customer",
        hsDate(c.modified),
        c.street,
        c.postcode,
        c.state,
        String(10 * (1 + (Number(c.id) % 90))),
      ]),
    ),
  );
  fs.writeFileSync(
    file("contacts"),
    toCsv(
      cols(
        "Record ID|First Name|Last Name|Email|Phone Number|Mobile Phone Number|Contact owner|" +
          "Primary Associated Company ID|Associated Company IDs|Associated Company|Job Title|" +
          "Lifecycle Stage|Lead Status|Marketing contact status|Country/Region|State/Region|City|" +
          "Create Date|Last Modified Date|Last Activity Date",
      ),
      people.map((p) => [
        p.id,
        p.first,
        p.last,
        p.email,
        p.phone,
        "",
        p.owner,
        p.company?.id ?? "",
        p.company?.id ?? "",
        p.company?.name ?? "",
        p.title,
        p.lifecycle,
        p.lifecycle === "Customer" ? "Connected" : "Open",
        "Marketing contact",
        p.countryName,
        p.countryName ? p.state : "",
        p.city,
        hsDate(p.created),
        hsDate(p.modified),
        hsDate(p.lastActivity),
      ]),
    ),
  );
  fs.writeFileSync(
    file("deals"),
    toCsv(
      cols(
        "Record ID|Deal Name|Pipeline|Deal Stage|Close Date|Deal owner|Amount|Create Date|" +
          "Last Modified Date|Last Activity Date|Deal Type|Associated Company IDs|Associated Contact IDs|" +
          "Closed Lost Reason|Currency|Date entered current stage",
      ),
      deals.map((d) => [
        d.id,
        d.name,
        d.pipeline,
        d.stage,
        hsDate(d.close),
        d.owner,
        d.amount,
        hsDate(d.created),
        hsDate(d.modified),
        hsDate(d.lastActivity),
        d.type,
        d.company.id,
        d.contact?.id ?? "",
        d.lostReason,
        d.company.country.currency,
        hsDate(d.stageEntered),
      ]),
    ),
  );
  return truth.source("hubspot", {
    "user.inactive": "HubSpot exports carry no login dates",
    "user.dormant": "HubSpot exports carry no login dates",
    "user.no-recent-activity": "the HubSpot export has no activities",
    "user.mfa-disabled": "HubSpot exports carry no MFA data",
    "user.shared-login": "HubSpot owners come without e-mail addresses",
    "user.too-many-admins": "HubSpot owners come without roles",
    "contact.missing-consent": "the contacts export has no consent column (Legal basis for processing contact's data)",
    "contact.contacted-after-withdrawal": "the export has no consent column and no activities",
    "activity.future-dated": "the HubSpot export has no activities",
    "task.overdue": "the HubSpot export has no tasks",
    "task.missing-due-date": "the HubSpot export has no tasks",
    "task.unassigned": "the HubSpot export has no tasks",
  });
}

function countryOfName(name: string): string | undefined {
  const n = name.trim().toLowerCase();
  return COUNTRIES.find((c) => c.name.toLowerCase() === n)?.code;
}

// ---------------------------------------------------------------------------------------------
// Salesforce

/** An 18-character Salesforce id with the object's key prefix. */
function sfId(prefix: string, n: number): string {
  return `${prefix}5g0000${n.toString(36).toUpperCase().padStart(6, "0")}AAV`;
}

interface SfUser {
  id: string;
  first: string;
  last: string;
  email: string;
  active: boolean;
  profile: string;
  userType: string;
  lastLogin: number | null;
  /** Logs activities (calls, meetings) in the export. */
  working: boolean;
}

interface SfOpp {
  id: string;
  account: Company;
  contact: Person | null;
  name: string;
  stage: string;
  amount: string;
  close: number;
  closed: boolean;
  won: boolean;
  owner: string;
  created: number;
  modified: number;
  lastActivity: number | null;
  stageChanged: number;
  reason: string;
  planted: boolean;
}

interface SfTask {
  id: string;
  who: string;
  what: string;
  account: string;
  subject: string;
  due: number | null;
  status: string;
  owner: string;
  closed: boolean;
  created: number;
  subtype: string;
  completed: number | null;
  type: string;
}

interface SfEvent {
  id: string;
  who: string;
  what: string;
  account: string;
  subject: string;
  start: number;
  owner: string;
  created: number;
}

const SF_OPEN_STAGES = ["Prospecting", "Qualification", "Needs Analysis", "Proposal/Price Quote", "Negotiation/Review"];

function generateSalesforce(rng: Rng, asOf: number, dir: string): SourceTruth {
  const truth = new Truth();
  const phones = new Phones(rng.fork(2));
  const names = new Unique();
  const seq = { user: 0, acc: 0, con: 0, opp: 0, task: 0, event: 0 };
  const profiles = {
    admin: "00e5g0000001AdmAAK",
    standard: "00e5g0000001StdAAK",
    integration: "00e5g0000001IntAAK",
    chatter: "00e5g0000001ChtAAK",
    security: "00e5g0000001SecAAK",
  };
  const user = (first: string, last: string, email: string, extra: Partial<SfUser>): SfUser => ({
    id: sfId("005", ++seq.user),
    first,
    last,
    email,
    active: true,
    profile: profiles.standard,
    userType: "Standard",
    lastLogin: asOf - rng.between(1, 5) * DAY - rng.int(DAY),
    working: true,
    ...extra,
  });
  const humans = [
    user("Sarah", "Chen", "sarah.chen@northwind.example", { profile: profiles.admin }),
    user("Marcus", "Lee", "marcus.lee@northwind.example", { profile: profiles.admin }),
    user("Ingrid", "Vogel", "ingrid.vogel@northwind.example", { profile: profiles.admin }),
    user("Tom", "Fischer", "tom.fischer@northwind.example", {}),
    user("Priya", "Nair", "priya.nair@northwind.example", {}),
    user("Owen", "Hughes", "owen.hughes@northwind.example", {}),
    user("Camille", "Roux", "camille.roux@northwind.example", {}),
    user("Daniel", "Ortiz", "daniel.ortiz@northwind.example", {}),
    user("Grace", "Okafor", "grace.okafor@northwind.example", {}),
  ];
  const salesTeam = user("Sales", "Team", "sales@northwind.example", {});
  const inactive = user("Lena", "Brandt", "lena.brandt@northwind.example", {
    lastLogin: asOf - 45 * DAY,
    working: false,
  });
  const dormant = [
    user("Victor", "Hale", "victor.hale@northwind.example", { lastLogin: asOf - 120 * DAY, working: false }),
    user("Nora", "Quist", "nora.quist@northwind.example", { lastLogin: null, working: false }),
  ];
  const deactivated = user("Paul", "Kern", "paul.kern@northwind.example", {
    active: false,
    lastLogin: asOf - 200 * DAY,
    working: false,
  });
  const system = [
    user("", "Automated Process", "autoproc@00d5g000004xyzaaa.example", {
      userType: "AutomatedProcess",
      lastLogin: null,
      working: false,
    }),
    user("Chatter", "Expert", "noreply@chatter.salesforce.com", {
      userType: "CsnOnly",
      profile: profiles.chatter,
      lastLogin: null,
      working: false,
    }),
    user("Security", "User", "insightssecurity@00d5g000004xyzaaa.example", {
      profile: profiles.security,
      lastLogin: null,
      working: false,
    }),
    user("Integration", "User", "integration@00d5g000004xyzaaa.example", {
      profile: profiles.integration,
      lastLogin: null,
      working: false,
    }),
  ];
  const users = [...humans, salesTeam, inactive, ...dormant, deactivated, ...system];
  const workers = users.filter((u) => u.working);
  truth.label("user.shared-login", salesTeam.id, "finding", "role-address-login");
  truth.label("user.inactive", inactive.id, "finding", "last-login-45-days-ago");
  truth.label("user.dormant", inactive.id, "no-finding", "last-login-45-days-ago");
  truth.label("user.no-recent-activity", inactive.id, "finding", "no-activity-30-days");
  for (const u of dormant) {
    truth.label("user.inactive", u.id, "finding", "dormant-seat");
    truth.label("user.dormant", u.id, "finding", "dormant-seat");
    truth.label("user.no-recent-activity", u.id, "finding", "no-activity-30-days");
  }
  for (const u of humans.slice(0, 3)) truth.label("user.too-many-admins", u.id, "finding", "three-admins");
  for (const u of system) {
    for (const check of ["user.inactive", "user.dormant", "user.no-recent-activity", "user.shared-login"])
      truth.label(check, u.id, "no-finding", "system-user");
  }

  // Accounts and contacts
  const ownerIds = workers.map((u) => u.id);
  const accounts = makeCompanies(rng, 42, () => sfId("001", ++seq.acc), ownerIds, phones, asOf);
  const people = makePeople(rng, accounts, [3, 5], () => sfId("003", ++seq.con), phones, [""], names, asOf);
  for (const p of people) {
    // Salesforce writes LastActivityDate as a date.
    if (p.lastActivity !== null) p.lastActivity = dayStart(p.lastActivity);
  }
  plantContacts(rng, people, accounts, truth, phones, names, () => sfId("003", ++seq.con), asOf, {
    missingBoth: 3,
    invalidPhone: 4,
    usBlank: 10,
    usNamed: 4,
    invalidEmail: 3,
  });
  for (const p of people) if (p.lastActivity !== null) p.lastActivity = dayStart(p.lastActivity);
  const take = picker(rng, people);
  for (const p of take(3)) {
    p.company = null;
    truth.label("contact.missing-company", p.id, "finding", "private-contact");
  }
  for (const p of take(6)) p.optedOut = true;
  const reachedAfterOptOut = take(2, (p) => p.email !== "");
  for (const p of reachedAfterOptOut) {
    p.optedOut = true;
    p.modified = asOf - 60 * DAY;
    truth.label("contact.contacted-after-withdrawal", p.id, "finding", "called-after-opt-out");
  }
  // Accounts entered twice, and a "The … Group" record at the same address without a website.
  const twins = [
    companyTwin(accounts[2]!, sfId("001", ++seq.acc), accounts[2]!.base, asOf),
    companyTwin(accounts[5]!, sfId("001", ++seq.acc), `${accounts[5]!.name} (old)`, asOf),
  ];
  truth.pair("company.duplicate", accounts[2]!.id, twins[0]!.id, "finding", "same-domain-name-variant");
  truth.pair("company.duplicate", accounts[5]!.id, twins[1]!.id, "finding", "same-domain-name-variant");
  const group = { ...companyTwin(accounts[9]!, sfId("001", ++seq.acc), `The ${accounts[9]!.base} Group`, asOf) };
  group.domain = "";
  group.phone = "";
  twins.push(group);
  truth.pair("company.duplicate", accounts[9]!.id, group.id, "finding", "group-name-same-address");
  const allAccounts = [...accounts, ...twins];

  for (const p of people) {
    truth.label("contact.missing-lifecycle-stage", p.id, "not-measured", "salesforce-contacts-have-no-lifecycle");
    const code = countryOfName(p.countryName);
    if (code && EU_LIKE.has(code) && !p.optedOut)
      truth.label("contact.missing-consent", p.id, "not-measured", "opt-out-flag-only");
  }

  // Opportunities
  const opps: SfOpp[] = [];
  const peopleAt = new Map<Company, Person[]>();
  for (const p of people) {
    if (p.company && !p.planted) peopleAt.set(p.company, [...(peopleAt.get(p.company) ?? []), p]);
  }
  for (const account of accounts) {
    for (let i = rng.between(1, 3); i > 0; i--) {
      const status = rng.weighted(["open", "won", "lost"], [55, 25, 20]);
      const created = asOf - rng.between(40, 300) * DAY - rng.int(DAY);
      const closedAt = closingTime(rng, created, asOf);
      const open = status === "open";
      opps.push({
        id: sfId("006", ++seq.opp),
        account,
        contact: rng.pick(peopleAt.get(account) ?? [null]),
        name: `${account.base} - ${rng.pick(["Platform", "Pilot", "Expansion", "Renewal", "Services", "Licences"])}`,
        stage: open ? rng.pick(SF_OPEN_STAGES) : status === "won" ? "Closed Won" : "Closed Lost",
        amount: String(rng.between(20, 900) * 250),
        close: dayStart(open ? asOf + rng.between(5, 120) * DAY : closedAt),
        closed: !open,
        won: status === "won",
        owner: account.owner,
        created,
        modified: open ? asOf - rng.between(1, 20) * DAY : closedAt + 3_600_000,
        lastActivity: open ? dayStart(asOf - rng.between(1, 25) * DAY) : null,
        stageChanged: open ? Math.max(created, asOf - rng.between(5, 50) * DAY) : closedAt,
        reason: status === "lost" ? rng.pick(LOST_REASONS) : "",
        planted: false,
      });
    }
  }
  const takeOpp = picker(rng, opps);
  const openOpp = (o: SfOpp) => !o.closed;
  const silent = new Set<SfOpp>();
  for (const o of takeOpp(5, openOpp)) {
    o.close = dayStart(asOf - rng.between(5, 30) * DAY);
    o.lastActivity = rng.chance(0.5) ? null : dayStart(asOf - rng.between(40, 70) * DAY);
    o.modified = asOf - 35 * DAY;
    silent.add(o);
    truth.label("deal.past-close-date", o.id, "finding", "past-close-date-no-activity");
  }
  for (const o of takeOpp(4, openOpp)) {
    o.lastActivity = null;
    silent.add(o);
  }
  for (const o of takeOpp(3, openOpp)) {
    o.stageChanged = asOf - rng.between(70, 150) * DAY;
    truth.label("deal.stuck-in-stage", o.id, "finding", "stuck-in-stage");
  }
  for (const o of takeOpp(3, openOpp)) {
    o.amount = "";
    truth.label("deal.missing-amount", o.id, "finding", "no-amount");
  }
  for (const o of takeOpp(3, (o) => o.closed && !o.won)) {
    o.reason = "";
    truth.label("deal.lost-without-reason", o.id, "finding", "lost-without-reason");
  }
  for (const o of opps) {
    if (o.closed && !o.won && o.reason !== "")
      truth.label("deal.lost-without-reason", o.id, "no-finding", "reason-in-custom-field");
  }
  for (const o of takeOpp(2, (o) => o.won)) {
    o.close = dayStart(o.created - 30 * DAY);
    truth.label("deal.closed-before-created", o.id, "finding", "closed-before-created");
  }
  for (const o of takeOpp(3, (o) => o.won)) {
    o.created = dayStart(asOf - rng.between(20, 80) * DAY) + rng.between(9, 17) * 3_600_000;
    o.close = dayStart(o.created);
    o.modified = o.stageChanged = o.created + 3_600_000;
    truth.label("deal.closed-before-created", o.id, "no-finding", "closed-on-creation-day");
  }

  // Tasks and events. Working users log calls on open opportunities and their contacts.
  const tasks: SfTask[] = [];
  const events: SfEvent[] = [];
  const task = (t: Partial<SfTask> & { owner: string; subject: string }): SfTask => {
    const created = t.created ?? asOf - rng.between(10, 60) * DAY;
    const full: SfTask = {
      id: sfId("00T", ++seq.task),
      who: "",
      what: "",
      account: "",
      due: null,
      status: "Not Started",
      closed: false,
      created,
      subtype: "Task",
      completed: null,
      type: "",
      ...t,
    };
    tasks.push(full);
    return full;
  };
  const call = (owner: string, at: number, who: string, what: string, account: string) => {
    const t = task({
      owner,
      subject: rng.pick(["Call: pricing questions", "Call: follow-up", "Call: kickoff planning"]),
      who,
      what,
      account,
      due: dayStart(at),
      status: "Completed",
      closed: true,
      created: at - 600_000,
      subtype: "Call",
      type: "Call",
      completed: at,
    });
    truth.records.activities.push(t.id);
    return t;
  };
  // How each active opportunity's recent activity shows: labelled once the meetings exist.
  const evidence = new Map<SfOpp, string>();
  for (const o of opps) {
    if (o.closed || silent.has(o)) continue;
    const at = (o.lastActivity ?? dayStart(asOf - 3 * DAY)) + rng.between(9, 17) * 3_600_000;
    const logged = rng.chance(0.5);
    if (logged) {
      // A logged call: the activity the audit can see.
      call(o.owner, at, o.contact?.id ?? "", o.id, o.account.id);
    } else {
      // Only a completed to-do: the activity is known from LastActivityDate alone.
      task({
        owner: o.owner,
        subject: rng.pick(["Send contract draft", "Update forecast notes", "Prepare proposal"]),
        what: o.id,
        account: o.account.id,
        due: dayStart(at),
        status: "Completed",
        closed: true,
        created: at - DAY,
        completed: at,
      });
    }
    evidence.set(o, logged ? "recent-logged-call" : "last-activity-date-only");
  }
  for (const o of silent) truth.label("deal.no-recent-activity", o.id, "finding", "no-activity-for-30-days");
  // Every working user has logged something recently.
  for (const u of workers) {
    const p = rng.pick(people.filter((x) => x.company && !x.optedOut && !x.planted));
    call(u.id, asOf - rng.between(1, 10) * DAY - rng.int(DAY), p.id, "", p.company!.id);
  }
  for (const p of reachedAfterOptOut) call(p.owner, asOf - rng.between(2, 9) * DAY, p.id, "", p.company?.id ?? "");
  // Open to-dos due later.
  const openTask = (extra: Partial<SfTask>) => {
    const o = rng.pick(opps.filter((x) => !x.closed));
    return task({
      owner: o.owner,
      subject: rng.pick(["Send renewal quote", "Book demo", "Check legal review", "Follow up on trial"]),
      what: o.id,
      account: o.account.id,
      due: dayStart(asOf + rng.between(1, 30) * DAY),
      status: rng.pick(["Not Started", "In Progress"]),
      ...extra,
    });
  };
  for (let i = 0; i < 30; i++) openTask({});
  for (let i = 0; i < 5; i++) {
    const t = openTask({ due: dayStart(asOf - rng.between(2, 20) * DAY) });
    truth.label("task.overdue", t.id, "finding", "open-past-due-day");
  }
  for (let i = 0; i < 3; i++) {
    const t = openTask({ due: dayStart(asOf) });
    truth.label("task.overdue", t.id, "no-finding", "due-on-as-of-day");
  }
  for (let i = 0; i < 3; i++) {
    const t = openTask({ due: null });
    truth.label("task.missing-due-date", t.id, "finding", "no-due-date");
  }
  for (let i = 0; i < 2; i++) {
    const t = openTask({ owner: `00G5g00000001Q${i}AAA` });
    truth.label("task.unassigned", t.id, "finding", "queue-owned");
  }
  for (let i = 0; i < 2; i++) {
    const t = openTask({ owner: deactivated.id });
    truth.label("task.unassigned", t.id, "finding", "owner-deactivated");
  }
  // Calls logged with a date in the future: typing errors.
  for (let i = 0; i < 2; i++) {
    const o = rng.pick(opps.filter((x) => !x.closed && !silent.has(x)));
    const t = call(o.owner, asOf + rng.between(20, 40) * DAY, "", o.id, o.account.id);
    truth.label("activity.future-dated", t.id, "finding", "logged-call-dated-in-future");
  }
  // Meetings: past ones, and ones on the calendar.
  const event = (owner: string, start: number, who: string, what: string, account: string) => {
    const e: SfEvent = {
      id: sfId("00U", ++seq.event),
      who,
      what,
      account,
      subject: rng.pick(["Demo", "Quarterly business review", "Pilot kickoff", "Contract walkthrough"]),
      start,
      owner,
      created: Math.min(start, asOf) - rng.between(3, 20) * DAY,
    };
    events.push(e);
    truth.records.activities.push(e.id);
    return e;
  };
  const meetable = opps.filter((o) => !o.closed && !silent.has(o));
  for (let i = 0; i < 20; i++) {
    const o = rng.pick(meetable);
    event(o.owner, dayStart(asOf - rng.between(1, 25) * DAY) + 14 * 3_600_000, o.contact?.id ?? "", o.id, o.account.id);
    if (evidence.get(o) === "last-activity-date-only") evidence.set(o, "recent-meeting");
  }
  for (const [o, kind] of evidence) truth.label("deal.no-recent-activity", o.id, "no-finding", kind);
  for (let i = 0; i < 6; i++) {
    const o = rng.pick(meetable);
    const e = event(o.owner, dayStart(asOf + rng.between(1, 14) * DAY) + 15 * 3_600_000, "", o.id, o.account.id);
    truth.label("activity.future-dated", e.id, "no-finding", "scheduled-meeting");
  }

  truth.records.users.push(...users.map((u) => u.id));
  truth.records.companies.push(...allAccounts.map((a) => a.id));
  truth.records.contacts.push(...people.map((p) => p.id));
  truth.records.deals.push(...opps.map((o) => o.id));
  truth.records.tasks.push(...tasks.map((t) => t.id));

  const write = (name: string, header: string[], rows: string[][]) =>
    fs.writeFileSync(path.join(dir, name), toCsv(header, rows));
  const created = sfDateTime(asOf - 1200 * DAY);
  write(
    "Profile.csv",
    ["Id", "Name", "PermissionsModifyAllData", "PermissionsViewAllData", "UserLicenseId", "UserType", "CreatedDate"],
    [
      [profiles.admin, "System Administrator", "true", "true", "1005g000000SfdAAC", "Standard", created],
      [profiles.standard, "Standard User", "false", "false", "1005g000000SfdAAC", "Standard", created],
      [profiles.integration, "Salesforce API Only System Integrations", "false", "true", "1005g000000IntAAC"].concat([
        "Standard",
        created,
      ]),
      [profiles.chatter, "Chatter Free User", "false", "false", "1005g000000ChtAAC", "CsnOnly", created],
      [profiles.security, "Analytics Cloud Security User", "false", "false", "1005g000000SecAAC", "Standard"].concat([
        created,
      ]),
    ],
  );
  write(
    "User.csv",
    words(
      "Id Username LastName FirstName CompanyName Email IsActive UserRoleId ProfileId UserType " +
        "LastLoginDate CreatedDate LastModifiedDate TimeZoneSidKey",
    ),
    users.map((u) => [
      u.id,
      u.userType === "Standard" && !system.includes(u)
        ? u.email
        : `${asciiLocal(u.first + u.last)}@00d5g000004xyzaaa.example`,
      u.last,
      u.first,
      "Northwind",
      u.email,
      String(u.active),
      "",
      u.profile,
      u.userType,
      sfDateTime(u.lastLogin),
      created,
      sfDateTime(u.lastLogin ?? asOf - 300 * DAY),
      "Europe/Berlin",
    ]),
  );
  write(
    "Account.csv",
    words(
      "Id IsDeleted Name Type BillingStreet BillingCity BillingState BillingPostalCode BillingCountry " +
        "Phone Website Industry OwnerId CreatedDate LastModifiedDate",
    ),
    allAccounts.map((a) => [
      a.id,
      "false",
      a.name,
      rng.pick(["Customer - Direct", "Customer - Channel", "Prospect"]),
      a.street,
      a.city,
      a.state,
      a.postcode,
      a.country.code === "US" && rng.chance(0.3) ? "USA" : a.country.name,
      a.phone,
      a.domain ? `https://www.${a.domain}` : "",
      a.industry,
      a.owner,
      sfDateTime(a.created),
      sfDateTime(a.modified),
    ]),
  );
  write(
    "Contact.csv",
    words(
      "Id IsDeleted AccountId LastName FirstName Salutation MailingCity MailingState MailingCountry " +
        "Phone MobilePhone Email Title LeadSource OwnerId HasOptedOutOfEmail CreatedDate " +
        "LastModifiedDate LastActivityDate",
    ),
    people.map((p) => [
      p.id,
      "false",
      p.company?.id ?? "",
      p.last,
      p.first,
      "",
      p.city,
      p.countryName ? p.state : "",
      p.countryName,
      p.phone,
      "",
      p.email,
      p.title,
      rng.pick(["Web", "Partner Referral", "Trade Show", "Phone Inquiry"]),
      p.owner,
      String(p.optedOut),
      sfDateTime(p.created),
      sfDateTime(p.modified),
      sfDate(p.lastActivity),
    ]),
  );
  write(
    "Opportunity.csv",
    words(
      "Id IsDeleted AccountId Name StageName Amount CloseDate Type IsClosed IsWon CurrencyIsoCode " +
        "OwnerId CreatedDate LastModifiedDate LastActivityDate LastStageChangeDate ContactId " +
        "Reason_Lost__c",
    ),
    opps.map((o) => [
      o.id,
      "false",
      o.account.id,
      o.name,
      o.stage,
      o.amount,
      sfDate(o.close),
      rng.pick(["New Customer", "Existing Customer - Upgrade", "Existing Customer - Renewal"]),
      String(o.closed),
      String(o.won),
      o.account.country.currency,
      o.owner,
      sfDateTime(o.created),
      sfDateTime(o.modified),
      sfDate(o.lastActivity),
      sfDateTime(o.stageChanged),
      o.contact?.id ?? "",
      o.reason,
    ]),
  );
  write(
    "Task.csv",
    words(
      "Id WhoId WhatId Subject ActivityDate Status Priority OwnerId IsDeleted AccountId IsClosed " +
        "CreatedDate TaskSubtype CompletedDateTime Type",
    ),
    tasks.map((t) => [
      t.id,
      t.who,
      t.what,
      t.subject,
      sfDate(t.due),
      t.status,
      "Normal",
      t.owner,
      "false",
      t.account,
      String(t.closed),
      sfDateTime(t.created),
      t.subtype,
      sfDateTime(t.completed),
      t.type,
    ]),
  );
  write(
    "Event.csv",
    words(
      "Id WhoId WhatId Subject IsAllDayEvent ActivityDateTime ActivityDate StartDateTime EndDateTime " +
        "AccountId OwnerId IsDeleted CreatedDate",
    ),
    events.map((e) => [
      e.id,
      e.who,
      e.what,
      e.subject,
      "false",
      sfDateTime(e.start),
      sfDate(e.start),
      sfDateTime(e.start),
      sfDateTime(e.start + 3_600_000),
      e.account,
      e.owner,
      "false",
      sfDateTime(e.created),
    ]),
  );
  return truth.source("salesforce", {
    "contact.missing-lifecycle-stage": "Salesforce contacts have no lifecycle stage",
    "contact.missing-consent": "the export records opt-outs (HasOptedOutOfEmail) but no consent",
    "user.mfa-disabled": "User.csv carries no MFA data",
  });
}

// ---------------------------------------------------------------------------------------------

export interface GenerateOptions {
  seed?: number;
  asOf?: number;
}

/** Writes both exports and ground-truth.json into `outDir` (created if needed) and returns the truth. */
export function generateRealExports(outDir: string, options: GenerateOptions = {}): GroundTruth {
  const seed = options.seed ?? DEFAULT_SEED;
  const asOf = options.asOf ?? DEFAULT_AS_OF;
  const rng = new Rng(seed);
  const hubspotRng = rng.fork(1);
  const salesforceRng = rng.fork(2);
  for (const name of ["hubspot", "salesforce"]) {
    fs.rmSync(path.join(outDir, name), { recursive: true, force: true });
    fs.mkdirSync(path.join(outDir, name), { recursive: true });
  }
  const truth: GroundTruth = {
    seed,
    asOf: new Date(asOf).toISOString(),
    sources: {
      hubspot: generateHubspot(hubspotRng, asOf, path.join(outDir, "hubspot")),
      salesforce: generateSalesforce(salesforceRng, asOf, path.join(outDir, "salesforce")),
    },
  };
  fs.writeFileSync(path.join(outDir, "ground-truth.json"), JSON.stringify(truth, null, 2) + "\n");
  return truth;
}
