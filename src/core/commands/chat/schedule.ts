/**
 * `schedule list|add|remove|pause|resume|history`: what the bot posts on its own, and when
 * (docs/schedules.md). Anyone may list and see a schedule's history; admins change them. A
 * schedule made in chat posts to the conversation it was made in.
 */
import { noticeMessage } from "../../messages/help.js";
import { scheduleAddedMessage, scheduleFiresMessage, scheduleListMessage } from "../../messages/schedules.js";
import { ScheduleSpecError } from "../../schedules/cron.js";
import { parseScheduleSpec, type ScheduleSpec } from "../../schedules/spec.js";
import { expectArg, positiveInt, tooMany, UsageError } from "../args.js";
import { actorName, defineCommand } from "../define.js";

type ScheduleArgs =
  | { kind: "schedule-list" }
  | { kind: "schedule-add"; spec: ScheduleSpec }
  | { kind: "schedule-remove" | "schedule-pause" | "schedule-resume" | "schedule-history"; id: number };

const ID_VERBS = ["remove", "pause", "resume", "history"] as const;

export default defineCommand({
  meta: {
    name: "schedule",
    usage: [
      "schedule list",
      'schedule add <kind> "<cron>" --tz <zone> [--channel here] [options]',
      "schedule remove|pause|resume <id>",
      "schedule history <id>",
    ],
    summary: "scheduled posts (a weekly audit): list them and their fires; admins add, remove, pause and resume",
    who: "anyone",
    whoNote: "list, history: anyone; changes: admins",
    readOnly: false,
    category: "settings",
  },
  args(tokens): ScheduleArgs {
    const [verb = "list", ...rest] = tokens;
    if (verb === "list") return (tooMany(rest, 0), { kind: "schedule-list" });
    if (verb === "add") {
      try {
        const spec = parseScheduleSpec(rest);
        if (spec.channel !== null && spec.channel !== "here") {
          throw new ScheduleSpecError(
            "channel",
            `--channel "${spec.channel}": a schedule made in chat posts here (--channel here)`,
          );
        }
        return { kind: "schedule-add", spec };
      } catch (error) {
        if (error instanceof ScheduleSpecError) throw new UsageError(`${error.part}: ${error.message}`);
        throw error;
      }
    }
    if ((ID_VERBS as readonly string[]).includes(verb)) {
      if (rest.length !== 1) throw new UsageError(`schedule ${verb} needs one <id>`);
      const id = expectArg(positiveInt(Number.MAX_SAFE_INTEGER), rest[0]!.replace(/^#/, ""), "schedule id");
      return { kind: `schedule-${verb as (typeof ID_VERBS)[number]}`, id };
    }
    throw new UsageError(`unknown schedule action "${verb}"`);
  },
  readOnly: (args) => args.kind === "schedule-list" || args.kind === "schedule-history",
  adminOnly: (args) =>
    args.kind === "schedule-list" || args.kind === "schedule-history" ? null : "Only admins can change schedules.",
  async run({ stores, request, out, args, now }) {
    const { workspaceId, actor, conversation } = request;
    const schedules = stores.schedules;
    if (args.kind === "schedule-list") {
      return out.reply(scheduleListMessage(await schedules.list(workspaceId), now(), actor.isAdmin));
    }
    if (args.kind === "schedule-add") {
      const { spec } = args;
      const added = await schedules.add({
        workspaceId,
        kind: spec.kind,
        cron: spec.cron,
        timeZone: spec.timeZone,
        target: { platform: actor.platform, tenantId: actor.tenantId, conversationId: conversation.id },
        options: spec.options,
        createdBy: actorName(request),
        createdAt: now(),
      });
      return out.reply(scheduleAddedMessage(added, now()));
    }
    const schedule = await schedules.get(workspaceId, args.id);
    if (!schedule) {
      return out.reply(
        noticeMessage(`There is no schedule #${args.id} in this workspace.`, "`schedule list` shows them."),
      );
    }
    if (args.kind === "schedule-history")
      return out.reply(scheduleFiresMessage(schedule, await schedules.fires(schedule.id, 10)));
    if (args.kind === "schedule-remove") {
      await schedules.remove(workspaceId, schedule.id);
      return out.reply(noticeMessage(`Schedule #${schedule.id} (${schedule.kind}) removed.`));
    }
    const paused = args.kind === "schedule-pause";
    if (schedule.paused === paused) {
      return out.reply(noticeMessage(`Schedule #${schedule.id} is already ${paused ? "paused" : "running"}.`));
    }
    await schedules.setPaused(workspaceId, schedule.id, paused);
    return out.reply(
      noticeMessage(
        paused
          ? `Schedule #${schedule.id} paused: it will not fire until \`schedule resume ${schedule.id}\`.`
          : `Schedule #${schedule.id} resumed.`,
      ),
    );
  },
});
