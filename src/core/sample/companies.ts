/**
 * Companies: distinct organisations (distinct name once legal suffix, case, accents and
 * punctuation are ignored; distinct domain and phone), plus duplicate groups that file the
 * same organisation again as "ACME INC." / "Acme, Inc" / "acme".
 */
import { COUNTRIES, COUNTRY_WEIGHTS, type CountryProfile } from "./countries.js";
import { makeId, openEntityCsv, type SampleContext } from "./context.js";
import type { Rng } from "./prng.js";
import { formatPhone, type SamplePhone } from "./phones.js";
import { DEFECT_RATES } from "./rates.js";
import { between, daysBefore, isoUtc } from "./time.js";
import type { UserTable } from "./users.js";
import { slug, stripAccents } from "./vocabulary.js";

export interface CompanyTable {
  count: number;
  ids: string[];
  /** Index into COUNTRIES. */
  country: Uint8Array;
  /** Domain without "www." (null when the record has none). */
  domain: (string | null)[];
  /** Name without legal suffix, for deal names. */
  shortName: string[];
}

const INDUSTRIES = [
  "Software",
  "Manufacturing",
  "Retail",
  "Financial Services",
  "Healthcare",
  "Logistics",
  "Education",
  "Construction",
  "Energy",
  "Hospitality",
  "Media",
  "Professional Services",
  "Telecommunications",
  "Agriculture",
] as const;

export const LIFECYCLE_STAGES = [
  "subscriber",
  "lead",
  "marketingqualifiedlead",
  "salesqualifiedlead",
  "opportunity",
  "customer",
  "evangelist",
] as const;

const TAGS = ["enterprise", "smb", "partner", "reseller", "key-account", "churn-risk", "expansion", "event-2026"];

/** Another legal form spelling of the same suffix, as people type it. */
const SUFFIX_SPELLINGS: Record<string, string[]> = {
  "Inc.": ["Inc", "Incorporated", "INC"],
  LLC: ["L.L.C.", "llc"],
  "Corp.": ["Corp", "Corporation"],
  Ltd: ["Ltd.", "Limited", "LTD"],
  "Ltd.": ["Ltd", "Limited"],
  PLC: ["plc", "P.L.C."],
  LLP: ["L.L.P."],
  GmbH: ["G.m.b.H.", "Gmbh"],
  AG: ["A.G."],
  KG: ["K.G."],
  SAS: ["S.A.S."],
  SARL: ["S.A.R.L.", "Sàrl"],
  SA: ["S.A."],
  "B.V.": ["BV", "B.V"],
  "N.V.": ["NV"],
  "S.L.": ["SL", "S.L"],
  "S.A.": ["SA", "S.A"],
  "S.r.l.": ["SRL", "Srl"],
  "S.p.A.": ["SpA", "SPA"],
  "Pty Ltd": ["Pty. Ltd.", "PTY LTD", "Pty Limited"],
  "Pvt Ltd": ["Pvt. Ltd.", "Private Limited"],
  AS: ["A/S", "as"],
  ASA: ["A.S.A."],
};

interface CompanyRow {
  core: string;
  suffix: string;
  countryIndex: number;
  domain: string;
  phone: SamplePhone;
  industry: string;
  street: string;
  city: string;
  postcode: string;
  state: string | null;
  createdAt: number;
}

/** The same organisation written another way (never identical to the original text). */
function variantName(rng: Rng, row: CompanyRow): string {
  const full = `${row.core} ${row.suffix}`;
  const options = [
    () => full.toUpperCase(),
    () => row.core.toLowerCase(),
    () => `${row.core}, ${row.suffix}`,
    () => `${row.core} ${rng.pick(SUFFIX_SPELLINGS[row.suffix] ?? [row.suffix.toUpperCase()])}`,
    () => row.core,
    () => `${row.core.replace(/ /g, "  ")} ${row.suffix} `,
    () => (stripAccents(full) !== full ? stripAccents(full) : `${row.core.replace(/ /, "-")} ${row.suffix}`),
  ];
  for (;;) {
    const name = rng.pick(options)();
    if (name !== full) return name;
  }
}

export async function generateCompanies(ctx: SampleContext, users: UserTable): Promise<CompanyTable> {
  const { rng, asOf, truth } = ctx;
  const m = ctx.counts.companies;
  const ids = Array.from({ length: m }, (_, i) => makeId("CO", i, 6));
  // Duplicate groups occupy consecutive slots: the original, then its variants.
  const dupOf = new Int32Array(m).fill(-1);
  const groups = Math.max(1, Math.round((DEFECT_RATES["company.duplicate"] * m) / 2.3));
  for (let g = 0, attempts = 0; g < groups && attempts < groups * 20; attempts++) {
    const size = rng.chance(0.7) ? 2 : 3;
    const start = rng.int(Math.max(1, m - size + 1));
    let free = start + size <= m;
    for (let k = start - 1; free && k < start + size + 1; k++) if (k >= 0 && k < m && dupOf[k] !== -1) free = false;
    if (!free) continue;
    dupOf[start] = -2; // original
    for (let k = 1; k < size; k++) dupOf[start + k] = start;
    g++;
  }

  const cores = new Set<string>();
  const country = new Uint8Array(m);
  const domain: (string | null)[] = new Array<string | null>(m).fill(null);
  const shortName: string[] = new Array<string>(m).fill("");
  const out = await openEntityCsv(ctx, "companies");
  let original: CompanyRow | null = null;
  let group: string[] = [];

  const flushGroup = () => {
    if (group.length > 1) truth.addGroup("company.duplicate", group);
    group = [];
  };

  for (let i = 0; i < m; i++) {
    const id = ids[i] as string;
    const owner = rng.chance(0.9) ? users.ids[rng.pick(users.activeIdx)] : null;
    const lifecycle = rng.pick(LIFECYCLE_STAGES);
    const tags = rng.chance(0.4) ? rng.pick(TAGS) : null;

    if (dupOf[i] !== undefined && (dupOf[i] as number) >= 0 && original) {
      // A variant of the group's original: same organisation, typed again.
      const row = original;
      const profile = COUNTRIES[row.countryIndex] as CountryProfile;
      const domainRoll = rng.next();
      const dom = domainRoll < 0.6 ? row.domain : domainRoll < 0.8 ? `www.${row.domain}` : null;
      const phoneRoll = rng.next();
      const phone =
        phoneRoll < 0.5
          ? formatPhone(row.phone, rng.pick(["national", "international", "e164"] as const))
          : phoneRoll < 0.7
            ? row.phone.text
            : null;
      const createdAt = between(rng, asOf, row.createdAt, asOf - 86_400_000);
      country[i] = row.countryIndex;
      domain[i] = dom ? row.domain : null;
      shortName[i] = row.core;
      if (
        out.add([
          id,
          variantName(rng, row),
          dom,
          rng.chance(0.7) ? row.industry : null,
          phone,
          rng.chance(0.7) ? row.street : null,
          row.city,
          rng.chance(0.7) ? row.postcode : null,
          row.state,
          profile.code,
          owner,
          lifecycle,
          tags,
          isoUtc(createdAt),
          isoUtc(between(rng, asOf, createdAt, asOf - 3_600_000)),
        ])
      )
        await out.flush();
      group.push(id);
      continue;
    }

    flushGroup();
    const countryIndex = COUNTRIES.indexOf(rng.weighted(COUNTRIES, COUNTRY_WEIGHTS));
    const profile = COUNTRIES[countryIndex] as CountryProfile;
    const words = ctx.vocab.countries[countryIndex]!;
    let core = "";
    for (let attempt = 0; ; attempt++) {
      const last = rng.pick(words.lastNames);
      const word = rng.pick(profile.businessWords);
      core =
        attempt < 3
          ? `${last} ${word}`
          : attempt < 8
            ? `${last}-${rng.pick(words.lastNames)} ${word}`
            : `${last} ${rng.pick(words.lastNames)} ${word} ${attempt}`;
      if (!cores.has(slug(core))) break;
    }
    cores.add(slug(core));
    const row: CompanyRow = {
      core,
      suffix: rng.pick(profile.legalSuffixes),
      countryIndex,
      domain: `${slug(core)}.${profile.tld}`,
      phone: ctx.phones.draw(rng, profile),
      industry: rng.pick(INDUSTRIES),
      street: rng.pick(words.streets),
      city: rng.pick(words.cities),
      postcode: rng.pick(words.postcodes),
      state: words.states.length ? rng.pick(words.states) : null,
      createdAt: daysBefore(rng, asOf, 30, 2500),
    };
    country[i] = countryIndex;
    domain[i] = row.domain;
    shortName[i] = core;
    if (
      out.add([
        id,
        `${row.core} ${row.suffix}`,
        row.domain,
        row.industry,
        row.phone.text,
        row.street,
        row.city,
        row.postcode,
        row.state,
        profile.code,
        owner,
        lifecycle,
        tags,
        isoUtc(row.createdAt),
        isoUtc(between(rng, asOf, row.createdAt, asOf - 3_600_000)),
      ])
    )
      await out.flush();
    original = row;
    if (dupOf[i] === -2) group = [id];
  }
  flushGroup();
  await out.close();
  return { count: m, ids, country, domain, shortName };
}
