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
