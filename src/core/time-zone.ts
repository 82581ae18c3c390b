/**
 * IANA time zones, through the runtime's Intl (Node's ICU data): one definition for the import
 * (date-only values, docs/import.md) and the schedules (fire times, docs/schedules.md).
 */

/** The zone's canonical IANA name ("utc" → "UTC"), or null when the runtime does not know it. */
export function canonicalTimeZone(zone: string): string | null {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Whether `zone` is an IANA time zone name this runtime knows. */
export function isTimeZone(zone: string): boolean {
  return canonicalTimeZone(zone) !== null;
}

/** What is wrong with a zone that is not one, the same words wherever a zone is typed. */
export function timeZoneProblem(zone: string): string {
  return `"${zone}" is not an IANA time zone name (e.g. UTC, Europe/Berlin, America/New_York)`;
}

export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** What the zone's clocks show at `instant` (to the second). */
export function wallClockAt(instant: number, zone: string): WallClock {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(instant)) if (part.type !== "literal") parts[part.type] = Number(part.value);
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** The zone's offset from UTC at `instant`, in ms (positive east of Greenwich). */
export function zoneOffset(instant: number, zone: string): number {
  const w = wallClockAt(instant, zone);
  const local = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return local - (instant - (((instant % 1000) + 1000) % 1000));
}
