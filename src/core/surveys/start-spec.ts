/**
 * `survey start <template> --to <audience> [--anonymous] [--closes <date>|<n>d] [--remind every <n>d]
 * [--repeat "<cron>" --tz <zone>]`, read the same way by chat and the command line. Errors
 * name the option that was wrong.
 */
import { checkTimeZone, instantOf, parseCron, ScheduleSpecError } from "../schedules/cron.js";
import type { Audience } from "../stores/surveys.js";
import { AudienceError, parseAudience } from "./audience.js";

export class StartSpecError extends Error {}

export interface StartSpec {
  template: string;
  audience: Audience;
  anonymous: boolean;
  closesAt: number | null;
  remindEveryDays: number | null;
  repeat: { cron: string; timeZone: string } | null;
}

const DAY = 86_400_000;

/** `2026-12-24` (the end of that day in `zone`), or `7d` / `48h` from now. */
export function parseCloses(value: string, now: number, zone: string): number {
  const relative = /^(\d{1,3})([dh])$/.exec(value);
  if (relative) {
    const n = Number(relative[1]);
    if (n < 1) throw new StartSpecError("--closes: give at least 1d or 1h");
    return now + n * (relative[2] === "d" ? DAY : 3_600_000);
  }
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!date) throw new StartSpecError(`--closes "${value}": give a date (2026-12-24) or a duration (7d, 48h)`);
  const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    throw new StartSpecError(`--closes "${value}" is not a date`);
  // The end of that day: the first instant of the next one in the zone.
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  const at =
    instantOf(
      { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: 0, minute: 0 },
      zone,
    ) ?? Date.UTC(next.getUTCFullYear(), next.getUTCMonth(), next.getUTCDate());
  if (at <= now) throw new StartSpecError(`--closes ${value} is in the past`);
  return at;
}

/** `conversationId`: where the command was typed (for `--to here`). */
export function parseStartSpec(tokens: readonly string[], now: number, conversationId: string): StartSpec {
  const [template, ...rest] = tokens;
  if (!template || template.startsWith("--"))
    throw new StartSpecError("name a template (`survey templates` lists them)");
  let to: string | null = null;
  let anonymous = false;
  let closes: string | null = null;
  let remindEveryDays: number | null = null;
  let repeat: string | null = null;
  let tz: string | null = null;
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]!;
    const value = () => {
      const v = rest[++i];
      if (v === undefined || v.startsWith("--")) throw new StartSpecError(`${token} needs a value`);
      return v;
    };
    switch (token) {
      case "--to":
        to = value();
        break;
      case "--anonymous":
        anonymous = true;
        break;
      case "--closes":
        closes = value();
        break;
      case "--remind": {
        let v = value();
        if (v === "every") v = value();
        const m = /^(\d{1,2})d$/.exec(v);
        if (!m || Number(m[1]) < 1) throw new StartSpecError(`--remind "${v}": say every <n>d, e.g. --remind every 2d`);
        remindEveryDays = Number(m[1]);
        break;
      }
      case "--repeat":
        repeat = value().trim().split(/\s+/).join(" ");
        break;
      case "--tz":
        tz = value();
        break;
      default:
        throw new StartSpecError(`unexpected "${token.slice(0, 40)}"`);
    }
  }
  if (!to)
    throw new StartSpecError("--to <audience> is required (here, #channel, @user, role:<role>, team:<team>, all)");
  let audience: Audience;
  try {
    audience = parseAudience(to, conversationId);
  } catch (error) {
    if (error instanceof AudienceError) throw new StartSpecError(error.message);
    throw error;
  }
  try {
    const zone = tz ? checkTimeZone(tz) : "UTC";
    if (repeat !== null) {
      if (!tz) throw new StartSpecError('--repeat needs --tz <zone>, e.g. --repeat "0 9 1 * *" --tz Europe/Berlin');
      parseCron(repeat);
    }
    return {
      template: template.toLowerCase(),
      audience,
      anonymous,
      closesAt: closes === null ? null : parseCloses(closes, now, zone),
      remindEveryDays,
      repeat: repeat === null ? null : { cron: repeat, timeZone: zone },
    };
  } catch (error) {
    if (error instanceof ScheduleSpecError) throw new StartSpecError(`${error.part}: ${error.message}`);
    throw error;
  }
}
