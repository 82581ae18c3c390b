/**
 * Normalised blocking fields kept beside their source columns, computed once at import (as the
 * phone's E.164 form is) so an audit does not fold, trim and abbreviate a million names, emails
 * and streets again on every first run after an import (docs/duplicates.md, "Stored keys").
 *
 * Each stored key depends on one source column only, so an import whose file lacks a column
 * (an update that leaves it untouched) leaves its key untouched too. A key is null where it was
 * never computed (records stored before the columns existed): readers then compute it from the
 * source column with the same function, so a stored and a computed key never differ.
 */
import { entitySpec, type EntityName } from "../dataset/entities.js";
import {
  normaliseEmailForMatching,
  normaliseName,
  normaliseOrganisationName,
  normalisePostcode,
  streetNumberAndStart,
} from "./normalise.js";

/** The last 7 digits of a phone number ("" under 7 digits): a number written without its area code meets the full one. */
export function phoneLocalDigits(phone: string | null | undefined): string {
  const digits = phone ? phone.replace(/[^0-9]/g, "") : "";
  return digits.length >= 7 ? digits.slice(-7) : "";
}

/** What person blocking needs of a street: its house number and the first characters of its name, as one text. */
export function streetKey(street: string | null | undefined): string {
  const { houseNumber, nameStart } = streetNumberAndStart(street);
  return `${houseNumber}|${nameStart}`;
}

/** Splits a streetKey back into its parts. */
export function streetKeyParts(key: string): { houseNumber: string; nameStart: string } {
  const bar = key.indexOf("|");
  return bar < 0
    ? { houseNumber: "", nameStart: "" }
    : { houseNumber: key.slice(0, bar), nameStart: key.slice(bar + 1) };
}

type KeyFunction = (raw: string | null | undefined) => string;

/** Per entity: source field → [stored key column, the function computing it]. */
export const STORED_KEYS = {
  contacts: {
    firstName: ["firstNameKey", normaliseName],
    lastName: ["lastNameKey", normaliseName],
    email: ["emailKey", normaliseEmailForMatching],
    phone: ["phoneKey", phoneLocalDigits],
    street: ["streetKey", streetKey],
    postcode: ["postcodeKey", normalisePostcode],
  },
  companies: {
    name: ["nameKey", normaliseOrganisationName],
  },
} as const satisfies Partial<Record<EntityName, Record<string, readonly [string, KeyFunction]>>>;

/**
 * The key columns an import writes for a file with these CSV columns (entities.ts), each with
 * the CSV column it is computed from and how.
 */
export function storedKeysFor(
  entity: EntityName,
  csvColumns: readonly string[],
): { csv: string; column: string; compute: KeyFunction }[] {
  const keys = (STORED_KEYS as Partial<Record<EntityName, Record<string, readonly [string, KeyFunction]>>>)[entity];
  if (!keys) return [];
  const spec = entitySpec(entity);
  return csvColumns.flatMap((csv) => {
    const field = spec.columns.find((c) => c.csv === csv)?.field;
    const key = field === undefined ? undefined : keys[field];
    return key ? [{ csv, column: key[0], compute: key[1] }] : [];
  });
}

/** A stored key's value for a raw value: null for a blank source (nothing to compute). */
export function storedKeyValue(compute: KeyFunction, raw: unknown): string | null {
  return typeof raw === "string" && raw !== "" ? compute(raw) : null;
}

/** The stored key, or the same key computed from the source value where none was stored. */
export function keyOr(stored: string | null | undefined, raw: string | null | undefined, compute: KeyFunction): string {
  return stored ?? compute(raw);
}
