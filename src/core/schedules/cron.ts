/**
 * Cron expressions and time zones of schedules (docs/schedules.md): node-cron 4 validates and
 * parses the five fields; the zone is an IANA name Intl knows. The next fire times are computed
 * here, from any instant (node-cron's own only counts from the real clock), with node-cron's
 * matching rules: a day matches when both its day of month and its weekday match.
 *
 * Local times that do not exist (the hour skipped when clocks go forward) do not fire, as in
 * node-cron; a local time that happens twice (clocks going back) fires once, at its first
 * occurrence: fireInstant() maps both to that one instant, the key a fire is claimed under.
 */
import { validateDetailed, type ParsedFields } from "node-cron";
import { canonicalTimeZone, timeZoneProblem, wallClockAt } from "../time-zone.js";

export class ScheduleSpecError extends Error {
  constructor(
    /** What was wrong: "cron expression", "time zone", "kind", "option", "channel". */
    readonly part: string,
    message: string,
  ) {
    super(message);
    this.name = "ScheduleSpecError";
  }
}

/** The five fields of a valid expression, or a ScheduleSpecError naming the bad field. */
export function parseCron(expression: string): ParsedFields {
  const trimmed = expression.trim();
  const fields = trimmed.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) {
    throw new ScheduleSpecError(
      "cron expression",
      `"${expression}" has ${fields.length} field${fields.length === 1 ? "" : "s"}; a schedule has five: minute hour day-of-month month day-of-week (e.g. "0 8 * * 1")`,
    );
  }
  const result = validateDetailed(fields.join(" "));
  if (!result.valid || !result.fields) {
    const error = result.errors[0];
    const field =
      error?.field === "dayOfMonth" ? "day of month" : error?.field === "dayOfWeek" ? "day of week" : error?.field;
    const value = error?.value !== undefined ? ` "${error.value}"` : "";
    throw new ScheduleSpecError(
      "cron expression",
      `the ${field ?? "expression"}${value} of "${expression}" is not valid`,
    );
  }
  return result.fields;
}

/** The zone's canonical IANA name, or a ScheduleSpecError. "UTC" is accepted as is. */
export function checkTimeZone(zone: string): string {
  const canonical = canonicalTimeZone(zone);
  if (canonical === null) throw new ScheduleSpecError("time zone", timeZoneProblem(zone));
  return canonical;
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The wall-clock time in the zone at an instant (to the minute). */
export function localTime(instant: number, zone: string): LocalTime {
  const { year, month, day, hour, minute } = wallClockAt(instant, zone);
  return { year, month, day, hour, minute };
}

const sameMinute = (a: LocalTime, b: LocalTime) =>
  a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute;

/**
 * The first instant the zone's clocks show this local time, or null when they skip it. The
 * offset is taken from half a day before and after, which covers every transition in the tz
 * database (none comes closer than that to another).
 */
export function instantOf(local: LocalTime, zone: string): number | null {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const candidates = [asUtc - 12 * 3600_000, asUtc + 12 * 3600_000].map((probe) => {
    const l = localTime(probe, zone);
    const offset = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute) - Math.floor(probe / 60_000) * 60_000;
    return asUtc - offset;
  });
  const found = candidates.filter((t) => sameMinute(localTime(t, zone), local)).sort((a, b) => a - b);
  return found[0] ?? null;
}

/** The instant a fire at this moment is recorded under: the first occurrence of its local minute. */
export function fireInstant(instant: number, zone: string): number {
  return instantOf(localTime(instant, zone), zone) ?? Math.floor(instant / 60_000) * 60_000;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function dayMatches(fields: ParsedFields, year: number, month: number, day: number): boolean {
  if (!fields.month.includes(month)) return false;
  const last = daysIn(year, month);
  const dom = fields.dayOfMonth.some((v) => v === day || (v === "L" && day === last));
  if (!dom) return false;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return fields.dayOfWeek.some((v) => {
    if (typeof v === "number") return v % 7 === weekday;
    const nth = /^([0-7])#([1-5])$/.exec(v);
    if (nth) return Number(nth[1]) % 7 === weekday && Math.floor((day - 1) / 7) + 1 === Number(nth[2]);
    const lastOf = /^([0-7])L$/i.exec(v);
    return lastOf !== null && Number(lastOf[1]) % 7 === weekday && day + 7 > last;
  });
}

/** The next `count` fire instants strictly after `after`, within the next eight years. */
export function nextFires(fields: ParsedFields, zone: string, after: number, count: number): number[] {
  const out: number[] = [];
  const start = localTime(after, zone);
  let date = Date.UTC(start.year, start.month - 1, start.day);
  const hours = [...fields.hour].sort((a, b) => a - b);
  const minutes = [...fields.minute].sort((a, b) => a - b);
  for (let i = 0; i < 366 * 8 && out.length < count; i++, date += 86_400_000) {
    const d = new Date(date);
    const [year, month, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
    if (!dayMatches(fields, year, month, day)) continue;
    for (const hour of hours) {
      for (const minute of minutes) {
        const t = instantOf({ year, month, day, hour, minute }, zone);
        if (t !== null && t > after) out.push(t);
        if (out.length === count) return out;
      }
    }
  }
  return out;
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const pad = (n: number) => String(n).padStart(2, "0");
const isAll = (values: readonly unknown[], size: number) => values.length === size;

/**
 * "every Monday at 08:00 Europe/Berlin" for the common shapes (one time of day, every day,
 * weekdays, one or more weekdays, a day of the month; every N minutes; hourly at a minute),
 * the raw expression with its zone otherwise.
 */
export function describeSchedule(expression: string, zone: string): string {
  const f = parseCron(expression);
  const raw = `"${expression.trim()}" (${zone})`;
  const allMonths = isAll(f.month, 12);
  const allDom = isAll(f.dayOfMonth, 31);
  const numericDow = f.dayOfWeek.every((v) => typeof v === "number");
  const dows = [...new Set((f.dayOfWeek as number[]).map((v) => v % 7))].sort((a, b) => a - b);
  if (!allMonths || !numericDow) return raw;
  const allDow = dows.length === 7;
  if (f.minute.length === 1 && f.hour.length === 1) {
    const at = `at ${pad(f.hour[0]!)}:${pad(f.minute[0]!)} ${zone}`;
    if (allDom && allDow) return `every day ${at}`;
    if (allDom && dows.join() === "1,2,3,4,5") return `every weekday (Monday to Friday) ${at}`;
    if (allDom) return `every ${dows.map((d) => WEEKDAYS[d]).join(", ")} ${at}`;
    if (allDow && f.dayOfMonth.length === 1) {
      const d = f.dayOfMonth[0]!;
      return `on the ${d === "L" ? "last day" : ordinal(d as number)} of every month ${at}`;
    }
    return raw;
  }
  if (!allDom || !allDow) return raw;
  if (f.hour.length === 24 && f.minute.length === 1) return `every hour at minute ${f.minute[0]} (${zone})`;
  if (f.hour.length === 24 && f.minute.length > 1) {
    const step = f.minute[1]! - f.minute[0]!;
    const even = f.minute[0] === 0 && 60 % step === 0 && f.minute.every((m, i) => m === i * step);
    if (even) return step === 1 ? `every minute (${zone})` : `every ${step} minutes (${zone})`;
  }
  return raw;
}

function ordinal(n: number): string {
  const suffix =
    n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th";
  return `${n}${suffix}`;
}

/** An instant as the zone's local time, "Mon 2026-12-07 08:00 CET". */
export function formatLocal(instant: number, zone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    weekday: "short",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  })
    .format(new Date(instant))
    .replace(/^(\w+), (\d+)\/(\d+)\/(\d+), /, "$1 $4-$3-$2 ");
}
