/**
 * ISO 8601 timestamps of the canonical format, parsed to epoch milliseconds (UTC).
 *
 * Accepted: a calendar date (`2026-05-01`, meaning 00:00 UTC), or a date and time
 * (`2026-05-01T12:00`, `…T12:00:00`, `…T12:00:00.123`) with an optional offset (`Z`, `+02:00`,
 * `+0200`, `+02`). A date-time without an offset is taken as UTC, so a bundle means the same
 * instant on every machine. A space instead of `T` is accepted (RFC 3339 allows it and many
 * exports write it). Anything else, and impossible dates such as `2026-02-30`, are rejected.
 */
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

export function parseIsoTimestamp(text: string): number | null {
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
  // Date.UTC maps years 0..99 to 1900..1999; exports do not use such years, but stay exact.
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const exact = year < 100 ? new Date(utc).setUTCFullYear(year) : utc;
  return exact - offsetMinutes * 60_000;
}
