/**
 * Limits on single values, the same for every source (docs/import.md, "Limits"): the longest
 * text a field may hold, the window of accepted dates, and the invisible control characters
 * that are removed from text (NUL, and the bidi overrides and isolates that can make a name
 * display as something else).
 */
import { isTimeZone, timeZoneProblem } from "../time-zone.js";
import { parseIsoTimestamp, UTC } from "./timestamp.js";

export const DEFAULT_MAX_FIELD_CHARS = 10_000;
export const DEFAULT_DATE_WINDOW = { from: "1900-01-01", to: "2200-01-01" } as const;

export interface DateWindow {
  /** ISO 8601 dates or date-times, inclusive. */
  from: string;
  to: string;
}

export interface ImportLimits {
  maxFieldChars: number;
  earliest: number;
  latest: number;
  /** `from..to` as the user gave it, for messages. */
  window: string;
  /**
   * The workspace's time zone (IANA name, default "UTC"): dates without a time are calendar
   * days of this zone and date-times without an offset its wall-clock times (docs/import.md).
   */
  timeZone: string;
}

/** `1900-01-01..2200-01-01` → a DateWindow, or a sentence saying what is wrong. */
export function parseDateWindow(text: string): DateWindow | string {
  const parts = text.split("..");
  if (parts.length !== 2) return "must be two ISO 8601 dates joined by '..' (e.g. 1900-01-01..2200-01-01)";
  const [from, to] = parts.map((p) => p.trim()) as [string, string];
  return dateWindowProblem({ from, to }) ?? { from, to };
}

function dateWindowProblem(window: DateWindow): string | null {
  const from = parseIsoTimestamp(window.from);
  const to = parseIsoTimestamp(window.to);
  if (from === null) return `"${window.from}" is not an ISO 8601 date`;
  if (to === null) return `"${window.to}" is not an ISO 8601 date`;
  return from < to ? null : `${window.from} is not before ${window.to}`;
}

/** The limits for one import; throws on values a caller of the API got wrong. */
export function importLimits(options: {
  maxFieldChars?: number;
  dateWindow?: DateWindow;
  timeZone?: string;
}): ImportLimits {
  const maxFieldChars = options.maxFieldChars ?? DEFAULT_MAX_FIELD_CHARS;
  if (!Number.isSafeInteger(maxFieldChars) || maxFieldChars < 1)
    throw new Error(`maxFieldChars must be a whole number of at least 1 (got ${maxFieldChars})`);
  const window = options.dateWindow ?? DEFAULT_DATE_WINDOW;
  const problem = dateWindowProblem(window);
  if (problem) throw new Error(`dateWindow: ${problem}`);
  const timeZone = options.timeZone ?? UTC;
  if (!isTimeZone(timeZone)) throw new Error(`timeZone: ${timeZoneProblem(timeZone)}`);
  return {
    maxFieldChars,
    earliest: parseIsoTimestamp(window.from)!,
    latest: parseIsoTimestamp(window.to)!,
    window: `${window.from}..${window.to}`,
    // "Etc/UTC", "utc" and the like are UTC too; the plain name lets timestamps skip zone maths.
    timeZone: isUtc(timeZone) ? UTC : timeZone,
  };
}

function isUtc(timeZone: string): boolean {
  return new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone === UTC;
}

/** Why a time zone name is refused, in words. */

/** NUL, LRE/RLE/PDF/LRO/RLO (U+202A–U+202E) and LRI/RLI/FSI/PDI (U+2066–U+2069). */
const HIDDEN = /[\0\u202A-\u202E\u2066-\u2069]/g;
const HAS_HIDDEN = /[\0\u202A-\u202E\u2066-\u2069]/;

/** Whether the text holds a hidden control character (stripHidden would change it). */
export function hasHidden(text: string): boolean {
  return HAS_HIDDEN.test(text);
}

/**
 * The text without hidden control characters, and a sentence naming what was removed (null
 * when nothing was).
 */
export function stripHidden(text: string): { text: string; removed: string | null } {
  if (!HAS_HIDDEN.test(text)) return { text, removed: null };
  const found = new Set<string>();
  const clean = text.replace(HIDDEN, (c) => {
    found.add(`U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
    return "";
  });
  const count = text.length - clean.length;
  const what = count === 1 ? "character" : "characters";
  return { text: clean, removed: `removed ${count} hidden control ${what} (${[...found].join(", ")})` };
}

/** The message for a value longer than the limit. */
export function tooLong(length: number, limits: ImportLimits): string {
  return `is ${length.toLocaleString("en")} characters long; the limit is ${limits.maxFieldChars.toLocaleString("en")} (--max-field-chars)`;
}
