/**
 * `crm-audit remind`: the owner reminders a `reminders` schedule would send (docs/reminders.md).
 *
 *   crm-audit remind [--as-of T] [--dry-run] [--format text|json] [--workspace W] [--via platform:tenant]
 *                    [--max-items N] [--repeat-after 3d] [--always] [--config file]
 *
 * With --dry-run it prints the digests, the documented JSON shape with --format json, and
 * sends, looks up and records nothing. Without it the digests of owners the bot already matched
 * to chat users are queued in the durable outbox for the running bot to send; the command line
 * holds no chat client, so it looks nobody up (owners not matched yet are listed as such).
 */
import { Command, Option } from "commander";
import type { Platform } from "../../core/commands/types.js";
import { outboxDeliverer } from "../../core/outbox/drainer.js";
import type { ReminderRunResult } from "../../core/reminders/send.js";
import { openers, type CliContext } from "../context.js";
import { CliFailure, cliConfig } from "../errors.js";
import { parseAsOf } from "./audit.js";

interface RemindOptions {
  asOf?: string;
  dryRun?: boolean;
  format: "text" | "json";
  workspace?: string;
  via: string;
  maxItems?: string;
  repeatAfter?: string;
  always?: boolean;
  config?: string;
}

/** Each digest as the console shows it, under a line saying whom it is for and when it may arrive. */
async function remindText(result: ReminderRunResult, pageSize: number, dryRun: boolean): Promise<string> {
  const { reminderDigestMessage } = await import("../../core/messages/reminders.js");
  const { renderMessage } = await import("../../console/render.js");
  const asOf = result.plan.asOf;
  const out: string[] = [];
  const verb = dryRun ? "would go" : "queued for the running bot to send";
  for (const d of result.digests) {
    const to =
      d.skipped === "unreachable"
        ? `cannot be reached (${d.reach.reason})`
        : d.skipped === "reminders off"
          ? `chat user ${d.chatUserId}, who turned reminders off`
          : `${verb} to chat user ${d.chatUserId}${d.notBefore !== null ? `, not before ${new Date(d.notBefore).toISOString()}` : ""}`;
    out.push(`── ${d.owner.name} (${d.owner.id}): ${to}`);
    const message = reminderDigestMessage({
      ownerId: d.owner.id,
      ownerName: d.owner.name,
      items: d.items,
      asOf,
      offset: 0,
      pageSize,
      heldBack: d.heldBack,
    });
    out.push(renderMessage(message).text, "");
  }
  if (result.unassigned.items.length) {
    const admins = result.unassigned.admins;
    out.push(
      `── Unassigned: ${admins.length ? `${verb} to admins ${admins.join(", ")}` : "no chat admin is known to send them to"}`,
    );
    const message = reminderDigestMessage({
      ownerId: null,
      ownerName: null,
      items: result.unassigned.items,
      asOf,
      offset: 0,
      pageSize,
    });
    out.push(renderMessage(message).text, "");
  }
  const sent = dryRun ? "" : `; ${result.delivered} handed over for delivery`;
  out.push(
    `${result.digests.length} digest(s), ${result.unassigned.items.length} unassigned item(s), ${result.upToDate} owner(s) already reminded of everything${sent}.`,
  );
  return out.join("\n");
}

/** "slack:T1" → the platform tenant people are reached on; "console" → the local console. */
function parseVia(value: string): { platform: Platform; tenantId: string } {
  if (value === "console") return { platform: "console", tenantId: "local" };
  const m = /^(slack|teams):(.+)$/.exec(value);
  if (!m)
    throw new CliFailure(`error: --via: "${value}" is not slack:<team id>, teams:<tenant id> or console`, {
      usage: true,
    });
  return { platform: m[1] as Platform, tenantId: m[2]! };
}

export function remindCommand({ env }: CliContext): Command {
  return new Command("remind")
    .description("owner reminders: print (--dry-run) or send each owner's digest of overdue tasks and stale deals")
    .option("--as-of <T>", "judge items at this instant (ISO 8601 or epoch ms; default now)")
    .option("--dry-run", "print the digests that would be sent; send, look up and record nothing")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("--workspace <id>", "workspace (default: CRM_AUDIT_WORKSPACE or 'default')")
    .option(
      "--via <platform:tenant>",
      "where owners are reached: slack:<team id>, teams:<tenant id> or console",
      "console",
    )
    .option("--max-items <n>", "items per message (1-6, default 5)")
    .option("--repeat-after <interval>", "not again within this unless it got worse (default 3d)")
    .option("--always", "every item, ignoring what was sent lately")
    .option("--config <file>", "check configuration file (default: CRM_AUDIT_CONFIG)")
    .action(async (options: RemindOptions) => {
      const cfg = cliConfig(env);
      const now = Date.now();
      const asOf = options.asOf === undefined ? now : parseAsOf(options.asOf);
      if (asOf === null) {
        throw new CliFailure(`error: --as-of: "${options.asOf}" is not an ISO 8601 date or epoch milliseconds`, {
          usage: true,
        });
      }
      const via = parseVia(options.via);
      const { default: kind } = await import("../../core/schedules/kinds/reminders.js");
      const parsed = kind.meta.options.safeParse({
        ...(options.maxItems !== undefined ? { "max-items": options.maxItems } : {}),
        ...(options.repeatAfter !== undefined ? { "repeat-after": options.repeatAfter } : {}),
        ...(options.always ? { always: true } : {}),
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new CliFailure(`error: --${String(issue.path[0])}: ${issue.message}`, { usage: true });
      }
      const { loadAuditConfig } = await import("../../core/checks/config.js");
      let fileSettings;
      try {
        fileSettings = loadAuditConfig(options.config ?? cfg.CRM_AUDIT_CONFIG).checks;
      } catch (error) {
        throw new CliFailure(
          `error: --config: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`,
        );
      }
      const { runReminders, dryRunJson } = await import("../../core/reminders/send.js");
      const { refusingDirectory, refusingDeliverer } = await import("../../core/delivery.js");
      const { openMigrated } = await openers();
      const db = await openMigrated(cfg.DATABASE_URL);
      try {
        const workspaceId = options.workspace ?? cfg.CRM_AUDIT_WORKSPACE;
        // Sent digests go into the durable outbox, which the running bot drains (docs/schedules.md).
        const deliverer = options.dryRun ? refusingDeliverer : outboxDeliverer(db.stores.chat.outbox);
        const result = await runReminders(
          {
            stores: db.stores.chat,
            fileSettings,
            deliver: (d) => deliverer.deliver(d),
            directory: refusingDirectory,
          },
          {
            workspaceId,
            ...via,
            asOf,
            now,
            keyPrefix: `remind:${workspaceId}:${asOf}`,
            pageSize: parsed.data["max-items"],
            repeatAfterMs: parsed.data["repeat-after"],
            always: parsed.data.always,
            reasons: null,
            zone: "UTC",
            dryRun: options.dryRun === true,
            lookUp: false,
          },
        );
        for (const n of result.plan.notJudged) console.error(`warning: ${n.checkId} not judged: ${n.why}`);
        if (options.format === "json") {
          console.log(JSON.stringify(dryRunJson(result), null, 2));
          return;
        }
        console.log(await remindText(result, parsed.data["max-items"], options.dryRun === true));
      } finally {
        await db.close();
      }
    });
}
