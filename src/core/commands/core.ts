/**
 * The chat core: a small dispatcher over the command and action modules of registry.ts,
 * implemented once for all platforms. Platform layers resolve the workspace and the actor, then
 * call these methods with a Responder; permission is checked here, once, from each module's
 * meta, and messages for a channel are masked here, on the way out.
 */
import type { Logger } from "../../logger.js";
import { refusingDeliverer, refusingDirectory, type ChatDirectory, type Deliverer } from "../delivery.js";
import type { AuditService } from "../audit/types.js";
import type { CheckSettings } from "../checks/config.js";
import type { Check } from "../checks/types.js";
import { NO_KPI_SETTINGS, type KpiSettings } from "../kpis/config.js";
import { CONFIG_FORM_ID } from "../messages/config.js";
import { noticeMessage, usageMessage } from "../messages/help.js";
import { maskMessage } from "../messages/mask.js";
import { SNOOZE_FORM_ID } from "../messages/reminders.js";
import { submitSnoozeForm } from "../reminders/snooze-form.js";
import { homeMessage } from "../messages/personal.js";
import type { JobQueue } from "../jobs/runner.js";
import type { ChatStores } from "../stores/chat.js";
import { parseActionValue } from "./actions.js";
import { attentionOf } from "./attention.js";
import { submitConfigForm } from "./config-form.js";
import { submitSurveyForm, SURVEY_FORM_ID } from "../surveys/run.js";
import type { ChatServices } from "./define.js";
import { identify, resolveWorkspace, type IdentityOptions } from "./identity.js";
import { parseWithModule, usageLine } from "./parse.js";
import { actionWithId, COMMANDS } from "./registry.js";
import type { ChatCore, RequestContext, Responder } from "./types.js";

export interface ChatDispatcherDeps {
  stores: ChatStores;
  audit: AuditService;
  logger: Logger;
  adminUserIds: IdentityOptions["adminUserIds"];
  /** The checks the audit knows (the registry); used to validate check ids and settings. */
  checks?: readonly Check[];
  /**
   * Settings from the check configuration file (CRM_AUDIT_CONFIG) by check id, so `config`
   * shows what the audit really uses: defaults ← file ← workspace overrides.
   */
  fileSettings?: Readonly<Record<string, CheckSettings>>;
  /** The configuration file's `kpis:` section and system users, for `kpi` (docs/kpis.md). */
  kpiSettings?: KpiSettings;
  /** The workspace the local console works on (CRM_AUDIT_WORKSPACE); "default" when not given. */
  consoleWorkspaceId?: string;
  /**
   * The one tenant each single-organisation platform serves, mapped to the console's workspace;
   * other tenants of that platform are refused. Read on every request (see SingleTenants).
   */
  singleTenant?: IdentityOptions["singleTenant"];
  /** The clock; tests pin it. */
  now?: () => number;
  /** Sending to other people and channels; without it such commands say it is not available. */
  deliverer?: Deliverer;
  directory?: ChatDirectory;
  /** The job queue: audits from chat are queued for any instance (docs/jobs.md). */
  jobs?: JobQueue;
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

export function createChatDispatcher(deps: ChatDispatcherDeps): ChatCore {
  const { stores, logger } = deps;
  const services: ChatServices = {
    stores,
    audit: deps.audit,
    logger,
    checks: deps.checks ?? [],
    fileSettings: deps.fileSettings ?? {},
    kpiSettings: deps.kpiSettings ?? NO_KPI_SETTINGS,
    now: deps.now ?? Date.now,
    commands: COMMANDS.map((c) => c.meta),
    deliver: (deliveries) => (deps.deliverer ?? refusingDeliverer).deliver(deliveries),
    directory: deps.directory ?? refusingDirectory,
    ...(deps.jobs ? { jobs: deps.jobs } : {}),
  };
  const identityOptions: IdentityOptions = {
    consoleWorkspaceId: deps.consoleWorkspaceId ?? "default",
    adminUserIds: deps.adminUserIds,
    ...(deps.singleTenant ? { singleTenant: deps.singleTenant } : {}),
  };

  /**
   * An actor not matched by email picks up a link made since the platform layer identified
   * them (`link` in the console, whose actor is fixed for the session).
   */
  async function current<R extends RequestContext>(request: R): Promise<R> {
    if (request.actor.crmUserId && request.actor.email) return request;
    const { platform, tenantId, userId } = request.actor;
    const stored = await stores.identities.get({ platform, tenantId, userId });
    if (!stored?.crmUserId || stored.workspaceId !== request.workspaceId) return request;
    if (stored.crmUserId === request.actor.crmUserId) return request;
    return { ...request, actor: { ...request.actor, crmUserId: stored.crmUserId } };
  }

  return {
    resolveWorkspace: (platform, tenantId) => resolveWorkspace(stores, identityOptions, platform, tenantId),
    identify: (profile) => identify(stores, identityOptions, profile),

    async handleCommand(incoming, responder) {
      const out = masking(responder);
      const parsed = parseWithModule(incoming.text);
      logger.debug("command", { workspaceId: incoming.workspaceId, user: incoming.actor.userId, text: incoming.text });
      if (!parsed.ok) return out.reply(usageMessage(parsed.error, parsed.usage));
      const { module, args } = parsed;
      const { meta } = module;
      try {
        const request = await current(incoming);
        if (!request.actor.isAdmin) {
          const refusal = meta.who === "admin" ? `Only admins can use \`${meta.name}\`.` : module.adminOnly?.(args);
          if (refusal) return out.reply(noticeMessage(refusal));
        }
        await module.run({
          ...services,
          request,
          args,
          out,
          usage: (error) => usageMessage(error, usageLine(meta)),
        });
      } catch (error) {
        logger.error("command failed", { workspaceId: incoming.workspaceId, command: meta.name, error: String(error) });
        await out.reply(noticeMessage("Something went wrong while answering; the error is in the bot's log."));
      }
    },

    async handleAction(incoming, responder) {
      const out = masking(responder);
      const parsed = parseActionValue(incoming.actionId, incoming.value);
      const action = parsed && actionWithId(parsed.actionId);
      if (!parsed || !action) return out.reply(noticeMessage("That button is no longer valid. Run the command again."));
      try {
        const request = await current(incoming);
        await action.run({ ...services, request, value: parsed.value as never, out });
      } catch (error) {
        logger.error("action failed", {
          workspaceId: incoming.workspaceId,
          action: incoming.actionId,
          error: String(error),
        });
        await out.reply(noticeMessage("Something went wrong with that button; the error is in the bot's log."));
      }
    },

    async submitForm(submission) {
      if (submission.formId === SURVEY_FORM_ID) return submitSurveyForm(services, submission, services.now());
      if (submission.formId === SNOOZE_FORM_ID) return submitSnoozeForm(services, await current(submission));
      if (submission.formId !== CONFIG_FORM_ID) return { ok: false, errors: { form: "This form is no longer valid." } };
      const result = await submitConfigForm(services, submission);
      return result.ok && result.message ? { ok: true, message: maskMessage(result.message) } : result;
    },

    async homeView(incoming) {
      const context = await current(incoming);
      const t = services.now();
      const latest = await services.audit.latest(context.workspaceId);
      const viewerId = context.actor.crmUserId;
      const viewer = viewerId ? await stores.people.find(context.workspaceId, viewerId) : null;
      const list = viewer ? await attentionOf(services, context.workspaceId, viewer.id, t) : null;
      return maskMessage(
        homeMessage({
          latest,
          viewer,
          tasks: list?.tasks ?? [],
          deals: list?.deals ?? [],
          ...(list ? { hidden: list.hidden } : {}),
          now: t,
        }),
      );
    },
  };
}
