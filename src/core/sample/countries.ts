/**
 * The countries sample records live in, with what differs per country: faker locale, legal
 * suffixes, currency, e-mail providers, and how local phone numbers look. Phone numbers are
 * built from real numbering-plan ranges and then checked with libphonenumber-js (phones.ts),
 * so "valid" in the sample means what the invalid-phone check means by it.
 */
import {
  Faker,
  base,
  de,
  de_CH,
  en,
  en_AU,
  en_CA,
  en_GB,
  en_IN,
  en_US,
  es,
  fr,
  it,
  nb_NO,
  nl,
  type LocaleDefinition,
} from "@faker-js/faker";
import type { Rng } from "./prng.js";

export interface PhoneShape {
  /** National significant number (no trunk prefix, no country code). */
  nsn(rng: Rng): string;
  /** How people write it nationally, e.g. "0151 23456789" or "(212) 734-5678". */
  national(nsn: string): string;
  /** The national form starts with a trunk "0" that international dialling drops. */
  trunk: boolean;
}

export interface CountryProfile {
  code: string;
  callingCode: string;
  locale: LocaleDefinition;
  /** Relative share of records. */
  weight: number;
  currency: string;
  tld: string;
  legalSuffixes: readonly string[];
  businessWords: readonly string[];
  mailProviders: readonly string[];
  hasStates: boolean;
  /** EU/EEA member or GB: contacts here need a recorded consent. */
  consentRequired: boolean;
  phones: readonly PhoneShape[];
}

const group = (s: string, sizes: number[]): string => {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    parts.push(s.slice(at, at + size));
    at += size;
  }
  if (at < s.length) parts.push(s.slice(at));
  return parts.filter((p) => p.length > 0).join(" ");
};

const withTrunk = (sizes: number[]) => ({ national: (nsn: string) => group(`0${nsn}`, sizes), trunk: true });
const plain = (sizes: number[]) => ({ national: (nsn: string) => group(nsn, sizes), trunk: false });

/** North American numbers: NPA from real area codes, NXX 200-999 avoiding N11 and 555. */
function nanp(areaCodes: readonly number[]): PhoneShape {
  return {
    nsn(rng) {
      let exchange = rng.between(200, 999);
      if (exchange % 100 === 11 || exchange === 555) exchange += 1;
      return `${rng.pick(areaCodes)}${exchange}${rng.digits(4)}`;
    },
    national: (n) => `(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`,
    trunk: false,
  };
}

const shape = (nsn: (rng: Rng) => string, style: Omit<PhoneShape, "nsn">): PhoneShape => ({ nsn, ...style });

const EN_WORDS = [
  "Analytics",
  "Logistics",
  "Consulting",
  "Systems",
  "Solutions",
  "Labs",
  "Digital",
  "Foods",
  "Energy",
  "Health",
  "Media",
  "Robotics",
  "Supply",
  "Design",
  "Engineering",
  "Networks",
  "Security",
  "Software",
  "Studios",
  "Travel",
  "Ventures",
  "Works",
  "Outfitters",
  "Freight",
  "Pharma",
  "Interiors",
] as const;

export const COUNTRIES: readonly CountryProfile[] = [
  {
    code: "US",
    callingCode: "1",
    locale: en_US,
    weight: 28,
    currency: "USD",
    tld: "com",
    legalSuffixes: ["Inc.", "LLC", "Corp."],
    businessWords: EN_WORDS,
    mailProviders: ["gmail.com", "outlook.com", "yahoo.com", "icloud.com"],
    hasStates: true,
    consentRequired: false,
    phones: [nanp([201, 206, 212, 213, 303, 305, 312, 404, 415, 503, 512, 602, 617, 702, 713, 718, 801, 917, 919])],
  },
  {
    code: "GB",
    callingCode: "44",
    locale: en_GB,
    weight: 12,
    currency: "GBP",
    tld: "co.uk",
    legalSuffixes: ["Ltd", "PLC", "LLP"],
    businessWords: EN_WORDS,
    mailProviders: ["gmail.com", "outlook.com", "btinternet.com", "yahoo.co.uk"],
    hasStates: false,
    consentRequired: true,
    phones: [
      shape((r) => `7${r.pick(["4", "5", "7", "8", "9"])}${r.digits(8)}`, withTrunk([5, 6])),
      shape((r) => `20${r.pick(["3", "7", "8"])}${r.digits(7)}`, withTrunk([3, 4, 4])),
      shape((r) => `161${r.between(2, 9)}${r.digits(6)}`, withTrunk([4, 3, 4])),
    ],
  },
  {
    code: "DE",
    callingCode: "49",
    locale: de,
    weight: 10,
    currency: "EUR",
    tld: "de",
    legalSuffixes: ["GmbH", "AG", "KG"],
    businessWords: [
      "Logistik",
      "Beratung",
      "Technik",
      "Systeme",
      "Handel",
      "Bau",
      "Medien",
      "Energie",
      "Automation",
      "Maschinenbau",
      "Software",
      "Druck",
    ],
    mailProviders: ["gmx.de", "web.de", "t-online.de", "gmail.com"],
    hasStates: false,
    consentRequired: true,
    phones: [
      shape((r) => `15${r.pick(["1", "2", "7"])}${r.between(1, 9)}${r.digits(7)}`, withTrunk([4, 8])),
      shape((r) => `17${r.between(0, 9)}${r.between(1, 9)}${r.digits(6)}`, withTrunk([4, 7])),
      shape((r) => `30${r.between(2, 9)}${r.digits(7)}`, withTrunk([3, 8])),
    ],
  },
  {
    code: "FR",
    callingCode: "33",
    locale: fr,
    weight: 8,
    currency: "EUR",
    tld: "fr",
    legalSuffixes: ["SAS", "SARL", "SA"],
    businessWords: [
      "Conseil",
      "Logistique",
      "Services",
      "Technologies",
      "Distribution",
      "Industries",
      "Énergie",
      "Médias",
      "Ingénierie",
      "Bâtiment",
    ],
    mailProviders: ["orange.fr", "free.fr", "gmail.com", "laposte.net"],
    hasStates: false,
    consentRequired: true,
    phones: [
      shape((r) => `6${r.between(1, 9)}${r.digits(7)}`, withTrunk([2, 2, 2, 2, 2])),
      shape((r) => `1${r.between(4, 5)}${r.digits(7)}`, withTrunk([2, 2, 2, 2, 2])),
    ],
  },
  {
    code: "NL",
    callingCode: "31",
    locale: nl,
    weight: 5,
    currency: "EUR",
    tld: "nl",
    legalSuffixes: ["B.V.", "N.V."],
    businessWords: [
      "Techniek",
      "Logistiek",
      "Advies",
      "Installaties",
      "Bouw",
      "Media",
      "Software",
      "Handel",
      "Transport",
    ],
    mailProviders: ["ziggo.nl", "kpnmail.nl", "gmail.com", "outlook.com"],
    hasStates: false,
    consentRequired: true,
    phones: [
      shape((r) => `6${r.between(1, 5)}${r.digits(7)}`, withTrunk([2, 8])),
      shape((r) => `20${r.between(2, 8)}${r.digits(6)}`, withTrunk([3, 3, 4])),
    ],
  },
  {
    code: "ES",
    callingCode: "34",
    locale: es,
    weight: 5,
    currency: "EUR",
    tld: "es",
    legalSuffixes: ["S.L.", "S.A."],
    businessWords: [
      "Servicios",
      "Logística",
      "Consultores",
      "Tecnología",
      "Distribuciones",
      "Ingeniería",
      "Soluciones",
      "Construcciones",
    ],
    mailProviders: ["gmail.com", "hotmail.es", "telefonica.net", "yahoo.es"],
    hasStates: false,
    consentRequired: true,
    phones: [
      shape((r) => `6${r.digits(8)}`, plain([3, 3, 3])),
      shape((r) => `91${r.between(2, 7)}${r.digits(6)}`, plain([3, 3, 3])),
    ],
  },
  {
    code: "IT",
    callingCode: "39",
    locale: it,
    weight: 5,
    currency: "EUR",
    tld: "it",
    legalSuffixes: ["S.r.l.", "S.p.A."],
    businessWords: [
      "Servizi",
      "Logistica",
      "Consulenze",
      "Tecnologie",
      "Impianti",
      "Costruzioni",
      "Sistemi",
      "Trasporti",
    ],
    mailProviders: ["libero.it", "gmail.com", "virgilio.it", "tiscali.it"],
    hasStates: false,
    consentRequired: true,
    phones: [
      shape(
        (r) => `3${r.pick(["20", "28", "33", "34", "35", "38", "39", "40", "47", "48", "49"])}${r.digits(7)}`,
        plain([3, 3, 4]),
      ),
      shape((r) => `06${r.between(3, 9)}${r.digits(7)}`, plain([2, 4, 4])),
    ],
  },
  {
    code: "CA",
    callingCode: "1",
    locale: en_CA,
    weight: 6,
    currency: "CAD",
    tld: "ca",
    legalSuffixes: ["Inc.", "Ltd.", "Corp."],
    businessWords: EN_WORDS,
    mailProviders: ["gmail.com", "outlook.com", "rogers.com", "shaw.ca"],
    hasStates: true,
    consentRequired: false,
    phones: [nanp([416, 604, 514, 403, 613, 780, 902, 905, 647, 778])],
  },
  {
    code: "AU",
    callingCode: "61",
    locale: en_AU,
    weight: 5,
    currency: "AUD",
    tld: "com.au",
    legalSuffixes: ["Pty Ltd", "Ltd"],
    businessWords: EN_WORDS,
    mailProviders: ["gmail.com", "bigpond.com", "outlook.com", "optusnet.com.au"],
    hasStates: true,
    consentRequired: false,
    phones: [
      shape((r) => `4${r.between(0, 9)}${r.digits(7)}`, withTrunk([4, 3, 3])),
      shape((r) => `29${r.between(2, 9)}${r.digits(6)}`, {
        national: (n) => `(0${n.slice(0, 1)}) ${n.slice(1, 5)} ${n.slice(5)}`,
        trunk: true,
      }),
    ],
  },
  {
    code: "IN",
    callingCode: "91",
    locale: en_IN,
    weight: 10,
    currency: "INR",
    tld: "in",
    legalSuffixes: ["Pvt Ltd", "Ltd"],
    businessWords: EN_WORDS,
    mailProviders: ["gmail.com", "yahoo.co.in", "rediffmail.com", "outlook.com"],
    hasStates: true,
    consentRequired: false,
    phones: [shape((r) => `${r.pick(["98", "97", "99", "88", "70", "63"])}${r.digits(8)}`, plain([5, 5]))],
  },
  {
    code: "CH",
    callingCode: "41",
    locale: de_CH,
    weight: 3,
    currency: "CHF",
    tld: "ch",
    legalSuffixes: ["AG", "GmbH"],
    businessWords: ["Treuhand", "Technik", "Beratung", "Logistik", "Uhren", "Software", "Handel"],
    mailProviders: ["bluewin.ch", "gmail.com", "gmx.ch", "hispeed.ch"],
    hasStates: false,
    consentRequired: false,
    phones: [shape((r) => `7${r.pick(["6", "8", "9"])}${r.digits(7)}`, withTrunk([3, 3, 2, 2]))],
  },
  {
    code: "NO",
    callingCode: "47",
    locale: nb_NO,
    weight: 3,
    currency: "NOK",
    tld: "no",
    legalSuffixes: ["AS", "ASA"],
    businessWords: ["Rådgivning", "Logistikk", "Teknikk", "Bygg", "Media", "Data", "Handel", "Sjømat"],
    mailProviders: ["online.no", "gmail.com", "hotmail.no", "outlook.com"],
    hasStates: false,
    consentRequired: true,
    phones: [shape((r) => `${r.pick(["4", "9"])}${r.digits(7)}`, plain([3, 2, 3]))],
  },
];

export const COUNTRY_WEIGHTS = COUNTRIES.map((c) => c.weight);

/** A faker instance for one country's locale, seeded so vocabulary pools are reproducible. */
export function fakerFor(country: CountryProfile, seed: number): Faker {
  const faker = new Faker({ locale: [country.locale, en, base] });
  faker.seed(seed);
  return faker;
}
