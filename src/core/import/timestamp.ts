/**
 * ISO 8601 timestamps of the canonical format, parsed to epoch milliseconds (UTC).
 *
 * Accepted: a calendar date (`2026-05-01`, meaning 00:00 UTC), or a date and time
 * (`2026-05-01T12:00`, `…T12:00:00`, `…T12:00:00.123`) with an optional offset (`Z`, `+02:00`,
 * `+0200`, `+02`). A date-time without an offset is taken as UTC (or, through parseTimestamp,
 * as the import's time zone), so a bundle means the same instant on every machine. A space instead of `T` is accepted (RFC 3339 allows it and many
 * exports write it). Anything else, and impossible dates such as `2026-02-30`, are rejected.
 */
import { zoneOffset } from "../time-zone.js";
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

export function parseIsoTimestamp(text: string): number | null {
  return parseTimestamp(text, "start", UTC);
}

export const UTC = "UTC";
const DAY_MS = 86_400_000;

/**
 * Like parseIsoTimestamp, read in the workspace's time zone `timeZone` (an IANA name such as
 * `Europe/Berlin`; "UTC" gives parseIsoTimestamp's result): a date-time without an offset is
 * that zone's wall-clock time, and a date without a time (`2026-05-01`) is a calendar day of that
 * zone, stored as its first millisecond (`dateOnly` "start") or its last ("end"), so that
 * instants compare by calendar day (docs/import.md, "Dates without a time").
 */
export function parseTimestamp(text: string, dateOnly: "start" | "end", timeZone: string): number | null {
  if (text.length === 24) {
    const utc = parseUtcMillis(text);
    if (utc !== undefined) return utc;
  }
  const m = ISO.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] ? Number(m[4]) : 0;
  const minute = m[5] ? Number(m[5]) : 0;
  const second = m[6] ? Number(m[6]) : 0;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  let offsetMinutes = 0;
  if (m[9]) {
    const oh = Number(m[10]);
    const om = m[11] ? Number(m[11]) : 0;
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (m[9] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  const wall = wallClock(year, month, day, hour, minute, second, ms);
  if (m[4] === undefined) {
    // A calendar day: its first millisecond, or the one before the next day's first.
    if (dateOnly === "start") return inZone(wall, timeZone);
    return inZone(wall + DAY_MS, timeZone) - 1;
  }
  if (m[8] === undefined && m[9] === undefined) return inZone(wall, timeZone);
  return wall - offsetMinutes * 60_000;
}

/** `Math.floor(Number("0.ddd") * 1000)` for every three-digit fraction, as parseTimestamp computes it. */
const MILLIS = Array.from({ length: 1000 }, (_, d) => Math.floor(Number(`0.${String(d).padStart(3, "0")}`) * 1000));

/** Positions of the digits in `2026-05-01T12:00:00.000Z`. */
const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];

/**
 * `2026-05-01T12:00:00.000Z`, the form our own exports and most APIs write (toISOString), read
 * from its character codes: the same result as the general path, without a regular expression
 * and seven number conversions per value (a 1M-contact import reads millions). `undefined`
 * when the text is not exactly that form.
 */
function parseUtcMillis(text: string): number | null | undefined {
  if (
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(19) !== 46 ||
    text.charCodeAt(23) !== 90
  )
    return undefined;
  for (const at of DIGITS) {
    const c = text.charCodeAt(at);
    if (c < 48 || c > 57) return undefined;
  }
  const digit = (at: number) => text.charCodeAt(at) - 48;
  const two = (at: number) => digit(at) * 10 + digit(at + 1);
  const year = two(0) * 100 + two(2);
  const month = two(5);
  const day = two(8);
  const hour = two(11);
  const minute = two(14);
  const second = two(17);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  return wallClock(year, month, day, hour, minute, second, MILLIS[digit(20) * 100 + two(21)]!);
}

/** The wall-clock time as if it were UTC, in epoch ms. */
function wallClock(year: number, month: number, day: number, h: number, min: number, s: number, ms: number): number {
  // Date.UTC maps years 0..99 to 1900..1999; exports do not use such years, but stay exact.
  const utc = Date.UTC(year, month - 1, day, h, min, s, ms);
  return year < 100 ? new Date(utc).setUTCFullYear(year) : utc;
}

/**
 * The instant at which the zone's clocks show `wall` (a wall-clock time written as UTC ms).
 * Two corrections find it across a DST change; a time skipped by the change (02:30 on the
 * spring-forward night) lands an hour later, as most calendars do.
 */
function inZone(wall: number, timeZone: string): number {
  if (timeZone === UTC) return wall;
  const first = wall - zoneOffset(wall, timeZone);
  return wall - zoneOffset(first, timeZone);
}
