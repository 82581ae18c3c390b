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
