/**
 * A chat user's reminder settings (`reminders off|on|quiet|days|tz`, docs/reminders.md) and
 * when a digest may arrive: a digest that falls in quiet hours or on a day off waits for the
 * next allowed instant in the person's zone (the Deliverer's `notBefore`). Local times are
 * turned into instants by schedules/cron.ts's instantOf, so a quiet-hours end the clocks skip
 * (spring forward) is the first minute after the gap, and one they pass twice (fall back) is
 * its first occurrence.
 */
import { instantOf, localTime } from "../schedules/cron.js";
import type { ReminderSettings } from "../stores/reminders.js";

export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

export class SettingsError extends Error {
  override name = "SettingsError";
}

/** "19:00" → minutes after midnight. */
function minutesOf(text: string): number {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!m) throw new SettingsError(`"${text}" is not a time of day (HH:MM, 00:00 to 23:59)`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** "19:00-08:00" (may cross midnight) → quiet hours; "off" or "none" → none. */
export function parseQuiet(text: string): ReminderSettings["quiet"] {
  if (/^(off|none)$/i.test(text.trim())) return null;
  const parts = text.split("-");
  if (parts.length !== 2) throw new SettingsError(`"${text}" is not a range of times, e.g. 19:00-08:00`);
  const start = minutesOf(parts[0]!);
  const end = minutesOf(parts[1]!);
  if (start === end) throw new SettingsError(`"${text}" starts and ends at the same time`);
  return { start, end };
}

/** "mon-fri", "mon,wed,fri", "sat-sun", "all" → weekday numbers (0 = Sunday), sorted. */
export function parseDays(text: string): number[] {
  const value = text.trim().toLowerCase();
  if (value === "all" || value === "every") return [0, 1, 2, 3, 4, 5, 6];
  const day = (name: string): number => {
    const i = WEEKDAYS.indexOf(name.slice(0, 3) as (typeof WEEKDAYS)[number]);
    if (i < 0 || !/^[a-z]{3,9}$/.test(name)) throw new SettingsError(`"${name}" is not a weekday (mon, tue, … sun)`);
    return i;
  };
  const days = new Set<number>();
  for (const part of value.split(",").filter(Boolean)) {
    const range = part.split("-");
    if (range.length > 2) throw new SettingsError(`"${part}" is not a day or a range of days, e.g. mon-fri`);
    const from = day(range[0]!);
    const to = day(range[1] ?? range[0]!);
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === to) break;
    }
  }
  if (days.size === 0) throw new SettingsError(`"${text}" names no day, e.g. mon-fri`);
  return [...days].sort((a, b) => a - b);
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

export function describeQuiet(quiet: ReminderSettings["quiet"]): string {
  return quiet ? `${hhmm(quiet.start)}-${hhmm(quiet.end)}` : "none";
}

/** [1..5] → "mon-fri"; every day → "every day". */
export function describeDays(days: readonly number[]): string {
  if (days.length === 7) return "every day";
  // Runs of consecutive days, Monday first (the working week reads as one run).
  const order = [1, 2, 3, 4, 5, 6, 0].filter((d) => days.includes(d));
  const runs: number[][] = [];
  for (const d of order) {
    const last = runs.at(-1);
    if (last && (last.at(-1)! + 1) % 7 === d) last.push(d);
    else runs.push([d]);
  }
  return runs
    .map((r) => (r.length > 2 ? `${WEEKDAYS[r[0]!]}-${WEEKDAYS[r.at(-1)!]}` : r.map((d) => WEEKDAYS[d]).join(",")))
    .join(",");
}

function inQuiet(minute: number, quiet: NonNullable<ReminderSettings["quiet"]>): boolean {
  return quiet.start < quiet.end
    ? minute >= quiet.start && minute < quiet.end
    : minute >= quiet.start || minute < quiet.end;
}

/** The first instant at or after the local time (year, month, day, minute-of-day) that the zone's clocks show. */
function firstInstantFrom(year: number, month: number, day: number, minuteOfDay: number, zone: string): number {
  // A time the clocks skip (spring forward) becomes the first minute they show after the gap.
  for (let m = minuteOfDay; m < minuteOfDay + 24 * 60; m++) {
    const date = new Date(Date.UTC(year, month - 1, day, 0, m));
    const at = instantOf(
      {
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        hour: date.getUTCHours(),
        minute: date.getUTCMinutes(),
      },
      zone,
    );
    if (at !== null) return at;
  }
  throw new Error(`no instant in ${zone} after ${year}-${month}-${day}`);
}

/**
 * `at` when a digest may arrive then, else the next instant it may: outside quiet hours, on one
 * of the days (in `zone`). Days and quiet hours are read on the local calendar, so "19:00-08:00"
 * on Friday with "mon-fri" waits until Monday 08:00.
 */
export function nextAllowed(at: number, settings: Pick<ReminderSettings, "quiet" | "days">, zone: string): number {
  if (settings.days.length === 0) return at;
  let t = at;
  // Each step moves to a day start or a quiet-hours end, so a week and a bit always suffices.
  for (let step = 0; step < 32; step++) {
    const local = localTime(t, zone);
    const weekday = new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay();
    const minute = local.hour * 60 + local.minute;
    if (!settings.days.includes(weekday)) {
      t = firstInstantFrom(local.year, local.month, local.day + 1, 0, zone);
      continue;
    }
    if (settings.quiet && inQuiet(minute, settings.quiet)) {
      // Quiet hours that crossed midnight and began today end tomorrow.
      const endsTomorrow = settings.quiet.start > settings.quiet.end && minute >= settings.quiet.start;
      const next = firstInstantFrom(
        local.year,
        local.month,
        local.day + (endsTomorrow ? 1 : 0),
        settings.quiet.end,
        zone,
      );
      if (next > t) {
        t = next;
        continue;
      }
      // The end's first occurrence already passed: the clocks went back inside quiet hours, so
      // the end comes round again; walk to it a minute at a time.
      let m = t;
      while (inQuiet(localTime(m, zone).hour * 60 + localTime(m, zone).minute, settings.quiet)) m += 60_000;
      t = Math.floor(m / 60_000) * 60_000;
      continue;
    }
    return t;
  }
  return t;
}
