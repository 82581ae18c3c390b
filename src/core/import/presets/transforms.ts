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

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** Date-format tokens, longest first, and the text each one matches. */
const DATE_TOKENS: [string, string][] = [
  ["YYYY", "(\\d{4})"],
  ["MMMM", "([A-Za-z]{3,})"],
  ["MMM", "([A-Za-z]{3})"],
  ["YY", "(\\d{2})"],
  ["MM", "(\\d{1,2})"],
  ["DD", "(\\d{1,2})"],
  ["HH", "(\\d{1,2})"],
  ["hh", "(\\d{1,2})"],
  ["mm", "(\\d{2})"],
  ["ss", "(\\d{2})"],
  ["M", "(\\d{1,2})"],
  ["D", "(\\d{1,2})"],
  ["H", "(\\d{1,2})"],
  ["h", "(\\d{1,2})"],
  ["A", "([AaPp][Mm])"],
];

export interface DateFormat {
  pattern: RegExp;
  tokens: string[];
}

/**
 * A date format such as `M/D/YYYY`, `DD.MM.YYYY HH:mm` or `D MMM YYYY h:mm A` (tokens: YYYY YY
 * MMMM MMM MM M DD D HH H hh h mm ss A; any other character stands for itself, a space for
 * any run of spaces). Throws on a format with no year, month or day.
 */
export function dateFormat(format: string): DateFormat {
  let source = "^";
  const tokens: string[] = [];
  for (let i = 0; i < format.length;) {
    const token = DATE_TOKENS.find(([t]) => format.startsWith(t, i));
    if (token) {
      source += token[1];
      tokens.push(token[0]);
      i += token[0].length;
    } else {
      const c = format[i]!;
      source += c === " " ? "\\s+" : c.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
      i++;
    }
  }
  const has = (...names: string[]) => names.some((n) => tokens.includes(n));
  if (!has("YYYY", "YY") || !has("MMMM", "MMM", "MM", "M") || !has("DD", "D"))
    throw new Error(`date format "${format}" needs a year (YYYY), a month (M, MM, MMM) and a day (D, DD)`);
  return { pattern: new RegExp(`${source}$`), tokens };
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The value as an ISO 8601 date (or date-time, when the format has a time) using the first
 * format it matches; a value no format matches is passed through, so validation reports it.
 * Ranges are not checked here: `2/30/2026` becomes `2026-02-30`, which validation refuses.
 */
export function dateWithFormats(value: string, formats: readonly DateFormat[]): string {
  const v = value.trim();
  if (v === "") return "";
  for (const { pattern, tokens } of formats) {
    const m = pattern.exec(v);
    if (!m) continue;
    let year = 0,
      month = 0,
      day = 0,
      hour = -1,
      minute = 0,
      second = 0,
      pm: boolean | null = null;
    tokens.forEach((token, i) => {
      const text = m[i + 1]!;
      const n = Number(text);
      if (token === "YYYY") year = n;
      else if (token === "YY") year = n < 70 ? 2000 + n : 1900 + n;
      else if (token === "MMM" || token === "MMMM") month = MONTHS.indexOf(text.slice(0, 3).toLowerCase()) + 1;
      else if (token === "MM" || token === "M") month = n;
      else if (token === "DD" || token === "D") day = n;
      else if (token === "HH" || token === "H" || token === "hh" || token === "h") hour = n;
      else if (token === "mm") minute = n;
      else if (token === "ss") second = n;
      else if (token === "A") pm = text.toLowerCase() === "pm";
    });
    if (month === 0) continue;
    if (pm !== null && hour >= 0) hour = (hour % 12) + (pm ? 12 : 0);
    const date = `${String(year).padStart(4, "0")}-${pad(month)}-${pad(day)}`;
    return hour < 0 ? date : `${date}T${pad(hour)}:${pad(minute)}:${pad(second)}`;
  }
  return v;
}
