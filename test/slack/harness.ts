/**
 * Starts the Slack integration the way the app does: its routes mounted on a real node:http
 * server on port 0, its Web API client pointed at the fake Slack.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { loadConfig } from "../../src/config.js";
import type { ChatCore } from "../../src/core/commands/types.js";
import type { AnyDatabase } from "../../src/db/database.js";
import { silentLogger, type Logger } from "../../src/logger.js";
import type { HttpRoute } from "../../src/server/types.js";
import { createSlackIntegration, type SlackIntegration } from "../../src/slack/index.js";

export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
/** CRM_AUDIT_SECRET_KEY for OAuth tests (32 bytes, base64). */
export const SECRET_KEY = Buffer.alloc(32, 0x5a).toString("base64");

export async function serveRoutes(routes: HttpRoute[]): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const route = routes.find((r) => r.method === req.method && r.path === path);
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    Promise.resolve(route.handle(req, res)).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface RunningSlack {
  integration: SlackIntegration;
  baseUrl: string;
  eventsUrl: string;
  stop(): Promise<void>;
}

export async function startSlack(options: {
  core: ChatCore;
  db: AnyDatabase;
  apiUrl: string;
  /** Single-workspace token; leave out for OAuth (pass SLACK_CLIENT_ID… in env). */
  botToken?: string;
  env?: Record<string, string>;
  channelIntervalMs?: number;
  logger?: Logger;
  outbox?: Parameters<typeof createSlackIntegration>[0]["outbox"];
}): Promise<RunningSlack> {
  const config = loadConfig({
    ...(options.botToken ? { SLACK_BOT_TOKEN: options.botToken } : {}),
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: options.apiUrl,
    ...options.env,
  });
  const integration = await createSlackIntegration({
    config,
    core: options.core,
    db: options.db,
    logger: options.logger ?? silentLogger,
    channelIntervalMs: options.channelIntervalMs ?? 10,
    ...(options.outbox ? { outbox: options.outbox } : {}),
  });
  await integration.start();
  const server = await serveRoutes(integration.routes);
  return {
    integration,
    baseUrl: server.url,
    eventsUrl: `${server.url}/slack/events`,
    async stop() {
      await server.close();
      await integration.stop();
    },
  };
}

/** A logger that lets a test wait, without sleeping, for the server to log a given line. */
export class WatchingLogger implements Logger {
  readonly lines: { message: string; fields: Record<string, unknown> }[] = [];
  private waiters: (() => void)[] = [];
  debug() {}
  warn() {}
  error() {}
  info(message: string, fields: Record<string, unknown> = {}) {
    this.lines.push({ message, fields });
    for (const wake of this.waiters.splice(0)) wake();
  }
  /** Resolves once `count` lines with this message (and matching fields) have been logged. */
  async waitFor(message: string, fields: Record<string, unknown> = {}, count = 1): Promise<void> {
    const matches = () =>
      this.lines.filter((l) => l.message === message && Object.entries(fields).every(([k, v]) => l.fields[k] === v))
        .length >= count;
    while (!matches()) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}

/** What the Slack layer logs when it recognises a delivery it has handled already. */
export const DUPLICATE_IGNORED = "slack duplicate delivery ignored";
