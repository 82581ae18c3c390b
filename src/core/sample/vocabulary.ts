/**
 * Word pools drawn once per seed from faker's locale data (names, cities, streets, postcodes,
 * job titles). Rows then pick from the pools with the fast seeded PRNG: millions of faker calls
 * would dominate the run time of a 1M-contact bundle, pools of a few hundred words do not.
 */
import { COUNTRIES, fakerFor, type CountryProfile } from "./countries.js";

export interface CountryVocabulary {
  country: CountryProfile;
  firstNames: string[];
  lastNames: string[];
  cities: string[];
  streets: string[];
  postcodes: string[];
  states: string[];
}

export interface Vocabulary {
  countries: CountryVocabulary[];
  jobTitles: string[];
}

function distinct(size: number, draw: () => string): string[] {
  const seen = new Set<string>();
  for (let attempt = 0; attempt < size * 6 && seen.size < size; attempt++) {
    const value = draw().trim();
    if (value) seen.add(value);
  }
  return [...seen];
}

export function buildVocabulary(seed: number): Vocabulary {
  const countries = COUNTRIES.map((country, index) => {
    const faker = fakerFor(country, seed * 31 + index);
    return {
      country,
      // Single-word given names keep "first.last@" e-mail addresses and name variants simple.
      firstNames: distinct(300, () => faker.person.firstName()).filter((n) => !/\s/.test(n)),
      lastNames: distinct(400, () => faker.person.lastName()),
      cities: distinct(150, () => faker.location.city()),
      streets: distinct(400, () => faker.location.streetAddress()),
      postcodes: distinct(400, () => faker.location.zipCode()),
      states: country.hasStates ? distinct(40, () => faker.location.state({ abbreviated: true })) : [],
    };
  });
  const en = fakerFor(COUNTRIES[0] as CountryProfile, seed);
  return { countries, jobTitles: distinct(200, () => en.person.jobTitle()) };
}

/** Lower-case ASCII letters and digits only: "José Müller-Lüdenscheidt" → "josemullerludenscheidt". */
export function slug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss")
    .replace(/[øØ]/g, "o")
    .replace(/[æÆ]/g, "ae")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** The text without accents, case kept: "José" → "Jose". */
export function stripAccents(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .normalize("NFC");
}

/** English nicknames for duplicate variants ("Robert" filed again as "Bob"). */
export const NICKNAMES: Readonly<Record<string, string>> = {
  Robert: "Bob",
  William: "Bill",
  Elizabeth: "Liz",
  Katherine: "Kate",
  Catherine: "Cathy",
  Michael: "Mike",
  Christopher: "Chris",
  Jennifer: "Jen",
  Margaret: "Maggie",
  Richard: "Rick",
  Thomas: "Tom",
  Joseph: "Joe",
  Daniel: "Dan",
  Matthew: "Matt",
  Anthony: "Tony",
  Patricia: "Pat",
  Alexander: "Alex",
  Benjamin: "Ben",
  Samuel: "Sam",
  Jonathan: "Jon",
  Nicholas: "Nick",
  Andrew: "Andy",
  Timothy: "Tim",
  Rebecca: "Becky",
  Jessica: "Jess",
  Victoria: "Vicky",
  Johannes: "Hannes",
  Alexandra: "Alex",
  Francesco: "Franco",
  Giuseppe: "Beppe",
  Francisco: "Paco",
  Jose: "Pepe",
};
