/**
 * `reminders`: a person's own reminder settings (docs/reminders.md) — on or off, quiet hours,
 * working days, time zone — and, for admins, the owners with items that reminders cannot reach.
 */
import { reminderSettingsMessage, unmatchedMessage, type UnmatchedOwner } from "../../messages/reminders.js";
import { planReminders } from "../../reminders/items.js";
import { resolveOwners } from "../../reminders/matching.js";
import { describeDays, describeQuiet, parseDays, parseQuiet, SettingsError } from "../../reminders/settings.js";
import { DEFAULT_REMINDER_SETTINGS, type ReminderSettings } from "../../stores/reminders.js";
import { canonicalTimeZone, timeZoneProblem } from "../../time-zone.js";
import { tooMany, UsageError } from "../args.js";
import { defineCommand, type CommandContext } from "../define.js";

type RemindersArgs =
  { kind: "show" } | { kind: "unmatched" } | { kind: "set"; change: Partial<ReminderSettings>; note: string };

const VERBS = ["on", "off", "quiet", "days", "tz", "unmatched"];

function settingValue(verb: string, rest: string[], example: string): string {
  if (rest.length === 0) throw new UsageError(`reminders ${verb} needs a value, e.g. reminders ${verb} ${example}`);
  tooMany(rest, 1);
  return rest[0]!;
}

async function show(ctx: CommandContext<RemindersArgs>, note?: string) {
  const { actor } = ctx.request;
  const key = { platform: actor.platform, tenantId: actor.tenantId, userId: actor.userId };
  const settings = (await ctx.stores.reminders.settings(key)) ?? DEFAULT_REMINDER_SETTINGS;
  const profileZone = settings.timeZone ? null : ((await ctx.stores.identities.get(key))?.timeZone ?? null);
  return ctx.out.reply(
    reminderSettingsMessage(
      {
        enabled: settings.enabled,
        quiet: describeQuiet(settings.quiet),
        days: describeDays(settings.days),
        timeZone: settings.timeZone ?? profileZone ?? "the schedule's",
        zoneSource: settings.timeZone
          ? "set with `reminders tz`"
          : profileZone
            ? "from your chat profile"
            : "no zone known",
      },
      note,
    ),
  );
}

export default defineCommand({
  meta: {
    name: "reminders",
    usage: [
      "reminders",
      "reminders on|off",
      "reminders quiet <HH:MM-HH:MM|off>",
      "reminders days <mon-fri|all>",
      "reminders tz <zone>",
      "reminders unmatched",
    ],
    summary: "your reminder settings (on or off, quiet hours, days, time zone); admins: owners reminders cannot reach",
    who: "anyone",
    whoNote: "anyone for their own; unmatched: admins",
    readOnly: false,
    category: "work",
  },
  args(tokens): RemindersArgs {
    const [verb, ...rest] = tokens;
    if (verb === undefined) return { kind: "show" };
    const v = verb.toLowerCase();
    if (!VERBS.includes(v)) throw new UsageError(`unknown reminders setting "${verb}" (${VERBS.join(", ")})`);
    if (v === "on" || v === "off") {
      tooMany(rest, 0);
      return { kind: "set", change: { enabled: v === "on" }, note: `Reminders turned ${v}.` };
    }
    if (v === "unmatched") return (tooMany(rest, 0), { kind: "unmatched" });
    try {
      if (v === "quiet") {
        const quiet = parseQuiet(settingValue(v, rest, "19:00-08:00"));
        return { kind: "set", change: { quiet }, note: `Quiet hours: ${describeQuiet(quiet)}.` };
      }
      if (v === "days") {
        const days = parseDays(settingValue(v, rest, "mon-fri"));
        return { kind: "set", change: { days }, note: `Reminder days: ${describeDays(days)}.` };
      }
      const typed = settingValue(v, rest, "Europe/Berlin");
      const zone = canonicalTimeZone(typed);
      if (!zone) throw new UsageError(timeZoneProblem(typed));
      return { kind: "set", change: { timeZone: zone }, note: `Time zone: ${zone}.` };
    } catch (error) {
      if (error instanceof SettingsError) throw new UsageError(error.message);
      throw error;
    }
  },
  readOnly: (args) => args.kind !== "set",
  adminOnly: (args) => (args.kind === "unmatched" ? "Only admins can list the owners reminders cannot reach." : null),
  async run(ctx) {
    const { args, request, stores } = ctx;
    const { actor, workspaceId } = request;
    if (args.kind === "show") return show(ctx);
    if (args.kind === "set") {
      const key = { platform: actor.platform, tenantId: actor.tenantId, userId: actor.userId };
      const current = (await stores.reminders.settings(key)) ?? DEFAULT_REMINDER_SETTINGS;
      await stores.reminders.putSettings(key, workspaceId, { ...current, ...args.change });
      return show(ctx, args.note);
    }
    const now = ctx.now();
    const plan = await planReminders(ctx, workspaceId, now);
    const owners = plan.owners.map((o) => o.owner);
    // From the cache: listing looks nobody up; the next reminders run does.
    const reach = await resolveOwners(stores.reminders, ctx.directory, owners, {
      workspaceId,
      platform: actor.platform,
      tenantId: actor.tenantId,
      now,
      lookUp: false,
    });
    const unmatched: UnmatchedOwner[] = plan.owners.flatMap(({ owner, items }) => {
      const r = reach.get(owner.id)!;
      if (r.chatUserId !== null) return [];
      const reason = r.reason === "not looked up yet" ? "not looked up yet: the next reminders run will" : r.reason!;
      return [
        {
          crmUserId: owner.id,
          name: owner.name,
          email: owner.email,
          items: items.length,
          reason,
          checkedAt: r.checkedAt,
        },
      ];
    });
    return ctx.out.reply(unmatchedMessage(unmatched, actor.platform));
  },
});
