/**
 * Phone numbers through libphonenumber-js (Google's metadata), shared by the invalid-phone
 * check and duplicate detection so both read a number the same way.
 */
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";

export interface ParsedPhone {
  /** E.164 form, e.g. "+442071838750"; null when the text is not a phone number at all. */
  e164: string | null;
  /** A real number for its country (length and prefix rules), not just digits. */
  valid: boolean;
}

/** Reads a phone number; numbers without a "+" prefix are read for `country` (ISO alpha-2). */
export function parsePhone(raw: string, country: string | null): ParsedPhone {
  const region = country && /^[A-Za-z]{2}$/.test(country) ? (country.toUpperCase() as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(raw, region ? { defaultCountry: region } : undefined);
  if (!parsed) return { e164: null, valid: false };
  return { e164: parsed.number, valid: parsed.isValid() };
}

/**
 * What a stored record's import-time phone facts say for matching: the E.164 form when the
 * number is valid, null when it is not, undefined when the row predates those facts (so the
 * caller parses `phone` itself). The input of PersonLike/OrganisationLike `phoneE164`.
 */
export function storedValidE164(record: {
  phoneE164?: string | null;
  phoneValid?: boolean | null;
}): string | null | undefined {
  if (record.phoneValid === undefined || record.phoneValid === null) return undefined;
  return record.phoneValid ? (record.phoneE164 ?? null) : null;
}

/** "+49 …", "0049 …": the number carries its country code, so no region is needed to read it. */
export function hasCountryCode(raw: string): boolean {
  return /^\s*(?:\+|00[1-9])/.test(raw);
}

/** The phone fields of a stored contact or company, with the import-time facts when present. */
export interface PhoneFields {
  phone: string | null;
  country: string | null;
  phoneE164?: string | null;
  phoneValid?: boolean | null;
}

/**
 * The one reading of a stored record's phone number, shared by the invalid-phone check and
 * duplicate detection: a number without a country code is read in the record's own country,
 * else in `fallbackRegion` (its company's country, or the workspace's default region; see
 * docs/checks.md#contactinvalid-phone). The facts stored at import are used when they were read
 * the same way (own country, or an international number); null when there is no phone.
 */
export function readRecordPhone(record: PhoneFields, fallbackRegion: string | null): ParsedPhone | null {
  const raw = record.phone;
  if (raw === null || raw.trim() === "") return null;
  // A country the importer could not read as an ISO code ("Atlantis") gives no region either.
  const own = record.country !== null && /^[A-Za-z]{2}$/.test(record.country.trim());
  if (own || fallbackRegion === null || hasCountryCode(raw)) {
    if (record.phoneValid !== undefined && record.phoneValid !== null) {
      return { e164: record.phoneE164 ?? null, valid: record.phoneValid };
    }
    return parsePhone(raw, record.country);
  }
  return parsePhone(raw, fallbackRegion);
}

/** Records that name a country, at least this many, of which this share name the same one. */
export const INFERRED_REGION_MIN_RECORDS = 5;
export const INFERRED_REGION_MIN_SHARE = 0.8;

/**
 * Counts the countries records name, to infer a workspace's home region when most of them
 * share one (docs/checks.md#contactinvalid-phone): a CRM of US companies where some contacts
 * have a blank country still holds US numbers.
 */
export class CountryTally {
  private readonly counts = new Map<string, number>();
  private total = 0;

  add(country: string | null): void {
    if (country === null || !/^[A-Za-z]{2}$/.test(country.trim())) return;
    const code = country.trim().toUpperCase();
    this.counts.set(code, (this.counts.get(code) ?? 0) + 1);
    this.total++;
  }

  /** The country at least 80% of the ≥ 5 records with a country name, with its share; else null. */
  dominant(): { region: string; share: number; records: number } | null {
    if (this.total < INFERRED_REGION_MIN_RECORDS) return null;
    for (const [region, n] of this.counts) {
      const share = n / this.total;
      if (share >= INFERRED_REGION_MIN_SHARE) return { region, share, records: this.total };
    }
    return null;
  }
}
