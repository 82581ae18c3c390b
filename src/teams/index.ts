/**
 * The Microsoft Teams integration: POST /api/messages on the app's shared server, handled by
 * botbuilder's CloudAdapter. Every botbuilder import lives under src/teams/, so moving to the
 * Microsoft 365 Agents SDK changes this layer only (see docs/teams.md).
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationParameters,
  type ConversationReference,
} from "botbuilder";
import { BackgroundWork } from "./background.js";
import type { AppConfig } from "../config.js";
import type { ChatCore, Responder } from "../core/commands/types.js";
import type { ReplyAddress } from "../core/jobs/reply-address.js";
import { DeliveryStore } from "../server/deliveries.js";
import type { AnyDatabase } from "../db/database.js";
import type { Logger } from "../logger.js";
import type { ChatIntegration, HttpRoute } from "../server/types.js";
import { CrmAuditTeamsBot } from "./bot.js";
import { ConversationRefStore } from "./conversation-refs.js";
import { BadRequest, botRequest, botResponse, checkLocalServiceUrl, checkToken, readActivityBody } from "./http.js";
import { MemberDirectory } from "./identity.js";
import { SendPacer, type PacerOptions } from "./pacer.js";
import { createProactiveSender, type SendProactive } from "./proactive.js";
import { createTeamsOutbox, type TeamsOutbox } from "./outbox.js";
import type { ContinueConversation, OpenPrivateChat } from "./private-chat.js";
import { teamsResponderFactory } from "./reply-address.js";

export { UnknownConversationError, type SendProactive } from "./proactive.js";

export const TEAMS_MESSAGES_PATH = "/api/messages";

export interface TeamsIntegration extends ChatIntegration {
  name: "teams";
  /** Posts a message into a stored conversation of the workspace; resolves to the activity id. */
  sendProactive: SendProactive;
  /** Resolves when no acknowledged command is still running (stop() waits for this too). */
  idle(): Promise<void>;
  /** True when a MicrosoftAppId is configured and incoming requests need a Bot Framework token. */
  authenticated: boolean;
  /** The outbox's Teams sender and the Teams directory. */
  outbox: TeamsOutbox;
  /** Answers a queued job's requester from this instance (docs/jobs.md). */
  responderFor(address: ReplyAddress, workspaceId: string): Promise<Responder | null>;
}

export interface TeamsIntegrationOptions {
  config: Pick<
    AppConfig,
    "MicrosoftAppId" | "MicrosoftAppPassword" | "MicrosoftAppType" | "MicrosoftAppTenantId" | "TEAMS_ADMIN_USER_IDS"
  >;
  core: ChatCore;
  db: AnyDatabase;
  logger: Logger;
  /** Rate limits and retry behaviour (tests shorten them). */
  pacer?: PacerOptions;
}

function botFrameworkAuthentication(config: TeamsIntegrationOptions["config"]) {
  // botbuilder reads its own variable names; only pass what is set so an absent app id really
  // means "no authentication" (local use with the Agents Playground).
  const settings: Record<string, string> = {};
  if (config.MicrosoftAppId) settings.MicrosoftAppId = config.MicrosoftAppId;
  if (config.MicrosoftAppPassword) settings.MicrosoftAppPassword = config.MicrosoftAppPassword;
  if (config.MicrosoftAppId) settings.MicrosoftAppType = config.MicrosoftAppType ?? "SingleTenant";
  if (config.MicrosoftAppTenantId) settings.MicrosoftAppTenantId = config.MicrosoftAppTenantId;
  return new ConfigurationBotFrameworkAuthentication(settings);
}

export async function createTeamsIntegration(options: TeamsIntegrationOptions): Promise<TeamsIntegration> {
  const { config, core, db, logger } = options;
  const authenticated = Boolean(config.MicrosoftAppId);
  const auth = botFrameworkAuthentication(config);
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    logger.error("teams: turn failed", {
      error: error instanceof Error ? error.stack : String(error),
      type: context.activity.type,
    });
    if (context.activity.type === "message") {
      await context
        .sendActivity("Sorry, something went wrong handling that. The error was logged.")
        .catch(() => undefined);
    }
  };

  const appId = config.MicrosoftAppId ?? "";
  const background = new BackgroundWork(logger);
  const refs = new ConversationRefStore(db.prisma);
  const pacer = new SendPacer({
    onThrottled: (info) => logger.warn("teams: throttled by the connector, retrying", info),
    ...options.pacer,
  });
  const continueConversation: ContinueConversation = (reference, logic) =>
    adapter.continueConversationAsync(appId, reference as ConversationReference, logic);
  const openPrivateChat: OpenPrivateChat = (target, logic) =>
    adapter.createConversationAsync(
      appId,
      "msteams",
      target.serviceUrl,
      // botbuilder's TeamsInfo passes no audience either: the adapter then uses the default one.
      null as unknown as string,
      {
        isGroup: false,
        bot: target.bot,
        members: [target.user],
        tenantId: target.tenantId,
        channelData: { tenant: { id: target.tenantId } },
      } as ConversationParameters,
      logic,
    );
  const bot = new CrmAuditTeamsBot({
    core,
    refs,
    directory: new MemberDirectory(logger),
    pacer,
    deliveries: new DeliveryStore(db),
    logger,
    continueConversation,
    background,
    openPrivateChat,
  });

  const route: HttpRoute = {
    method: "POST",
    path: TEAMS_MESSAGES_PATH,
    async handle(request, response) {
      let body: Record<string, unknown>;
      try {
        // The token first: a stranger learns nothing about what the body should look like.
        if (authenticated) await checkToken(auth, request);
        body = await readActivityBody(request);
        if (!authenticated) checkLocalServiceUrl(body);
      } catch (error) {
        const status = error instanceof BadRequest ? error.status : 400;
        response
          .writeHead(status, { "content-type": "text/plain" })
          .end(error instanceof Error ? error.message : "bad request");
        return;
      }
      await adapter.process(botRequest(request, body), botResponse(response), (context) => bot.run(context));
      if (!response.writableEnded) response.end();
    },
  };

  const sendProactive = createProactiveSender({ adapter, appId, refs, pacer });
  return {
    name: "teams",
    routes: [route],
    authenticated,
    sendProactive,
    outbox: createTeamsOutbox({
      sendProactive,
      personalChats: db.stores.chat.personalChats,
      prisma: db.prisma,
      refs,
      adapter,
      appId,
    }),
    responderFor: teamsResponderFactory({ refs, continueConversation, openPrivateChat, pacer, logger }),
    idle: () => background.idle(),
    async start() {
      if (authenticated) {
        logger.info("teams: bot endpoint ready; requests must carry a Bot Framework token", {
          path: TEAMS_MESSAGES_PATH,
          appType: config.MicrosoftAppType ?? "SingleTenant",
        });
      } else {
        logger.warn(
          "teams: MicrosoftAppId is not set, so /api/messages accepts UNAUTHENTICATED requests (for local use with the Agents Playground only)",
          { path: TEAMS_MESSAGES_PATH },
        );
      }
    },
    async stop() {
      // Let commands that were acknowledged finish their replies.
      await background.idle();
    },
  };
}
