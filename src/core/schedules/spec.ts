/**
 * `schedule add <kind> "<cron>" --tz <zone> [--channel …] [options]` read the same way by chat
 * and the command line: the kind from the registry, the expression and zone checked
 * (cron.ts), the kind's options through its zod schema. Errors name the part that was wrong.
 */
import { checkTimeZone, describeSchedule, formatLocal, nextFires, parseCron, ScheduleSpecError } from "./cron.js";
import { SCHEDULE_KINDS, scheduleKind } from "./kinds/registry.js";

export interface ScheduleSpec {
  kind: string;
  cron: string;
  timeZone: string;
  /** The value of --channel when given ("here" in chat). */
  channel: string | null;
  options: unknown;
}

const kindNames = () => SCHEDULE_KINDS.map((k) => k.meta.kind).join(", ");

export function parseScheduleSpec(tokens: readonly string[]): ScheduleSpec {
  const [kindName, cron, ...rest] = tokens;
  if (!kindName) throw new ScheduleSpecError("kind", `name a kind (${kindNames()})`);
  const kind = scheduleKind(kindName);
  if (!kind) throw new ScheduleSpecError("kind", `"${kindName}" is not a schedule kind (${kindNames()})`);
  if (!cron) throw new ScheduleSpecError("cron expression", `give a cron expression in quotes, e.g. "0 8 * * 1"`);
  const trimmedCron = cron.trim().split(/\s+/).join(" ");
  parseCron(trimmedCron);
  let timeZone: string | null = null;
  let channel: string | null = null;
  const raw: Record<string, string | boolean> = {};
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]!;
    if (!token.startsWith("--")) throw new ScheduleSpecError("option", `unexpected "${token}"`);
    const name = token.slice(2);
    const next = rest[i + 1];
    const value = next !== undefined && !next.startsWith("--") ? (i++, next) : true;
    if (name === "tz") {
      if (value === true) throw new ScheduleSpecError("time zone", "--tz needs a zone, e.g. --tz Europe/Berlin");
      timeZone = checkTimeZone(value);
    } else if (name === "channel") {
      if (value === true) throw new ScheduleSpecError("channel", "--channel needs a value");
      channel = value;
    } else {
      raw[name] = value;
    }
  }
  if (!timeZone)
    throw new ScheduleSpecError("time zone", "--tz <zone> is required, e.g. --tz Europe/Berlin or --tz UTC");
  const options = kind.meta.options.safeParse(raw);
  if (!options.success) {
    const issue = options.error.issues[0]!;
    const key = issue.path[0];
    const what =
      issue.code === "unrecognized_keys"
        ? `--${issue.keys[0]} is not an option of ${kind.meta.kind}`
        : `--${String(key)}: ${issue.message}`;
    throw new ScheduleSpecError("option", `${what} (${kind.meta.optionHelp.join("; ")})`);
  }
  return { kind: kind.meta.kind, cron: trimmedCron, timeZone, channel, options: options.data };
}

/** What `add` answers and `list` shows: the summary and the next fire times in the zone. */
export function describeFires(
  cron: string,
  timeZone: string,
  now: number,
  count = 3,
): { summary: string; next: string[] } {
  return {
    summary: describeSchedule(cron, timeZone),
    next: nextFires(parseCron(cron), timeZone, now, count).map((t) => formatLocal(t, timeZone)),
  };
}
