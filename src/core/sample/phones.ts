/**
 * Phone numbers for sample records: drawn from a country's numbering ranges, confirmed valid
 * with the same parser the invalid-phone check uses, and unique across the bundle so two
 * different people never share a number by accident.
 */
import { parsePhone } from "../dataset/phone.js";
import type { CountryProfile, PhoneShape } from "./countries.js";
import type { Rng } from "./prng.js";

export type PhoneStyle = "national" | "international" | "e164";

export interface SamplePhone {
  /** As written in the CSV. */
  text: string;
  e164: string;
  country: CountryProfile;
  shape: PhoneShape;
  /** National significant number, to write the same number in another style. */
  nsn: string;
  /** The text that was checked valid when drawn; a record whose text differs must be parsed again. */
  drawnText: string;
}

/** The same number written another way: national, "+CC …" grouped, or bare E.164. */
export function formatPhone(phone: Pick<SamplePhone, "country" | "shape" | "nsn">, style: PhoneStyle): string {
  const { country, shape, nsn } = phone;
  if (style === "e164") return `+${country.callingCode}${nsn}`;
  const national = shape.national(nsn);
  if (style === "national") return national;
  const grouped = shape.trunk ? national.replace(/^\(0(\d+)\)/, "$1").replace(/^0/, "") : national;
  return `+${country.callingCode} ${grouped.replace(/[()]/g, "").replace(/-/g, " ")}`;
}

export class PhoneBook {
  /** E.164 numbers already handed out. */
  private readonly used = new Set<string>();

  /** A valid number not used before, written in one of the country's usual styles. */
  draw(rng: Rng, country: CountryProfile): SamplePhone {
    for (let attempt = 0; attempt < 200; attempt++) {
      const shape = rng.pick(country.phones);
      const nsn = shape.nsn(rng);
      const roll = rng.next();
      const style: PhoneStyle = roll < 0.6 ? "national" : roll < 0.9 ? "international" : "e164";
      const text = formatPhone({ country, shape, nsn }, style);
      const parsed = parsePhone(text, country.code);
      if (!parsed.valid || !parsed.e164 || this.used.has(parsed.e164)) continue;
      this.used.add(parsed.e164);
      return { text, e164: parsed.e164, country, shape, nsn, drawnText: text };
    }
    throw new Error(`could not draw a valid phone number for ${country.code}`);
  }
}
