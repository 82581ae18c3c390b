/**
 * Contacts: people at the sample companies, clean by default (recently touched, valid e-mail
 * and phone, consent recorded where the GDPR applies), with each contact.* defect injected
 * into its own records, duplicate groups that file the same person again with realistic
 * variations, namesakes (different people, same name) and the boundary records of the audit
 * tests. Facts the activity stage needs (last touch, withdrawal, company) stay in typed arrays.
 */
import { isValidEmail } from "../dataset/email.js";
import { parsePhone } from "../dataset/phone.js";
import type { CompanyTable } from "./companies.js";
import { LIFECYCLE_STAGES } from "./companies.js";
import { addBoundary, atLeastOne, makeId, openEntityCsv, reserveSlots, type SampleContext } from "./context.js";
import { COUNTRIES, COUNTRY_WEIGHTS, type CountryProfile } from "./countries.js";
import { formatPhone, type PhoneStyle, type SamplePhone } from "./phones.js";
import type { Rng } from "./prng.js";
import { BASE_RATES, DEFECT_RATES } from "./rates.js";
import { DAY_MS, HOUR_MS, between, daysBefore, isoUtc, isoWithOffset } from "./time.js";
import type { UserTable } from "./users.js";
import { NICKNAMES, slug, stripAccents } from "./vocabulary.js";

/** EU member states, the other EEA states and the United Kingdom (contact.missing-consent). */
export const CONSENT_REGION = new Set([
  ..."AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split(" "),
  "IS",
  "LI",
  "NO",
  "GB",
]);

/** Typical UTC offsets (minutes) used to write some timestamps in local time. */
const LOCAL_OFFSET: Record<string, number> = {
  US: -300,
  CA: -240,
  GB: 60,
  DE: 120,
  FR: 120,
  NL: 120,
  ES: 120,
  IT: 120,
  CH: 120,
  NO: 120,
  AU: 600,
  IN: 330,
};

export function contactId(index: number): string {
  return makeId("C", index, 7);
}

export interface ContactTable {
  count: number;
  /** Company index, -1 when the contact has none. */
  company: Int32Array;
  createdAt: Float64Array;
  /** Latest instant a generated activity linked to the contact may have (keeps its planned state). */
  maxActivity: Float64Array;
  /** max(updated_at, last_activity_at). */
  baseTouch: Float64Array;
  /** Latest linked activity at or before T (NaN: none), filled by the activity stage. */
  linkedTouch: Float64Array;
  /** consent_at of contacts whose consent is withdrawn (NaN otherwise). */
  withdrawnAt: Float64Array;
  /** Set by the activity stage: an activity linked after consent_at. */
  contactedAfterWithdrawal: Uint8Array;
  /** Activities that must exist for the planned state (contacted after withdrawal, rescued by an activity…). */
  requiredActivities: { contact: number; at: number }[];
}

const enum Plan {
  Clean = 0,
  MissingEmailAndPhone,
  MissingOwner,
  MissingCompany,
  MissingLifecycle,
  InvalidEmail,
  InvalidPhone,
  Stale,
  Retention,
  MissingConsent,
  ContactedAfterWithdrawal,
  WithdrawnClean,
  FreshByActivity,
  DuplicateOriginal,
  DuplicateVariant,
  NamesakeSource,
  NamesakeCopy,
  Boundary,
}

const DEFECT_PLANS: [keyof typeof DEFECT_RATES, Plan][] = [
  ["contact.missing-email-and-phone", Plan.MissingEmailAndPhone],
  ["contact.missing-owner", Plan.MissingOwner],
  ["contact.missing-company", Plan.MissingCompany],
  ["contact.missing-lifecycle-stage", Plan.MissingLifecycle],
  ["contact.invalid-email", Plan.InvalidEmail],
  ["contact.invalid-phone", Plan.InvalidPhone],
  ["contact.stale", Plan.Stale],
  ["contact.retention-exceeded", Plan.Retention],
  ["contact.missing-consent", Plan.MissingConsent],
  ["contact.contacted-after-withdrawal", Plan.ContactedAfterWithdrawal],
];

/** Boundary records: name → what it tests. Their timestamps are set in `applyBoundary`. */
const BOUNDARIES = {
  "contact.touch-exactly-365-days": "updated_at exactly 365 days before T: not stale (more than 365 days)",
  "contact.touch-365-days-and-1-second": "updated_at 365 days and 1 second before T: stale",
  "contact.touch-offset-before-boundary":
    "updated_at written at +02:00 reads later than T − 365 days, but the instant is 1 hour earlier: stale",
  "contact.touch-offset-after-boundary":
    "updated_at written at -03:00 reads earlier than T − 365 days, but the instant is 1 hour later: not stale",
  "contact.stale-despite-future-activity":
    "stale by its fields; its only recent linked activity is after T and does not count: stale (and the activity is future-dated)",
  "contact.fresh-by-linked-activity":
    "updated_at 700 days old, no last_activity_at, a linked activity 10 days before T: not stale",
  "contact.fresh-by-last-activity-field": "updated_at 700 days old, last_activity_at 20 days before T: not stale",
  "contact.activity-at-withdrawal-instant": "consent withdrawn; a linked activity exactly at consent_at: not after it",
  "contact.activity-1-second-after-withdrawal":
    "consent withdrawn; a linked activity 1 second after consent_at: flagged",
  "contact.switzerland-without-consent": "CH (not EU/EEA) with blank consent: not missing-consent",
  "contact.norway-without-consent": "NO (EEA, not EU) with blank consent: missing-consent",
} as const;
type BoundaryName = keyof typeof BOUNDARIES;

interface Person {
  first: string;
  last: string;
  email: string | null;
  phone: SamplePhone | null;
  jobTitle: string | null;
  company: number;
  owner: string | null;
  lifecycle: string | null;
  street: string | null;
  city: string | null;
  postcode: string | null;
  state: string | null;
  country: CountryProfile;
  consent: "granted" | "withdrawn" | null;
  consentAt: number | null;
  createdAt: number;
}

export async function generateContacts(
  ctx: SampleContext,
  users: UserTable,
  companies: CompanyTable,
): Promise<ContactTable> {
  const { rng, asOf } = ctx;
  const n = ctx.counts.contacts;
  const m = companies.count;
  const companyOfSlot = (i: number) => Math.floor((i * m) / n);
  const plan = new Uint8Array(n);

  // Duplicate groups: consecutive slots inside one company block, original first.
  const dupGroups = Math.max(1, Math.round((DEFECT_RATES["contact.duplicate"] * n) / 2.3));
  for (let g = 0, attempts = 0; g < dupGroups && attempts < dupGroups * 30; attempts++) {
    const size = rng.chance(0.75) ? 2 : 3;
    const start = rng.int(Math.max(1, n - size));
    if (start + size > n || companyOfSlot(start) !== companyOfSlot(start + size - 1)) continue;
    let free = true;
    for (let k = start; k < start + size; k++) if (plan[k] !== Plan.Clean) free = false;
    if (!free) continue;
    plan[start] = Plan.DuplicateOriginal;
    for (let k = 1; k < size; k++) plan[start + k] = Plan.DuplicateVariant;
    g++;
  }

  const boundarySlot = new Map<number, BoundaryName>();
  for (const name of Object.keys(BOUNDARIES) as BoundaryName[]) {
    const [slot] = reserveSlots(rng, plan, 1, Plan.Boundary);
    if (slot !== undefined) boundarySlot.set(slot, name);
  }

  // Namesakes: a later contact at another company gets an earlier contact's full name.
  const namesakeOf = new Map<number, number>();
  for (let p = 0; p < atLeastOne(BASE_RATES.namesakePairs, n) && n > 20; p++) {
    const [source] = reserveSlots(rng, plan, 1, Plan.NamesakeSource, (i) => i < n / 2);
    if (source === undefined) break;
    const [copy] = reserveSlots(
      rng,
      plan,
      1,
      Plan.NamesakeCopy,
      (j) => j > source && companyOfSlot(j) !== companyOfSlot(source),
    );
    if (copy !== undefined) namesakeOf.set(copy, source);
  }

  for (const [check, code] of DEFECT_PLANS) reserveSlots(rng, plan, atLeastOne(DEFECT_RATES[check], n), code);
  reserveSlots(rng, plan, atLeastOne(BASE_RATES.withdrawnClean, n), Plan.WithdrawnClean);
  reserveSlots(rng, plan, atLeastOne(0.02, n), Plan.FreshByActivity);

  const table: ContactTable = {
    count: n,
    company: new Int32Array(n),
    createdAt: new Float64Array(n),
    maxActivity: new Float64Array(n),
    baseTouch: new Float64Array(n),
    linkedTouch: new Float64Array(n).fill(NaN),
    withdrawnAt: new Float64Array(n).fill(NaN),
    contactedAfterWithdrawal: new Uint8Array(n),
    requiredActivities: [],
  };

  const emails = new Set<string>();
  const brokenPhones = new Set<string>();
  const namesakeNames = new Map<number, [string, string]>();
  const out = await openEntityCsv(ctx, "contacts");
  let blockCompany = -1;
  let namesInBlock = new Set<string>();
  let original: Person | null = null;
  let group: string[] = [];
  const consentCountries = COUNTRIES.filter((c) => c.consentRequired);

  for (let i = 0; i < n; i++) {
    const id = contactId(i);
    const p = plan[i] as Plan;
    const boundary = boundarySlot.get(i);
    if (companyOfSlot(i) !== blockCompany) {
      blockCompany = companyOfSlot(i);
      namesInBlock = new Set();
    }
    if (p !== Plan.DuplicateVariant && group.length > 0) {
      if (group.length > 1) ctx.truth.addGroup("contact.duplicate", group);
      group = [];
    }

    let person: Person;
    if (p === Plan.DuplicateVariant && original) {
      person = variantOf(rng, original, emails, asOf);
      group.push(id);
    } else {
      person = basePerson(
        ctx,
        i,
        p,
        boundary,
        companies,
        users,
        emails,
        brokenPhones,
        namesInBlock,
        companyOfSlot(i),
        consentCountries,
      );
      const source = namesakeOf.get(i);
      if (source !== undefined) {
        const [first, last] = namesakeNames.get(source) ?? [person.first, person.last];
        person.first = first;
        person.last = last;
        person.email =
          person.email &&
          companyEmail(rng, first, last, companies.domain[person.company] ?? null, person.country, emails);
        ctx.namesakes.push([contactId(source), id]);
      }
      if (p === Plan.NamesakeSource) namesakeNames.set(i, [person.first, person.last]);
      if (p === Plan.DuplicateOriginal) {
        original = person;
        group = [id];
      }
    }

    // Timestamps of the planned state.
    const t = timesFor(rng, asOf, p, person.createdAt);
    person.createdAt = t.createdAt;
    let updatedAt = t.updatedAt;
    let lastActivityAt = t.lastActivityAt;
    let maxActivity = t.maxActivity;
    let consentAt = person.consentAt;
    let updatedText: string | null = null;
    if (p === Plan.ContactedAfterWithdrawal || p === Plan.WithdrawnClean) {
      person.consent = "withdrawn";
      consentAt = daysBefore(rng, asOf, 10, 300);
      person.createdAt = Math.min(person.createdAt, consentAt - 30 * DAY_MS);
      updatedAt = between(rng, asOf, consentAt, asOf - HOUR_MS);
      lastActivityAt = rng.chance(0.5) ? between(rng, asOf, person.createdAt, consentAt) : null;
      maxActivity = consentAt;
      if (p === Plan.ContactedAfterWithdrawal)
        table.requiredActivities.push({ contact: i, at: between(rng, asOf, consentAt + 1000, asOf - HOUR_MS) });
    }
    if (p === Plan.FreshByActivity) table.requiredActivities.push({ contact: i, at: daysBefore(rng, asOf, 1, 300) });

    if (boundary) {
      const b = applyBoundary(boundary, asOf, person);
      updatedAt = b.updatedAt ?? updatedAt;
      lastActivityAt = b.lastActivityAt === undefined ? lastActivityAt : b.lastActivityAt;
      maxActivity = b.maxActivity ?? maxActivity;
      updatedText = b.updatedText ?? null;
      if (b.consentAt !== undefined) consentAt = b.consentAt;
      for (const at of b.activities ?? []) table.requiredActivities.push({ contact: i, at });
      addBoundary(ctx, boundary, "contacts", id, BOUNDARIES[boundary]);
    }
    if (person.consent === "granted" && consentAt === null) consentAt = between(rng, asOf, person.createdAt, updatedAt);
    if (person.consent === null) consentAt = null;
    person.createdAt = Math.min(person.createdAt, updatedAt, lastActivityAt ?? Infinity);

    const offset = LOCAL_OFFSET[person.country.code] ?? 0;
    const writeLocal = rng.chance(0.08);
    if (
      out.add([
        id,
        person.first,
        person.last,
        person.email,
        person.phone?.text ?? null,
        person.jobTitle,
        person.company >= 0 ? companies.ids[person.company] : null,
        person.owner,
        person.lifecycle,
        person.street,
        person.city,
        person.postcode,
        person.state,
        person.country.code,
        person.consent,
        consentAt === null ? null : isoUtc(consentAt),
        rng.chance(0.3) ? rng.pick(CONTACT_TAGS) : null,
        isoUtc(person.createdAt),
        updatedText ?? (writeLocal ? isoWithOffset(updatedAt, offset) : isoUtc(updatedAt)),
        lastActivityAt === null ? null : isoUtc(lastActivityAt),
      ])
    )
      await out.flush();

    // Ground truth of the checks that depend on this row alone (from the written values).
    const truth = ctx.truth;
    if (person.email === null && person.phone === null) truth.add("contact.missing-email-and-phone", id);
    if (person.owner === null) truth.add("contact.missing-owner", id);
    if (person.company < 0) truth.add("contact.missing-company", id);
    if (person.lifecycle === null) truth.add("contact.missing-lifecycle-stage", id);
    if (person.email !== null && !isValidEmail(person.email)) truth.add("contact.invalid-email", id);
    if (person.phone !== null && !phoneIsValid(person.phone, person.country)) truth.add("contact.invalid-phone", id);
    if (CONSENT_REGION.has(person.country.code) && person.consent === null) truth.add("contact.missing-consent", id);

    table.company[i] = person.company;
    table.createdAt[i] = person.createdAt;
    table.maxActivity[i] = maxActivity;
    table.baseTouch[i] = Math.max(updatedAt, lastActivityAt ?? -Infinity);
    if (person.consent === "withdrawn" && consentAt !== null) table.withdrawnAt[i] = consentAt;
  }
  if (group.length > 1) ctx.truth.addGroup("contact.duplicate", group);
  await out.close();
  return table;
}

/** Called once all activities are known: the last-touch and withdrawal checks. */
export function contactTruthAfterActivities(ctx: SampleContext, table: ContactTable): void {
  const { asOf, truth } = ctx;
  for (let i = 0; i < table.count; i++) {
    const linked = table.linkedTouch[i] as number;
    const touch = Number.isNaN(linked)
      ? (table.baseTouch[i] as number)
      : Math.max(table.baseTouch[i] as number, linked);
    if (asOf - touch > 365 * DAY_MS) truth.add("contact.stale", contactId(i));
    // "3 years" = 3 × 365 days; the sample keeps every last touch at least 30 days away from
    // that line, so the calendar reading (1095 or 1096 days) gives the same answer.
    if (asOf - touch > 3 * 365 * DAY_MS) truth.add("contact.retention-exceeded", contactId(i));
    if (table.contactedAfterWithdrawal[i]) truth.add("contact.contacted-after-withdrawal", contactId(i));
  }
}

const CONTACT_TAGS = ["newsletter", "webinar-2026", "newsletter;webinar-2026", "trade-show", "vip", "beta-program"];

/** A drawn phone is valid by construction when written as drawn; anything else is parsed. */
function phoneIsValid(phone: SamplePhone, country: CountryProfile): boolean {
  if (phone.e164 && phone.text === phone.drawnText) return true;
  return parsePhone(phone.text, country.code).valid;
}

function basePerson(
  ctx: SampleContext,
  i: number,
  p: Plan,
  boundary: BoundaryName | undefined,
  companies: CompanyTable,
  users: UserTable,
  emails: Set<string>,
  brokenPhones: Set<string>,
  namesInBlock: Set<string>,
  blockCompany: number,
  consentCountries: CountryProfile[],
): Person {
  const { rng } = ctx;
  const company = p === Plan.MissingCompany ? -1 : blockCompany;
  let countryIndex =
    company >= 0 && rng.chance(0.9)
      ? (companies.country[company] as number)
      : COUNTRIES.indexOf(rng.weighted(COUNTRIES, COUNTRY_WEIGHTS));
  if (p === Plan.MissingConsent && !COUNTRIES[countryIndex]!.consentRequired)
    countryIndex = COUNTRIES.indexOf(rng.pick(consentCountries));
  if (boundary === "contact.switzerland-without-consent") countryIndex = COUNTRIES.findIndex((c) => c.code === "CH");
  if (boundary === "contact.norway-without-consent") countryIndex = COUNTRIES.findIndex((c) => c.code === "NO");
  const country = COUNTRIES[countryIndex] as CountryProfile;
  const words = ctx.vocab.countries[countryIndex]!;

  let first = "";
  let last = "";
  for (let attempt = 0; attempt < 10; attempt++) {
    first = rng.pick(words.firstNames);
    last = rng.pick(words.lastNames);
    if (!namesInBlock.has(`${first} ${last}`)) break;
  }
  namesInBlock.add(`${first} ${last}`);

  const domain = company >= 0 && rng.chance(0.92) ? (companies.domain[company] ?? null) : null;
  let email: string | null = companyEmail(rng, first, last, domain, country, emails);
  let phone: SamplePhone | null = ctx.phones.draw(rng, country);
  // Some clean people have only one way to reach them; duplicate originals keep both.
  if (p === Plan.Clean && rng.chance(0.04)) email = null;
  else if (p === Plan.Clean && rng.chance(0.03)) phone = null;
  if (p === Plan.MissingEmailAndPhone) {
    email = null;
    phone = null;
  }
  if (p === Plan.InvalidEmail && email) email = brokenEmail(rng, email, first, last, emails);
  if (p === Plan.InvalidPhone && phone) phone = brokenPhone(rng, phone, brokenPhones);

  let consent: Person["consent"] = country.consentRequired || rng.chance(0.5) ? "granted" : null;
  if (p === Plan.MissingConsent || boundary?.endsWith("-without-consent")) consent = null;

  const fullAddress = rng.chance(0.85);
  return {
    first,
    last,
    email,
    phone,
    jobTitle: rng.chance(0.8) ? rng.pick(ctx.vocab.jobTitles) : null,
    company,
    owner:
      p === Plan.MissingOwner
        ? null
        : users.ids[
            rng.chance(0.95) || users.deactivatedIdx.length === 0
              ? rng.pick(users.activeIdx)
              : rng.pick(users.deactivatedIdx)
          ]!,
    lifecycle: p === Plan.MissingLifecycle ? null : rng.pick(LIFECYCLE_STAGES),
    street: fullAddress ? rng.pick(words.streets) : null,
    city: rng.pick(words.cities),
    postcode: fullAddress ? rng.pick(words.postcodes) : null,
    state: words.states.length && fullAddress ? rng.pick(words.states) : null,
    country,
    consent,
    consentAt: null,
    createdAt: daysBefore(rng, ctx.asOf, 30, 1500),
  };
}

/** A unique address: at the company's domain when there is one, else at a mail provider. */
function companyEmail(
  rng: Rng,
  first: string,
  last: string,
  domain: string | null,
  country: CountryProfile,
  used: Set<string>,
): string {
  const f = slug(first) || "contact";
  const l = slug(last) || "person";
  const host = domain ?? rng.pick(country.mailProviders);
  const patterns = domain
    ? [`${f}.${l}`, `${f[0]}${l}`, `${f}_${l}`, `${f}${l[0]}`, `${f}.${l}`]
    : [`${f}.${l}`, `${f}${l}`];
  let local = rng.pick(patterns);
  if (!domain && rng.chance(0.5)) local += String(rng.between(10, 99));
  // Another person of the same name may hold this local part at another domain. Strangers
  // sharing "first.last@" look like one person who changed jobs, which would make the ground
  // truth debatable: take another pattern, then a number.
  for (const alternative of patterns) {
    if (!used.has(localPartKey(local))) break;
    local = alternative;
  }
  const base = local;
  for (let k = 2; used.has(localPartKey(local)); k++) local = `${base}${k}`;
  const address = `${local}@${host}`;
  // A unique local part makes the address unique too: only the local part is registered.
  used.add(localPartKey(local));
  return rng.chance(0.05) ? address.replace(/^./, (c) => c.toUpperCase()) : address;
}

/** The key under which a local part is registered in the set of used addresses. */
function localPartKey(local: string): string {
  return `${local}@*`;
}

/**
 * A malformed version of a valid address. Every variant keeps the domain, and is registered like
 * a valid address, so two different people never end up sharing the same broken text.
 */
function brokenEmail(rng: Rng, email: string, first: string, last: string, used: Set<string>): string {
  const at = email.indexOf("@");
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const candidates = [
    `${local}@${domain.slice(0, domain.lastIndexOf("."))}`,
    `${local}.${domain}`,
    `${local}@@${domain}`,
    `${first} ${last}@${domain}`,
    `${local}@${domain.replace(".", "..")}`,
    `${local}@${domain},${local}@${domain}`,
  ];
  for (let attempt = 0; attempt < 20; attempt++) {
    const candidate = rng.pick(candidates);
    if (!isValidEmail(candidate) && !used.has(candidate.toLowerCase())) {
      used.add(candidate.toLowerCase());
      return candidate;
    }
  }
  // The address itself (already unique) without its "@".
  return `${local}.${domain}`;
}

/**
 * A wrong version of the person's own number: truncated, with digits added, or the country code
 * alone. Registered by its digits, so two different people never share the same broken number.
 */
function brokenPhone(rng: Rng, phone: SamplePhone, used: Set<string>): SamplePhone {
  const { country, nsn } = phone;
  const national = formatPhone(phone, "national");
  const candidates = [
    national.slice(0, -3),
    `${national}99`,
    `+${country.callingCode} ${nsn.slice(0, 3)}`,
    `${nsn}${rng.digits(4)}`,
  ];
  const key = (text: string) => `${country.code}:${text.replace(/\D/g, "")}`;
  for (let attempt = 0; attempt < 20; attempt++) {
    // Last resort: digits run on past the 15 an E.164 number can have.
    const text = attempt < 12 ? rng.pick(candidates) : `${national}${rng.digits(8)}`;
    if (!used.has(key(text)) && !parsePhone(text, country.code).valid) {
      used.add(key(text));
      return { ...phone, text, e164: "", drawnText: "" };
    }
  }
  throw new Error(`could not break phone number ${phone.text}`);
}

interface Times {
  createdAt: number;
  updatedAt: number;
  lastActivityAt: number | null;
  maxActivity: number;
}

function timesFor(rng: Rng, asOf: number, p: Plan, createdAt: number): Times {
  if (p === Plan.Stale || p === Plan.Retention) {
    // Last touch well inside its band: 366–1000 days (stale only) or 1126–2200 days (past
    // retention, which is also stale), never near the 3-year line.
    const touch = p === Plan.Stale ? daysBefore(rng, asOf, 366, 1000) : daysBefore(rng, asOf, 1126, 2200);
    const created = touch - rng.between(0, 800) * DAY_MS - rng.between(1, 3599) * 1000;
    if (rng.chance(0.5))
      return {
        createdAt: created,
        updatedAt: touch,
        lastActivityAt: rng.chance(0.5) ? between(rng, asOf, created, touch) : null,
        maxActivity: touch,
      };
    return {
      createdAt: created,
      updatedAt: between(rng, asOf, created, touch),
      lastActivityAt: touch,
      maxActivity: touch,
    };
  }
  if (p === Plan.FreshByActivity) {
    const updatedAt = daysBefore(rng, asOf, 400, 900);
    return { createdAt: Math.min(createdAt, updatedAt), updatedAt, lastActivityAt: null, maxActivity: asOf };
  }
  const updatedAt = between(rng, asOf, Math.max(createdAt, asOf - 200 * DAY_MS), asOf - HOUR_MS);
  return {
    createdAt,
    updatedAt,
    lastActivityAt: rng.chance(0.6) ? between(rng, asOf, createdAt, updatedAt) : null,
    maxActivity: asOf,
  };
}

interface BoundaryTimes {
  updatedAt?: number;
  updatedText?: string;
  lastActivityAt?: number | null;
  maxActivity?: number;
  consentAt?: number;
  activities?: number[];
}

function applyBoundary(name: BoundaryName, asOf: number, person: Person): BoundaryTimes {
  const year = asOf - 365 * DAY_MS;
  person.createdAt = asOf - 900 * DAY_MS;
  switch (name) {
    case "contact.touch-exactly-365-days":
      return { updatedAt: year, lastActivityAt: null, maxActivity: year - DAY_MS };
    case "contact.touch-365-days-and-1-second":
      return { updatedAt: year - 1000, lastActivityAt: null, maxActivity: year - DAY_MS };
    case "contact.touch-offset-before-boundary":
      return {
        updatedAt: year - HOUR_MS,
        updatedText: isoWithOffset(year - HOUR_MS, 120),
        lastActivityAt: null,
        maxActivity: year - DAY_MS,
      };
    case "contact.touch-offset-after-boundary":
      return {
        updatedAt: year + HOUR_MS,
        updatedText: isoWithOffset(year + HOUR_MS, -180),
        lastActivityAt: null,
        maxActivity: year - DAY_MS,
      };
    case "contact.stale-despite-future-activity":
      return {
        updatedAt: asOf - 500 * DAY_MS,
        lastActivityAt: null,
        maxActivity: asOf - 600 * DAY_MS,
        activities: [asOf + 5 * DAY_MS],
      };
    case "contact.fresh-by-linked-activity":
      return {
        updatedAt: asOf - 700 * DAY_MS,
        lastActivityAt: null,
        maxActivity: asOf - 800 * DAY_MS,
        activities: [asOf - 10 * DAY_MS],
      };
    case "contact.fresh-by-last-activity-field":
      return { updatedAt: asOf - 700 * DAY_MS, lastActivityAt: asOf - 20 * DAY_MS, maxActivity: asOf - 800 * DAY_MS };
    case "contact.activity-at-withdrawal-instant":
    case "contact.activity-1-second-after-withdrawal": {
      const consentAt = asOf - 100 * DAY_MS;
      person.consent = "withdrawn";
      const at = name === "contact.activity-at-withdrawal-instant" ? consentAt : consentAt + 1000;
      return {
        updatedAt: consentAt,
        lastActivityAt: null,
        maxActivity: consentAt - DAY_MS,
        consentAt,
        activities: [at],
      };
    }
    default:
      return {};
  }
}

const NAME_VARIANTS = ["upper", "lower", "accents", "spaces", "swap", "nickname", "typo"] as const;
const POINT_VARIANTS = [
  "email-case",
  "email-tag",
  "phone-style",
  "drop-email",
  "drop-phone",
  "personal-email",
] as const;

/** The same person filed again: one change to the name, one to the e-mail or phone. */
function variantOf(rng: Rng, o: Person, emails: Set<string>, asOf: number): Person {
  let first = o.first;
  let last = o.last;
  const nameVariant = rng.pick(NAME_VARIANTS);
  switch (nameVariant) {
    case "upper":
      first = first.toUpperCase();
      last = last.toUpperCase();
      break;
    case "lower":
      first = first.toLowerCase();
      last = last.toLowerCase();
      break;
    case "accents":
      if (stripAccents(first + last) !== first + last) {
        first = stripAccents(first);
        last = stripAccents(last);
      } else last = last.toUpperCase();
      break;
    case "spaces":
      // Edge spaces (an importer may trim them) and, in multi-word names, a doubled inner space.
      first = ` ${first} `;
      last = last.includes(" ") ? `${last.replace(" ", "  ")} ` : `${last.toLowerCase()}  `;
      break;
    case "swap":
      [first, last] = [last, first];
      break;
    case "nickname":
      first = NICKNAMES[stripAccents(first)] ?? `${first[0]}.`;
      break;
    case "typo":
      if (last.length >= 5) {
        const k = rng.between(1, last.length - 3);
        last = last.slice(0, k) + last[k + 1] + last[k] + last.slice(k + 2);
      } else last = last.toUpperCase();
      break;
  }
  let pointVariant = rng.pick(POINT_VARIANTS);
  // A weak name match needs the strong identifiers to stay.
  if (
    (nameVariant === "swap" || nameVariant === "typo" || nameVariant === "nickname") &&
    pointVariant.startsWith("drop")
  )
    pointVariant = "phone-style";
  let email = o.email;
  let phone = o.phone;
  const at = email ? email.indexOf("@") : -1;
  switch (pointVariant) {
    case "email-case":
      if (email)
        email =
          email.slice(0, at).replace(/(^|[._])([a-z])/g, (_, s: string, c: string) => s + c.toUpperCase()) +
          email.slice(at).toUpperCase();
      break;
    case "email-tag":
      if (email) email = `${email.slice(0, at)}+${rng.pick(["crm", "news", "events", "old"])}${email.slice(at)}`;
      break;
    case "phone-style":
      if (phone) {
        const styles: PhoneStyle[] = ["national", "international", "e164"];
        const text = formatPhone(
          phone,
          styles.find((s) => formatPhone(phone as SamplePhone, s) !== phone?.text) ?? "e164",
        );
        phone = { ...phone, text };
      }
      break;
    case "drop-email":
      email = null;
      break;
    case "drop-phone":
      phone = null;
      break;
    case "personal-email": {
      let local = `${slug(o.first)}.${slug(o.last)}${rng.between(10, 99)}`;
      while (emails.has(localPartKey(local))) local += String(rng.int(10));
      email = `${local}@${rng.pick(o.country.mailProviders)}`;
      emails.add(localPartKey(local));
      break;
    }
  }
  return {
    ...o,
    first,
    last,
    email,
    phone,
    jobTitle: rng.chance(0.6) ? o.jobTitle : null,
    street: rng.chance(0.6) ? o.street : null,
    postcode: rng.chance(0.6) ? o.postcode : null,
    consentAt: null,
    createdAt: between(rng, asOf, Math.min(o.createdAt + DAY_MS, asOf - 2 * DAY_MS), asOf - DAY_MS),
  };
}
