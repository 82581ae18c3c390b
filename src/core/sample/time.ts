/**
 * Instants for sample records, always relative to the as-of instant T, and their ISO 8601
 * text. Random offsets are whole seconds that are never a whole number of minutes, so a
 * random instant can never land exactly on a threshold such as "T − 365 days": only the
 * deliberate boundary records sit on one.
 */
import { DAY_MS } from "../checks/types.js";
import type { Rng } from "./prng.js";

export { DAY_MS };
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** An instant between `minDays` and `maxDays` days before T (fractions allowed), never on a minute boundary of T. */
export function daysBefore(rng: Rng, asOf: number, minDays: number, maxDays: number): number {
  return asOf - offsetSeconds(rng, minDays * 86_400, maxDays * 86_400) * 1000;
}

/** An instant between `minDays` and `maxDays` days after T. */
export function daysAfter(rng: Rng, asOf: number, minDays: number, maxDays: number): number {
  return asOf + offsetSeconds(rng, minDays * 86_400, maxDays * 86_400) * 1000;
}

/** An instant uniformly between `from` and `to` (from ≤ to), never on a minute boundary of T. */
export function between(rng: Rng, asOf: number, from: number, to: number): number {
  if (to <= from) return to;
  const lo = Math.ceil((asOf - to) / 1000);
  const hi = Math.floor((asOf - from) / 1000);
  if (hi < lo) return to;
  return asOf - offsetSeconds(rng, lo, hi) * 1000;
}

function offsetSeconds(rng: Rng, min: number, max: number): number {
  const lo = Math.ceil(min);
  const hi = Math.floor(max);
  let s = rng.between(lo, hi);
  if (s % 60 === 0) s = s + 1 <= hi ? s + 1 : s - 1;
  return s;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => pad(i));
/** "YYYY-MM-DD" per day number: a bundle touches a few thousand distinct days, millions of times. */
const dayText = new Map<number, string>();

/** "2026-05-01T12:00:00Z" (milliseconds only when there are any). */
export function isoUtc(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let date = dayText.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayText.set(day, date);
  }
  const inDay = ms - day * DAY_MS;
  const seconds = Math.floor(inDay / 1000);
  const millis = inDay - seconds * 1000;
  return (
    `${date}T${TWO_DIGITS[Math.floor(seconds / 3600)]}:${TWO_DIGITS[Math.floor(seconds / 60) % 60]}:${TWO_DIGITS[seconds % 60]}` +
    (millis ? `.${pad(millis, 3)}` : "") +
    "Z"
  );
}

/** The same instant in local time at a fixed UTC offset, e.g. "2026-05-01T14:00:00+02:00". */
export function isoWithOffset(ms: number, offsetMinutes: number): string {
  if (offsetMinutes === 0) return isoUtc(ms);
  const local = isoUtc(ms + offsetMinutes * MINUTE_MS).slice(0, -1);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "2026-05-01": a date alone, which the contract reads as 00:00 UTC. */
export function isoDate(ms: number): string {
  return isoUtc(ms).slice(0, 10);
}

/** Midnight UTC of the day containing `ms`. */
export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}
