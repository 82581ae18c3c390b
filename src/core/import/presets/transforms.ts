/**
 * Value conversions from CRM export conventions to the canonical string format. Each returns
 * "" for "no value"; a value it does not recognise is passed through unchanged so that
 * validation reports it with the user's own text.
 */
export { countryCode } from "./countries.js";

const TRUE = new Set(["true", "yes", "1", "y"]);
const FALSE = new Set(["false", "no", "0", "n"]);

/** Yes/No, 1/0, TRUE/FALSE → "true"/"false". */
export function booleanValue(value: string): string {
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return "true";
  if (FALSE.has(v)) return "false";
  return value.trim();
}

export const isTrue = (value: string) => booleanValue(value) === "true";

/** "123;456" (HubSpot's association lists) → "123": the first (primary) id. */
export function firstId(value: string): string {
  return (
    value
      .split(/[;,]/)
      .map((s) => s.trim())
      .find((s) => s !== "") ?? ""
  );
}

/**
 * "$125,000.50", "€ 1 200", "125000" → "125000.50" / "1200". Commas are read as thousands
 * separators (exports in the US/UK style); a value with a decimal comma ("1.234,50") is passed
 * through and reported as not a number rather than guessed.
 */
export function plainNumber(value: string): string {
  const v = stripUnits(value.trim()).replace(/[\s\u00a0]/g, "");
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(v)) return v.replace(/,/g, "");
  return v === "" && value.trim() !== "" ? value.trim() : v;
}

/**
 * Drops a currency or unit before the number and anything after its last digit or dot. Done
 * with index scans: a pattern anchored only at the end (/[^\d.]+$/) retries from every
 * position and takes seconds on a long cell without digits.
 */
function stripUnits(v: string): string {
  let start = 0;
  while (start < v.length && !/[\d+.-]/.test(v[start]!)) start++;
  let end = v.length;
  while (end > start && !/[\d.]/.test(v[end - 1]!)) end--;
  return v.slice(start, end);
}

/** "https://www.acme.com/about" → "acme.com". */
export function domainFromWebsite(value: string): string {
  const v = value.trim().toLowerCase();
  if (v === "") return "";
  return (
    v
      .replace(/^[a-z][a-z0-9+.-]*:\/\//, "")
      .replace(/^www\./, "")
      // "s": "." takes line breaks too, so a cell with many "/" and a line break is not
      // rescanned from each of them.
      .replace(/[/?#:].*$/s, "")
  );
}
