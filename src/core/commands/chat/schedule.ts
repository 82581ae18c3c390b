/**
 * `schedule list|add|remove|pause|resume|history`: what the bot posts on its own, and when
 * (docs/schedules.md). Anyone may list and see a schedule's history; admins change them. A
 * schedule made in chat posts to the conversation it was made in.
 */
import { noticeMessage } from "../../messages/help.js";
import { scheduleAddedMessage, scheduleFiresMessage, scheduleListMessage } from "../../messages/schedules.js";
import { ScheduleSpecError } from "../../schedules/cron.js";
import { createScheduler, fireBatch } from "../../schedules/scheduler.js";
import { parseScheduleSpec, type ScheduleSpec } from "../../schedules/spec.js";
import { expectArg, positiveInt, tooMany, UsageError } from "../args.js";
import { actorName, defineCommand } from "../define.js";

type ScheduleArgs =
  | { kind: "schedule-list" }
  | { kind: "schedule-add"; spec: ScheduleSpec }
  | {
      kind: "schedule-remove" | "schedule-pause" | "schedule-resume" | "schedule-history" | "schedule-run";
      id: number;
    };

const ID_VERBS = ["remove", "pause", "resume", "history"] as const;

export default defineCommand({
  meta: {
    name: "schedule",
    usage: [
      "schedule list",
      'schedule add <kind> "<cron>" --tz <zone> [--channel here] [options]',
      "schedule remove|pause|resume <id>",
      "schedule history <id>",
      "schedule run <id> --now",
    ],
    summary:
      "scheduled posts (a weekly audit): list them and their fires; admins add, remove, pause, resume and run one now",
    who: "anyone",
    whoNote: "list, history: anyone; changes and run: admins",
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
    if (verb === "run") {
      // --now is required, so `run` alone never fires anything by accident.
      const now = rest.filter((t) => t === "--now");
      const ids = rest.filter((t) => t !== "--now");
      if (ids.length !== 1 || now.length !== 1) throw new UsageError("schedule run needs one <id> and --now");
      return {
        kind: "schedule-run",
        id: expectArg(positiveInt(Number.MAX_SAFE_INTEGER), ids[0]!.replace(/^#/, ""), "schedule id"),
      };
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
  async run({ stores, request, out, args, now, audit, fileSettings, logger, deliver, directory }) {
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
    if (args.kind === "schedule-history") {
      const fires = await schedules.fires(schedule.id, 10);
      const deliveries = await Promise.all(fires.map((f) => stores.outbox.batch(fireBatch(f.scheduleId, f.fireAt))));
      return out.reply(scheduleFiresMessage(schedule, fires, deliveries));
    }
    if (args.kind === "schedule-run") {
      // The same fire as a timer's (claimed, recorded, delivered through the outbox), at this instant.
      const scheduler = createScheduler({
        stores,
        audit,
        fileSettings,
        logger,
        instanceId: `chat:${actor.platform}`,
        deliverer: { deliver },
        directory,
        now,
      });
      const at = now();
      const result = await scheduler.fire(schedule, at, { trigger: "manual", by: actorName(request) });
      const fired = (await schedules.fires(schedule.id, 10)).find((f) => f.fireAt === at);
      const queued = await stores.outbox.batch(fireBatch(schedule.id, at));
      const count = queued.queued + queued.sending + queued.sent + queued.failed;
      const detail =
        result === "failed"
          ? `failed: ${fired?.error ?? "see the log"}`
          : result === "posted"
            ? `${count} message${count === 1 ? "" : "s"} handed to the outbox; they are sent at the platforms' pace`
            : result;
      return out.reply(
        noticeMessage(
          `Schedule #${schedule.id} (${schedule.kind}) fired by hand: ${detail}.`,
          `\`schedule history ${schedule.id}\` shows what was delivered.`,
        ),
      );
    }
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
