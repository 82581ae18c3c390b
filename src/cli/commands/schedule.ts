/**
 * `crm-audit schedule list|add|remove|pause|resume|history`: the chat command's schedules from
 * the command line (docs/schedules.md). A schedule added here posts to the console unless
 * `--channel slack:<team id>:<channel id>` or `--channel teams:<tenant id>:<conversation id>`
 * names a conversation. The running bot picks up changes within its reload interval.
 */
import { Command } from "commander";
import type { ScheduleTarget } from "../../core/stores/schedules.js";
import { openers, withChatStores, type CliContext } from "../context.js";
import { CliFailure, cliConfig } from "../errors.js";

interface WorkspaceOption {
  workspace?: string;
}

/** "slack:T1:C1" → a target; Teams conversation ids hold colons, so only the first two split. */
export function parseChannel(value: string | null): ScheduleTarget {
  if (value === null || value === "console")
    return { platform: "console", tenantId: "local", conversationId: "console" };
  const match = /^(slack|teams):([^:]+):(.+)$/.exec(value);
  if (!match) {
    throw new CliFailure(
      `error: channel: "${value}" is not slack:<team id>:<channel id>, teams:<tenant id>:<conversation id> or console`,
    );
  }
  return { platform: match[1] as "slack" | "teams", tenantId: match[2]!, conversationId: match[3]! };
}

const idOf = (value: string) => {
  const id = Number(value.replace(/^#/, ""));
  if (!Number.isInteger(id) || id < 1) throw new CliFailure(`error: "${value}" is not a schedule id`);
  return id;
};

export function scheduleCommand({ env }: CliContext): Command {
  const schedule = new Command("schedule").description(
    "scheduled posts: list, add, remove, pause, resume, history, run one now",
  );
  const workspaceOption = ["--workspace <id>", "workspace (default: CRM_AUDIT_WORKSPACE or 'default')"] as const;
  schedule
    .command("list")
    .description("the workspace's schedules, when they fire next and where they post")
    .option(...workspaceOption)
    .action(async (options: WorkspaceOption) => {
      const { describeFires } = await import("../../core/schedules/spec.js");
      const { targetLabel } = await import("../../core/messages/schedules.js");
      await withChatStores(env, options.workspace, async (stores, workspaceId) => {
        const all = await stores.schedules.list(workspaceId);
        if (all.length === 0) return console.log(`no schedules in workspace ${workspaceId}`);
        for (const s of all) {
          const { summary, next } = describeFires(s.cron, s.timeZone, Date.now(), 1);
          const when = s.paused ? "paused" : `next ${next[0] ?? "never"}`;
          console.log(
            `#${s.id} ${s.kind} ${summary}; ${when}; posts to ${targetLabel(s)}; options ${JSON.stringify(s.options)}`,
          );
        }
      });
    });
  schedule
    .command("add")
    .description('add a schedule: <kind> "<cron>" --tz <zone> [--channel …] [the kind\'s options]')
    .argument("<spec...>", 'kind, cron expression in quotes, --tz <zone>, e.g. audit "0 8 * * 1" --tz Europe/Berlin')
    .option(...workspaceOption)
    .allowUnknownOption()
    .helpOption("-h, --help")
    .action(async (spec: string[], options: WorkspaceOption) => {
      const { parseScheduleSpec, describeFires } = await import("../../core/schedules/spec.js");
      const { ScheduleSpecError } = await import("../../core/schedules/cron.js");
      const { targetLabel } = await import("../../core/messages/schedules.js");
      let parsed;
      try {
        parsed = parseScheduleSpec(spec);
      } catch (error) {
        if (error instanceof ScheduleSpecError) throw new CliFailure(`error: ${error.part}: ${error.message}`);
        throw error;
      }
      const target = parseChannel(parsed.channel);
      await withChatStores(env, options.workspace, async (stores, workspaceId) => {
        const added = await stores.schedules.add({
          workspaceId,
          kind: parsed.kind,
          cron: parsed.cron,
          timeZone: parsed.timeZone,
          target,
          options: parsed.options,
          createdBy: "cli",
          createdAt: Date.now(),
        });
        const { summary, next } = describeFires(added.cron, added.timeZone, Date.now(), 3);
        console.log(`schedule #${added.id} added: ${added.kind} ${summary}, posting to ${targetLabel(added)}`);
        console.log(`next: ${next.join("; ")}`);
      });
    });
  schedule
    .command("run")
    .description("fire a schedule once by hand; its messages are queued in the outbox for the running bot to send")
    .argument("<id>", "the schedule's id (schedule list)")
    .requiredOption("--now", "fire it now (required, so nothing fires by accident)")
    .option(...workspaceOption)
    .action(async (value: string, options: WorkspaceOption) => {
      const id = idOf(value);
      const cfg = cliConfig(env);
      const [{ openMigrated }, { createAuditService }, { loadAuditConfig }, scheduler, drainer] = await Promise.all([
        openers(),
        import("../../core/audit/service.js"),
        import("../../core/checks/config.js"),
        import("../../core/schedules/scheduler.js"),
        import("../../core/outbox/drainer.js"),
      ]);
      const { silentLogger } = await import("../../logger.js");
      const fileConfig = loadAuditConfig(cfg.CRM_AUDIT_CONFIG);
      const db = await openMigrated(cfg.DATABASE_URL);
      const audit = createAuditService(db.stores, { configFile: cfg.CRM_AUDIT_CONFIG });
      try {
        const workspaceId = options.workspace ?? cfg.CRM_AUDIT_WORKSPACE;
        const found = await db.stores.chat.schedules.get(workspaceId, id);
        if (!found) throw new CliFailure(`error: no schedule #${id} in workspace ${workspaceId}`);
        const at = Date.now();
        // The command line reaches no chat platform: it queues, and `crm-audit serve` sends.
        const result = await scheduler
          .createScheduler({
            stores: db.stores.chat,
            audit,
            fileSettings: fileConfig.checks,
            kpiSettings: { config: fileConfig.kpis ?? null, systemUsers: fileConfig.systemUsers ?? [] },
            logger: silentLogger,
            instanceId: "cli",
            deliverer: drainer.outboxDeliverer(db.stores.chat.outbox),
            now: () => at,
          })
          .fire(found, at, { trigger: "manual", by: "cli" });
        const fire = (await db.stores.chat.schedules.fires(id, 10)).find((f) => f.fireAt === at);
        if (result === "failed")
          throw new CliFailure(`error: schedule #${id} failed: ${fire?.error ?? "unknown error"}`);
        const batch = await db.stores.chat.outbox.batch(scheduler.fireBatch(id, at));
        const queued = batch.queued + batch.sending + batch.sent + batch.failed;
        console.log(`schedule #${id} (${found.kind}) fired by hand: ${result}`);
        console.log(
          queued === 0
            ? "nothing was queued for delivery"
            : `${queued} message${queued === 1 ? "" : "s"} queued in the outbox: a running \`crm-audit serve\` (npm start) on this database sends ${queued === 1 ? "it" : "them"}; nothing is sent from here. \`crm-audit schedule history ${id}\` shows the delivery.`,
        );
      } finally {
        await audit.close();
        await db.close();
      }
    });
  for (const [verb, description] of [
    ["remove", "remove a schedule and its history"],
    ["pause", "stop a schedule firing"],
    ["resume", "let a paused schedule fire again"],
    ["history", "a schedule's last ten fires and their outcomes"],
  ] as const) {
    schedule
      .command(verb)
      .description(description)
      .argument("<id>", "the schedule's id (schedule list)")
      .option(...workspaceOption)
      .action(async (value: string, options: WorkspaceOption) => {
        const id = idOf(value);
        const { formatLocal } = await import("../../core/schedules/cron.js");
        await withChatStores(env, options.workspace, async (stores, workspaceId) => {
          const found = await stores.schedules.get(workspaceId, id);
          if (!found) throw new CliFailure(`error: no schedule #${id} in workspace ${workspaceId}`);
          if (verb === "remove") {
            await stores.schedules.remove(workspaceId, id);
            return console.log(`schedule #${id} removed`);
          }
          if (verb === "history") {
            const fires = await stores.schedules.fires(id, 10);
            if (fires.length === 0) return console.log(`schedule #${id} has not fired yet`);
            const { fireBatch } = await import("../../core/schedules/scheduler.js");
            const { deliveredLabel, postedToLabel } = await import("../../core/messages/schedules.js");
            for (const f of fires) {
              const d = await stores.outbox.batch(fireBatch(f.scheduleId, f.fireAt));
              const how = f.trigger === "timer" ? "" : ` (${f.trigger})`;
              const to = postedToLabel(found, d);
              const errors = [f.error, ...d.errors].filter(Boolean).join("; ");
              console.log(
                `${formatLocal(f.fireAt, found.timeZone)}${how}  ${f.outcome}` +
                  (to ? `; to ${to}` : "") +
                  `; delivered: ${deliveredLabel(d)}` +
                  (errors ? `; errors: ${errors}` : ""),
              );
            }
            return;
          }
          await stores.schedules.setPaused(workspaceId, id, verb === "pause");
          console.log(`schedule #${id} ${verb === "pause" ? "paused" : "resumed"}`);
        });
      });
  }
  return schedule;
}
