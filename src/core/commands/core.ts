/**
 * The chat core: every `/crm-audit` command, button and form, implemented once for all
 * platforms. Platform layers resolve the workspace and the actor, then call these methods
 * with a Responder; messages for a channel are masked here, on the way out.
 */
import type { Database } from "../../db/database.js";
import type { Logger } from "../../logger.js";
import { NothingToAuditError, type AuditService } from "../audit/types.js";
import { CheckSelectionError, resolveCheckId, resolveSelection } from "../checks/select.js";
import { DAY_MS, type Check } from "../checks/types.js";
import { findCrmUser, findDealsNeedingAttention, findOverdueTasks } from "../dataset/queries.js";
import { historyMessage, noAuditYetMessage, progressMessage, runTitle } from "../messages/audit.js";
import { configChangedMessage, configMessage, configResetMessage, CONFIG_FORM_ID } from "../messages/config.js";
import { helpMessage, noticeMessage, usageMessage } from "../messages/help.js";
import { maskMessage } from "../messages/mask.js";
import type { Message } from "../messages/model.js";
import { homeMessage, overdueMessage } from "../messages/personal.js";
import { parseActionValue, type ActionValue } from "./actions.js";
import { findingRecordsOf, findingsListOf, summaryOf } from "./audit-views.js";
import {
  readCheckConfigs,
  resetCheckSetting,
  setCheckEnabled,
  setCheckSetting,
  type CheckSettingsLayer,
} from "./check-config.js";
import { crmUserIdOfChatUser, identify, resolveWorkspace, type IdentityOptions } from "./identity.js";
import { parseCommand, USAGE, COMMAND_NAME, type Command, type UserRef } from "./parse.js";
import type {
  ActionRequest,
  ChatCore,
  CommandRequest,
  FormResult,
  FormSubmission,
  RequestContext,
  Responder,
} from "./types.js";

export interface ChatCoreDeps {
  db: Database;
  audit: AuditService;
  logger: Logger;
  adminUserIds: { slack: string[]; teams: string[] };
  /** The checks the audit knows (the registry); used to validate check ids and settings. */
  checks?: readonly Check[];
  /**
   * Settings from the check configuration file (CRM_AUDIT_CONFIG) by check id, so `config`
   * shows what the audit really uses: defaults ← file ← workspace overrides.
   */
  fileSettings?: Readonly<Record<string, CheckSettingsLayer>>;
  /** The workspace the local console works on (CRM_AUDIT_WORKSPACE); "default" when not given. */
  consoleWorkspaceId?: string;
  /**
   * The one tenant each single-organisation platform serves, mapped to the console's workspace;
   * other tenants of that platform are refused. Read on every request (see SingleTenants).
   */
  singleTenant?: IdentityOptions["singleTenant"];
  /** The clock; tests pin it. */
  now?: () => number;
}

/**
 * Every answer leaves through here: a channel message is masked, whoever built it. Proactive
 * sends (Slack `send`, Teams `sendProactive`) apply the same `maskMessage` at their exit.
 */
export function masking(responder: Responder): Responder {
  return {
    reply: (message) => responder.reply(maskMessage(message)),
    update: (message) => responder.update(maskMessage(message)),
  };
}

function actorName(context: RequestContext): string {
  return context.actor.displayName ?? context.actor.email ?? context.actor.userId;
}

export function createChatCore(deps: ChatCoreDeps): ChatCore {
  const { db, audit, logger } = deps;
  const checks = deps.checks ?? [];
  const fileSettings = deps.fileSettings ?? {};
  const now = deps.now ?? Date.now;
  const identityOptions: IdentityOptions = {
    consoleWorkspaceId: deps.consoleWorkspaceId ?? "default",
    adminUserIds: deps.adminUserIds,
    ...(deps.singleTenant ? { singleTenant: deps.singleTenant } : {}),
  };
  const checkById = (id: string) => checks.find((c) => c.meta.id === id);
  const metas = checks.map((c) => c.meta);

  /** The check a typed name resolves to, or the usage error saying why there is none. */
  function checkNamed(name: string, usage: string): { check: Check } | { message: Message } {
    try {
      return { check: checkById(resolveCheckId(metas, name))! };
    } catch (error) {
      if (!(error instanceof CheckSelectionError)) throw error;
      return { message: usageMessage(error.message, `${COMMAND_NAME} ${usage}`) };
    }
  }

  async function runAudit(context: RequestContext, select: string[], post: boolean, out: Responder): Promise<void> {
    const visibility = post ? "channel" : "private";
    await out.reply(progressMessage(select, visibility));
    try {
      const result = await audit.run({
        workspaceId: context.workspaceId,
        select: select.length ? select : undefined,
        trigger: context.actor.platform,
        requestedBy: actorName(context),
      });
      await out.update(summaryOf(db, result, visibility));
    } catch (error) {
      if (error instanceof NothingToAuditError) {
        const nothing = noticeMessage(
          "There is nothing to audit: this workspace has no CRM data yet.",
          "Import an export first: `npx crm-audit import <folder>` (docs/import.md).",
        );
        return out.update({ ...nothing, visibility });
      }
      logger.error("audit run failed", { workspaceId: context.workspaceId, error: String(error) });
      await out.update({ ...noticeMessage(`The audit failed: ${(error as Error).message}`), visibility });
    }
  }

  /** The CRM user a command is about, or a message explaining why there is none. */
  async function resolveUser(
    context: RequestContext,
    who: UserRef | null,
  ): Promise<{ user: { id: string; name: string; email: string } } | { message: Message }> {
    const { workspaceId, actor } = context;
    let crmUserId: string | null;
    if (who === null) {
      crmUserId = actor.crmUserId;
      if (!crmUserId) {
        const example = db.sqlite
          .prepare(`SELECT email FROM crm_users WHERE workspaceId = ? AND active = 1 ORDER BY id LIMIT 1`)
          .get(workspaceId) as { email: string } | undefined;
        return {
          message: noticeMessage(
            "Your chat account is not linked to a CRM user (no CRM user has your email).",
            `Name one: \`${COMMAND_NAME} overdue ${example?.email ?? "<email or CRM user id>"}\``,
          ),
        };
      }
    } else if (who.kind === "mention") {
      crmUserId = await crmUserIdOfChatUser(db, workspaceId, actor.platform, actor.tenantId, who.userId);
      if (!crmUserId) return { message: noticeMessage("That person is not linked to a CRM user yet.") };
    } else {
      const viaChat = await crmUserIdOfChatUser(db, workspaceId, actor.platform, actor.tenantId, who.idOrEmail);
      crmUserId = viaChat ?? findCrmUser(db.sqlite, workspaceId, who.idOrEmail)?.id ?? null;
      if (!crmUserId) return { message: noticeMessage(`No CRM user "${who.idOrEmail}" in this workspace.`) };
    }
    // Anyone may see their own items; someone else's are for admins (issue #4, "who may do what").
    if (crmUserId !== actor.crmUserId && !actor.isAdmin) {
      return { message: noticeMessage("Only admins can see someone else's overdue items. `overdue` shows yours.") };
    }
    const user = findCrmUser(db.sqlite, workspaceId, crmUserId);
    return user ? { user } : { message: noticeMessage(`No CRM user "${crmUserId}" in this workspace.`) };
  }

  async function overdueFor(context: RequestContext, who: UserRef | null, offset: number): Promise<Message> {
    const resolved = await resolveUser(context, who);
    if ("message" in resolved) return resolved.message;
    const t = now();
    const tasks = findOverdueTasks(db.sqlite, context.workspaceId, resolved.user.id, t);
    const deals = findDealsNeedingAttention(db.sqlite, context.workspaceId, resolved.user.id, t);
    return overdueMessage(resolved.user, tasks, deals, t, offset);
  }

  async function command(context: CommandRequest, parsed: Command, out: Responder): Promise<void> {
    const { workspaceId, actor } = context;
    switch (parsed.kind) {
      case "help":
        return out.reply(helpMessage());
      case "run": {
        if (parsed.post && !actor.isAdmin) {
          return out.reply(
            noticeMessage("Only admins can post an audit to the channel. Run it without --post to see it yourself."),
          );
        }
        let select = parsed.select;
        try {
          // Without the registry (some tests), names go to the audit as typed; it resolves them too.
          if (checks.length) select = resolveSelection(metas, parsed.select) ?? [];
        } catch (error) {
          if (!(error instanceof CheckSelectionError)) throw error;
          return out.reply(usageMessage(error.message, `${COMMAND_NAME} ${USAGE.run}`));
        }
        return runAudit(context, select, parsed.post, out);
      }
      case "status": {
        const latest = await audit.latest(workspaceId);
        if (!latest) return out.reply(noAuditYetMessage());
        return out.reply(summaryOf(db, latest, "private", `Latest ${runTitle(latest)}`));
      }
      case "findings": {
        // A name that is no check is a usage error whether or not an audit has run.
        const named = checkNamed(parsed.checkId, USAGE.findings!);
        if ("message" in named) return out.reply(named.message);
        const latest = await audit.latest(workspaceId);
        if (!latest) return out.reply(noAuditYetMessage());
        const id = named.check.meta.id;
        const finding = latest.findings.find((f) => f.checkId === id);
        if (!finding) return out.reply(noticeMessage(`${id} was not part of run #${latest.id} or found nothing.`));
        return out.reply(findingRecordsOf(db, latest, finding, parsed.page - 1));
      }
      case "overdue":
        return out.reply(await overdueFor(context, parsed.who, 0));
      case "history":
        return out.reply(historyMessage(await audit.history(workspaceId, parsed.limit)));
      case "config":
        return out.reply(
          configMessage(await readCheckConfigs(db.prisma, workspaceId, checks, fileSettings), actor.isAdmin),
        );
      case "config-set":
      case "config-enable":
      case "config-reset": {
        if (!actor.isAdmin) return out.reply(noticeMessage("Only admins can change check settings."));
        const named = checkNamed(parsed.checkId, USAGE.config!);
        if ("message" in named) return out.reply(named.message);
        const { check } = named;
        const file = fileSettings[check.meta.id];
        if (parsed.kind === "config-enable") {
          const { config, changed } = await setCheckEnabled(
            db.prisma,
            workspaceId,
            check,
            parsed.enabled,
            actorName(context),
            file,
          );
          if (!changed)
            return out.reply(noticeMessage(`${check.meta.id} is already ${config.enabled ? "on" : "off"}.`));
          return out.reply(configChangedMessage(config, actorName(context)));
        }
        if (parsed.kind === "config-reset") {
          const reset = await resetCheckSetting(
            db.prisma,
            workspaceId,
            check,
            parsed.key ?? undefined,
            actorName(context),
            file,
          );
          if (!reset.ok) return out.reply(usageMessage(reset.error, `${COMMAND_NAME} ${USAGE.config}`));
          return out.reply(configResetMessage(reset.config, parsed.key, reset.removed, actorName(context)));
        }
        const result = await setCheckSetting(
          db.prisma,
          workspaceId,
          check,
          parsed.key,
          parsed.value,
          actorName(context),
          file,
        );
        if (!result.ok) return out.reply(usageMessage(result.error, `${COMMAND_NAME} ${USAGE.config}`));
        return out.reply(configChangedMessage(result.config, actorName(context)));
      }
    }
  }

  /** `replaces`: the answer is the refreshed list the button was on, not a separate note. */
  async function markTaskDone(
    context: RequestContext,
    value: ActionValue<"task.done">,
  ): Promise<{ message: Message; replaces: boolean }> {
    const note = (text: string) => ({ message: noticeMessage(text), replaces: false });
    const where = { workspaceId_id: { workspaceId: context.workspaceId, id: value.taskId } };
    const task = await db.prisma.task.findUnique({ where });
    if (!task) return note("That task is no longer in the CRM copy.");
    if (task.assigneeId !== context.actor.crmUserId && !context.actor.isAdmin) {
      return note("Only the task's assignee or an admin can mark it done.");
    }
    if (task.status === "done") return note(`"${task.subject}" was already done.`);
    await db.prisma.task.update({ where, data: { status: "done", completedAt: new Date(now()) } });
    const done = `Marked "${task.subject}" done. This changes the bot's copy: close it in the CRM too, or the next import reopens it.`;
    if (!task.assigneeId) return note(done);
    // The button sits on an overdue list: show that list again without the task.
    const list = await overdueFor(context, { kind: "crm", idOrEmail: task.assigneeId }, 0);
    return { message: { ...list, blocks: [{ type: "context", text: done }, ...list.blocks] }, replaces: true };
  }

  async function snooze(context: RequestContext, value: ActionValue<"reminder.snooze">): Promise<Message> {
    const { workspaceId, actor } = context;
    const owner =
      value.recordType === "task"
        ? (await db.prisma.task.findUnique({ where: { workspaceId_id: { workspaceId, id: value.recordId } } }))
            ?.assigneeId
        : (await db.prisma.deal.findUnique({ where: { workspaceId_id: { workspaceId, id: value.recordId } } }))
            ?.ownerId;
    if (owner === undefined) return noticeMessage(`That ${value.recordType} is no longer in the CRM copy.`);
    if (owner !== actor.crmUserId && !actor.isAdmin) {
      return noticeMessage(`Only the ${value.recordType}'s owner or an admin can snooze its reminders.`);
    }
    // Reminders go to the record's owner, so the snooze is kept under the owner's CRM id.
    const recipient = owner ?? `${actor.platform}:${actor.userId}`;
    const until = now() + value.days * DAY_MS;
    const key = { workspaceId, recordType: value.recordType, recordId: value.recordId, recipient };
    await db.prisma.reminderLog.upsert({
      where: { workspaceId_recordType_recordId_recipient: key },
      create: { ...key, sentAt: new Date(now()), snoozedUntil: new Date(until) },
      update: { snoozedUntil: new Date(until) },
    });
    return noticeMessage(
      `Reminders about this ${value.recordType} are snoozed until ${new Date(until).toISOString().slice(0, 10)}.`,
    );
  }

  async function action(request: ActionRequest, out: Responder): Promise<void> {
    const parsed = parseActionValue(request.actionId, request.value);
    if (!parsed) return out.reply(noticeMessage("That button is no longer valid. Run the command again."));
    switch (parsed.actionId) {
      case "audit.run":
        return runAudit(request, parsed.value.select ?? [], false, out);
      case "findings.list": {
        const run = await audit.get(request.workspaceId, parsed.value.runId);
        if (!run) return out.reply(noticeMessage("That audit run is no longer stored."));
        const message = findingsListOf(db, run, parsed.value.offset);
        return parsed.value.offset === 0 && !parsed.value.back ? out.reply(message) : out.update(message);
      }
      case "findings.records": {
        const run = await audit.get(request.workspaceId, parsed.value.runId);
        const finding = run?.findings.find((f) => f.checkId === parsed.value.checkId);
        if (!run || !finding) return out.reply(noticeMessage("That audit run is no longer stored."));
        const message = findingRecordsOf(db, run, finding, parsed.value.page);
        return parsed.value.page === 0 && !parsed.value.back ? out.reply(message) : out.update(message);
      }
      case "config.page": {
        const configs = await readCheckConfigs(db.prisma, request.workspaceId, checks, fileSettings);
        return out.update(configMessage(configs, request.actor.isAdmin, parsed.value.offset));
      }
      case "overdue.page": {
        const message = await overdueFor(
          request,
          { kind: "crm", idOrEmail: parsed.value.crmUserId },
          parsed.value.offset,
        );
        return parsed.value.offset === 0 ? out.reply(message) : out.update(message);
      }
      case "task.done": {
        const { message, replaces } = await markTaskDone(request, parsed.value);
        return replaces ? out.update(message) : out.reply(message);
      }
      case "reminder.snooze":
        return out.reply(await snooze(request, parsed.value));
    }
  }

  async function submitConfigForm(submission: FormSubmission): Promise<FormResult> {
    if (!submission.actor.isAdmin) return { ok: false, errors: { check: "Only admins can change check settings." } };
    const str = (id: string) => {
      const v = submission.values[id];
      return v === undefined || v === "" ? undefined : String(v).trim();
    };
    const check = checkById(str("check") ?? "");
    if (!check) return { ok: false, errors: { check: "Choose one of the listed checks." } };
    const enabled = str("enabled") ?? "keep";
    if (!["keep", "on", "off"].includes(enabled))
      return { ok: false, errors: { enabled: "Choose on, off or leave as is." } };
    const key = str("key");
    const value = str("value");
    if (key && value === undefined) return { ok: false, errors: { value: `Enter a value for ${key}.` } };
    if (!key && value !== undefined) return { ok: false, errors: { key: "Which setting should take this value?" } };
    if (!key && enabled === "keep")
      return { ok: false, errors: { key: "Choose a setting to change, or turn the check on or off." } };
    const by = actorName(submission);
    let config;
    if (key && value !== undefined) {
      // Thresholds first: they are the change that can be refused, and a refusal must write nothing.
      const result = await setCheckSetting(
        db.prisma,
        submission.workspaceId,
        check,
        key,
        value,
        by,
        fileSettings[check.meta.id],
      );
      if (!result.ok) return { ok: false, errors: { [result.field]: result.error } };
      config = result.config;
    }
    if (enabled !== "keep")
      ({ config } = await setCheckEnabled(
        db.prisma,
        submission.workspaceId,
        check,
        enabled === "on",
        by,
        fileSettings[check.meta.id],
      ));
    return { ok: true, message: configChangedMessage(config!, by) };
  }

  return {
    resolveWorkspace: (platform, tenantId) => resolveWorkspace(db, identityOptions, platform, tenantId),
    identify: (profile) => identify(db, identityOptions, profile),

    async handleCommand(request, responder) {
      const out = masking(responder);
      const parsed = parseCommand(request.text);
      logger.debug("command", { workspaceId: request.workspaceId, user: request.actor.userId, text: request.text });
      if (!parsed.ok) return out.reply(usageMessage(parsed.error, parsed.usage));
      try {
        await command(request, parsed.command, out);
      } catch (error) {
        logger.error("command failed", {
          workspaceId: request.workspaceId,
          command: parsed.command.kind,
          error: String(error),
        });
        await out.reply(noticeMessage("Something went wrong while answering; the error is in the bot's log."));
      }
    },

    async handleAction(request, responder) {
      const out = masking(responder);
      try {
        await action(request, out);
      } catch (error) {
        logger.error("action failed", {
          workspaceId: request.workspaceId,
          action: request.actionId,
          error: String(error),
        });
        await out.reply(noticeMessage("Something went wrong with that button; the error is in the bot's log."));
      }
    },

    async submitForm(submission) {
      if (submission.formId !== CONFIG_FORM_ID) return { ok: false, errors: { form: "This form is no longer valid." } };
      const result = await submitConfigForm(submission);
      return result.ok && result.message ? { ok: true, message: maskMessage(result.message) } : result;
    },

    async homeView(context) {
      const t = now();
      const latest = await audit.latest(context.workspaceId);
      const viewerId = context.actor.crmUserId;
      const viewer = viewerId ? findCrmUser(db.sqlite, context.workspaceId, viewerId) : null;
      return maskMessage(
        homeMessage({
          latest,
          viewer,
          tasks: viewer ? findOverdueTasks(db.sqlite, context.workspaceId, viewer.id, t) : [],
          deals: viewer ? findDealsNeedingAttention(db.sqlite, context.workspaceId, viewer.id, t) : [],
          now: t,
        }),
      );
    },
  };
}
