/**
 * The Slack integration: a Bolt app whose HTTP receiver is mounted on the app's shared server
 * (`/slack/events`, plus `/slack/install` and `/slack/oauth_redirect` for OAuth), or connected
 * through Socket Mode. It only translates Slack requests into ChatCore calls and renders the
 * core's Messages as Block Kit; it holds no business logic and runs no SQL.
 */
import {
  App,
  HTTPReceiver,
  HTTPModuleFunctions,
  LogLevel,
  webApi,
  type BufferedIncomingMessage,
  type Logger as BoltLogger,
} from "@slack/bolt";
import type { AppConfig } from "../config.js";
import type { ChatCore, Responder } from "../core/commands/types.js";
import type { ReplyAddress } from "../core/jobs/reply-address.js";
import { maskMessage } from "../core/messages/mask.js";
import type { Message } from "../core/messages/model.js";
import type { AnyDatabase } from "../db/database.js";
import type { Logger } from "../logger.js";
import type { ChatIntegration, HttpRoute } from "../server/types.js";
import { DeliveryStore } from "../server/deliveries.js";
import { deliveryKey } from "./dedupe.js";
import { ChannelDelivery } from "./delivery.js";
import { createSlackOutbox, type SlackOutbox, type SlackOutboxOptions } from "./outbox.js";
import { requestIdOf, slackEdge } from "./edge.js";
import { SlackIdentities } from "./identity.js";
import { slackInstallationRows } from "../db/stores/slack-installations.js";
import { SlackInstallationStore } from "./installation-store.js";
import { registerListeners } from "./listeners/index.js";
import { uploadOrExplain } from "./files.js";
import { renderMessage } from "./render/surfaces.js";
import { slackResponderFactory } from "./reply-address.js";
import { responseUrlPolicy } from "./response-url.js";
import { WorkQueue } from "./work-queue.js";

/** Bot scopes the app needs, no more (the manifests list the same). */
export const SLACK_BOT_SCOPES = [
  "commands",
  "chat:write",
  "users:read",
  "users:read.email",
  // Direct messages (conversations.open) and the outbox's check for a post already made
  // (conversations.history), and a channel's members (conversations.members): docs/schedules.md.
  "im:write",
  "im:history",
  "channels:history",
  "groups:history",
  "channels:read",
  "groups:read",
  // Chart images and the report's PDF (files.uploadV2): docs/charts.md.
  "files:write",
];

export const SLACK_EVENTS_PATH = "/slack/events";
/** The slash command the manifests register. */
export const SLACK_COMMAND = "/crm-audit";
export const SLACK_INSTALL_PATH = "/slack/install";
export const SLACK_OAUTH_REDIRECT_PATH = "/slack/oauth_redirect";

export interface SlackIntegrationDeps {
  config: AppConfig;
  core: ChatCore;
  db: AnyDatabase;
  logger: Logger;
  /** Commands, clicks and Home views answered at once (after their acknowledgement). Default 8. */
  concurrency?: number;
  /** Pacing of posts to one channel; tests shorten it. Default 1000 ms (Slack's guidance). */
  channelIntervalMs?: number;
  /** Pacing of Tier 3 methods (conversations.open, users.lookupByEmail); tests shorten it. */
  outbox?: Pick<SlackOutboxOptions, "tier3PerMinute" | "tier3WindowMs" | "postRetries">;
}

export interface SlackIntegration extends ChatIntegration {
  name: "slack";
  /** Posts a message to a channel (or a user's DM, given a user id), paced per channel. */
  send(teamId: string, channel: string, message: Message): Promise<void>;
  /** With a bot token from the environment: the token's own team (auth.test), the only one served. */
  teamId?: string;
  /** The outbox's Slack sender and the Slack directory (users.lookupByEmail, conversations.members). */
  outbox: SlackOutbox;
  /** Answers a queued job's requester from this instance (docs/jobs.md). */
  responderFor(address: ReplyAddress): Promise<Responder | null>;
}

/** Slack is on when a bot token (one workspace) or OAuth credentials (many) are configured. */
export function slackEnabled(config: AppConfig): boolean {
  return Boolean(config.SLACK_BOT_TOKEN || (config.SLACK_CLIENT_ID && config.SLACK_CLIENT_SECRET));
}

function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const join = (msgs: unknown[]) => msgs.map((m) => (typeof m === "string" ? m : JSON.stringify(m))).join(" ");
  return {
    debug: (...msgs) => logger.debug(`bolt: ${join(msgs)}`),
    info: (...msgs) => logger.info(`bolt: ${join(msgs)}`),
    warn: (...msgs) => logger.warn(`bolt: ${join(msgs)}`),
    error: (...msgs) => logger.error(`bolt: ${join(msgs)}`),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/**
 * WebClient settings shared by every client Bolt makes. 429s are rejected at once
 * (rejectRateLimitedCalls) so the per-channel queue alone decides retries and order;
 * network errors and 5xx still get WebClient's few quick retries.
 */
export function slackClientOptions(config: AppConfig, logger: BoltLogger): webApi.WebClientOptions {
  return {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
    logger,
  };
}

export async function createSlackIntegration(deps: SlackIntegrationDeps): Promise<SlackIntegration> {
  const { config, core, db, logger } = deps;
  if (!slackEnabled(config)) throw new Error("Slack is not configured: set SLACK_BOT_TOKEN or SLACK_CLIENT_ID/SECRET");
  const log = boltLogger(logger);
  const clientOptions = slackClientOptions(config, log);
  const oauth = Boolean(config.SLACK_CLIENT_ID && config.SLACK_CLIENT_SECRET && !config.SLACK_BOT_TOKEN);
  if (oauth && !config.SLACK_STATE_SECRET) {
    throw new Error("SLACK_STATE_SECRET is required for OAuth installs (it signs the install flow's state)");
  }
  // loadConfig requires the key in OAuth mode.
  const installationStore = oauth
    ? new SlackInstallationStore(slackInstallationRows(db), core, config.CRM_AUDIT_SECRET_KEY!)
    : undefined;
  await installationStore?.prepare();
  const socketMode = Boolean(config.SLACK_SOCKET_MODE);
  if (socketMode && !config.SLACK_BOT_TOKEN) {
    throw new Error("Slack Socket Mode needs SLACK_BOT_TOKEN (OAuth installs need the HTTP endpoints)");
  }

  // auth.test for the single-workspace token, once: a wrong token stops the start, and its team
  // is the only one this install answers. Bolt is handed the result instead of asking again.
  const auth = config.SLACK_BOT_TOKEN
    ? await new webApi.WebClient(config.SLACK_BOT_TOKEN, clientOptions).auth.test()
    : undefined;
  if (auth && !auth.team_id) throw new Error("Slack auth.test did not name the bot token's team");
  const tokenIdentity = auth ? { botId: auth.bot_id, botUserId: auth.user_id, tokenVerificationEnabled: false } : {};

  let receiver: HTTPReceiver | undefined;
  let app: App;
  if (socketMode) {
    app = new App({
      socketMode: true,
      appToken: config.SLACK_APP_TOKEN,
      token: config.SLACK_BOT_TOKEN,
      ...tokenIdentity,
      logger: log,
      clientOptions,
      // The Socket Mode client takes its Web API options (apps.connections.open) from here.
      installerOptions: { clientOptions },
      deferInitialization: true,
    });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET ?? "",
      endpoints: SLACK_EVENTS_PATH,
      logger: log,
      processBeforeResponse: false,
      // The edge (edge.ts) has checked the signature and timestamp of the original bytes and
      // hands over only the validated fields, re-encoded, which no longer carry that signature.
      // Events reach this receiver through the edge alone (see the routes below).
      signatureVerification: false,
      processEventErrorHandler: async (args) => {
        logger.error("slack request failed in Bolt", {
          requestId: requestIdOf(args.request),
          error: args.error.stack ?? args.error.message,
        });
        return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
      },
      // The signature identifies a replayed request that has no trigger or event id (dedupe.ts).
      customPropertiesExtractor: (request) => ({ slackSignature: request.headers["x-slack-signature"] }),
      ...(oauth
        ? {
            clientId: config.SLACK_CLIENT_ID,
            clientSecret: config.SLACK_CLIENT_SECRET,
            stateSecret: config.SLACK_STATE_SECRET,
            installationStore,
            scopes: SLACK_BOT_SCOPES,
            installerOptions: {
              installPath: SLACK_INSTALL_PATH,
              redirectUriPath: SLACK_OAUTH_REDIRECT_PATH,
              directInstall: true,
              clientOptions,
            },
          }
        : {}),
    });
    app = new App({
      receiver,
      ...(oauth ? {} : { token: config.SLACK_BOT_TOKEN, ...tokenIdentity }),
      logger: log,
      clientOptions,
      deferInitialization: true,
    });
  }
  await app.init();

  // A redelivered (X-Slack-Retry-Num) or replayed request finds its key claimed and does nothing twice.
  const deliveries = new DeliveryStore(db);
  app.use(async ({ body, next, ack, context }) => {
    const key = deliveryKey(body as Parameters<typeof deliveryKey>[0], context.slackSignature);
    if (key === null || (await deliveries.claim(key))) return next();
    logger.info("slack duplicate delivery ignored", {
      key,
      retryNum: context.retryNum,
      retryReason: context.retryReason,
    });
    if (ack) await (ack as () => Promise<void>)();
  });
  app.error(async (error) => {
    logger.error("slack listener error", { error: error.stack ?? error.message });
  });

  const delivery = new ChannelDelivery({ logger, minIntervalMs: deps.channelIntervalMs ?? 1000 });
  const identities = new SlackIdentities({ core, logger });
  const work = new WorkQueue(deps.concurrency ?? 8);
  registerListeners(app, {
    core,
    identities,
    delivery,
    logger,
    work,
    command: SLACK_COMMAND,
    responseUrlAllowed: responseUrlPolicy(config),
  });

  const clientFor = async (teamId: string): Promise<webApi.WebClient> => {
    if (!installationStore) return app.client;
    const installation = await installationStore.fetchInstallation({
      teamId,
      isEnterpriseInstall: false,
      enterpriseId: undefined,
    });
    return new webApi.WebClient(installation.bot?.token, clientOptions);
  };

  const outbox = createSlackOutbox({
    clientFor,
    delivery,
    personalChats: db.stores.chat.personalChats,
    ...deps.outbox,
  });

  const routes: HttpRoute[] = [];
  if (receiver) {
    const listener = receiver.requestListener;
    const edge = slackEdge({
      signingSecret: config.SLACK_SIGNING_SECRET ?? "",
      command: SLACK_COMMAND,
      logger,
      forward(req, res, body) {
        // Bolt reads a body already buffered on the request (BufferedIncomingMessage) instead of the stream.
        (req as BufferedIncomingMessage).rawBody = Buffer.from(JSON.stringify(body));
        req.headers["content-type"] = "application/json";
        listener(req, res);
      },
    });
    routes.push({ method: "POST", path: SLACK_EVENTS_PATH, handle: edge });
    if (oauth) {
      routes.push({ method: "GET", path: SLACK_INSTALL_PATH, handle: (req, res) => listener(req, res) });
      routes.push({ method: "GET", path: SLACK_OAUTH_REDIRECT_PATH, handle: (req, res) => listener(req, res) });
    }
  }

  return {
    name: "slack",
    routes,
    outbox,
    responderFor: slackResponderFactory({ clientFor, delivery, allowed: responseUrlPolicy(config), logger }),
    ...(auth?.team_id ? { teamId: auth.team_id } : {}),
    async start() {
      if (socketMode) await app.start();
      logger.info(`slack ${socketMode ? "connected through Socket Mode" : `listening on ${SLACK_EVENTS_PATH}`}`);
    },
    async stop() {
      if (socketMode) await app.stop();
    },
    async send(teamId, channel, message) {
      // Proactive posts skip the chat core's responder, so they are masked here.
      const client = await clientFor(teamId);
      const masked = maskMessage(message);
      await delivery.post(client, channel, renderMessage(masked));
      // A scheduled report's PDF (Message.file) follows its message.
      await uploadOrExplain(client, channel, masked, logger, async (text) => {
        await delivery.post(
          client,
          channel,
          renderMessage({ text, visibility: "channel", blocks: [{ type: "context", text }] }),
        );
      });
    },
  };
}
