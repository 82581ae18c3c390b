/**
 * KPI periods (docs/kpis.md, "Periods"): a calendar month (`2026-11`), quarter (`2026-Q3`) or
 * year (`2026`) in UTC, as the half-open interval [start, end). Without one, the last complete
 * month before now.
 */

export type PeriodKind = "month" | "quarter" | "year";

export interface Period {
  kind: PeriodKind;
  /** As typed back: "2026-11", "2026-Q3", "2026". */
  label: string;
  /** Epoch ms, included. */
  start: number;
  /** Epoch ms, excluded: the next period's start. */
  end: number;
  /** Calendar months it spans (1, 3 or 12): the ROI's costs and gains are monthly. */
  months: number;
}

export const PERIOD_FORMS = "a month (2026-11), a quarter (2026-Q3) or a year (2026)";

const MIN_YEAR = 1970;
const MAX_YEAR = 2999;

function make(kind: PeriodKind, year: number, firstMonth: number): Period {
  const months = kind === "month" ? 1 : kind === "quarter" ? 3 : 12;
  const label =
    kind === "month"
      ? `${year}-${String(firstMonth + 1).padStart(2, "0")}`
      : kind === "quarter"
        ? `${year}-Q${firstMonth / 3 + 1}`
        : String(year);
  return { kind, label, start: Date.UTC(year, firstMonth, 1), end: Date.UTC(year, firstMonth + months, 1), months };
}

/** The period a user typed, or null when it is none of the three forms (or out of range). */
export function parsePeriod(text: string): Period | null {
  const t = text.trim().toUpperCase();
  let m = /^(\d{4})-(\d{2})$/.exec(t);
  if (m) {
    const [year, month] = [Number(m[1]), Number(m[2])];
    return month >= 1 && month <= 12 && inRange(year) ? make("month", year, month - 1) : null;
  }
  m = /^(\d{4})-Q([1-4])$/.exec(t);
  if (m) return inRange(Number(m[1])) ? make("quarter", Number(m[1]), (Number(m[2]) - 1) * 3) : null;
  m = /^(\d{4})$/.exec(t);
  if (m) return inRange(Number(m[1])) ? make("year", Number(m[1]), 0) : null;
  return null;
}

const inRange = (year: number) => year >= MIN_YEAR && year <= MAX_YEAR;

/** The period of the same kind just before. */
export function previousPeriod(period: Period): Period {
  const start = new Date(period.start);
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth();
  if (period.kind === "year") return make("year", year - 1, 0);
  const back = period.kind === "quarter" ? 3 : 1;
  const d = new Date(Date.UTC(year, month - back, 1));
  return make(period.kind, d.getUTCFullYear(), d.getUTCMonth());
}

/** The last complete calendar month (UTC) before `now`. */
export function defaultPeriod(now: number): Period {
  const d = new Date(now);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1));
  return make("month", last.getUTCFullYear(), last.getUTCMonth());
}

/** Whether the period has ended by `now` (a running period's values are still moving). */
export function isComplete(period: Period, now: number): boolean {
  return period.end <= now;
}
