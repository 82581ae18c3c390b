/**
 * A local stand-in for Slack's Web API and response_urls, for tests that cannot reach Slack.
 * It records every call, checks each payload against Block Kit's limits (a violation is
 * answered like Slack does, `invalid_blocks`, and kept in `violations` for the test to
 * assert on), and can answer 429 with Retry-After.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { z } from "zod";
import { HomeViewSchema, MessagePayloadSchema, ModalViewSchema } from "../../src/slack/render/limits.js";

export interface RecordedCall {
  /** Web API method ("chat.postMessage"), or "response_url". */
  method: string;
  /** response_url id for response_url posts. */
  target?: string;
  token: string | null;
  body: Record<string, unknown>;
  at: number;
}

export interface FakeUser {
  id: string;
  name: string;
  email?: string;
  isAdmin?: boolean;
  isOwner?: boolean;
  /** The profile's IANA zone (users.info `tz`). */
  tz?: string;
}

export interface FakeSlackOptions {
  teams?: Record<string, { botToken: string; users: FakeUser[] }>;
  /** OAuth: the app's credentials and which authorization code installs which team. */
  oauth?: { clientId: string; clientSecret: string; codes: Record<string, string> };
  /** Socket Mode: the app-level token and the WebSocket URL apps.connections.open hands out. */
  socketMode?: { appToken: string; url: () => string };
  /** Decides whether a call is answered 429; returns Retry-After seconds or null. */
  rateLimit?: (call: RecordedCall, index: number) => number | null;
}

const JSON_FIELDS = ["blocks", "view", "attachments"];

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === "") return {};
  if (contentType?.includes("application/json")) return JSON.parse(raw) as Record<string, unknown>;
  const params = Object.fromEntries(new URLSearchParams(raw)) as Record<string, unknown>;
  for (const field of JSON_FIELDS) {
    if (typeof params[field] === "string") params[field] = JSON.parse(params[field] as string);
  }
  return params;
}

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly violations: { method: string; issues: string }[] = [];
  readonly rateLimited: RecordedCall[] = [];
  private server!: http.Server;
  private nextTs = 1;
  private requestIndex = 0;
  url = "";

  constructor(private readonly options: FakeSlackOptions = {}) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let raw = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => (raw += chunk));
      req.on("end", () => this.handle(req, raw, res));
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The base URL for WebClient's slackApiUrl. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/response/${id}`;
  }

  callsTo(method: string, target?: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && (target === undefined || c.target === target));
  }

  /** Resolves once `predicate` holds for the recorded calls (polls; tests bound it with their timeout). */
  async waitFor(predicate: (calls: RecordedCall[]) => boolean, what = "calls"): Promise<void> {
    const started = Date.now();
    while (!predicate(this.calls)) {
      if (Date.now() - started > 20_000) throw new Error(`fake Slack never saw the expected ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private teamForToken(token: string | null): [string, { botToken: string; users: FakeUser[] }] | undefined {
    return Object.entries(this.options.teams ?? {}).find(([, t]) => t.botToken === token);
  }

  private oauthAccess(
    call: RecordedCall,
    req: http.IncomingMessage,
    reply: (status: number, body: unknown) => void,
  ): void {
    const oauth = this.options.oauth;
    const basic = req.headers.authorization?.startsWith("Basic ")
      ? Buffer.from(req.headers.authorization.slice(6), "base64").toString().split(":")
      : [call.body.client_id, call.body.client_secret];
    if (!oauth || basic[0] !== oauth.clientId || basic[1] !== oauth.clientSecret) {
      return reply(200, { ok: false, error: "invalid_client_id" });
    }
    const teamId = oauth.codes[String(call.body.code)];
    const team = teamId ? this.options.teams?.[teamId] : undefined;
    if (!teamId || !team) return reply(200, { ok: false, error: "invalid_code" });
    reply(200, {
      ok: true,
      app_id: "A0CRMAUDIT",
      authed_user: { id: "U_INSTALLER" },
      scope: "commands,chat:write,users:read,users:read.email",
      token_type: "bot",
      access_token: team.botToken,
      bot_user_id: `U_BOT_${teamId}`,
      team: { id: teamId, name: `Team ${teamId}` },
      enterprise: null,
      is_enterprise_install: false,
    });
  }

  private check(method: string, schema: z.ZodType, value: unknown): boolean {
    const result = schema.safeParse(value);
    if (result.success) return true;
    this.violations.push({ method, issues: JSON.stringify(result.error.issues).slice(0, 2000) });
    return false;
  }

  private handle(req: http.IncomingMessage, raw: string, res: http.ServerResponse): void {
    const url = new URL(req.url ?? "/", this.url);
    const auth = req.headers.authorization;
    const call: RecordedCall = {
      method: "",
      token: auth?.startsWith("Bearer ") ? auth.slice(7) : null,
      body: {},
      at: Date.now(),
    };
    try {
      call.body = parseBody(raw, req.headers["content-type"]);
    } catch {
      res.writeHead(400).end("bad body");
      return;
    }
    if (url.pathname === "/_stats" && req.method === "GET") {
      // For a benchmark running the fake in another process: how many distinct response_urls were answered.
      const prefix = url.searchParams.get("prefix") ?? "";
      const targets = new Set(this.calls.filter((c) => c.target?.startsWith(prefix)).map((c) => c.target));
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ calls: this.calls.length, answered: targets.size }));
      return;
    }
    if (url.pathname.startsWith("/response/")) {
      call.method = "response_url";
      call.target = url.pathname.slice("/response/".length);
    } else if (url.pathname.startsWith("/api/")) {
      call.method = url.pathname.slice("/api/".length);
      if (call.token === null && typeof call.body.token === "string") call.token = call.body.token;
    } else {
      res.writeHead(404).end();
      return;
    }
    const retryAfter = this.options.rateLimit?.(call, this.requestIndex++) ?? null;
    if (retryAfter !== null) {
      this.rateLimited.push(call);
      res.writeHead(429, { "retry-after": String(retryAfter), "content-type": "application/json" });
      res.end(JSON.stringify({ ok: false, error: "ratelimited" }));
      return;
    }
    this.calls.push(call);
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (call.method === "response_url") {
      const b = call.body;
      if (b.delete_original) return reply(200, { ok: true });
      if (!this.check("response_url", MessagePayloadSchema, { text: b.text, blocks: b.blocks ?? [] })) {
        return reply(400, { ok: false, error: "invalid_blocks" });
      }
      return reply(200, { ok: true });
    }
    if (call.method === "oauth.v2.access") return this.oauthAccess(call, req, reply);
    if (call.method === "apps.connections.open") {
      const socket = this.options.socketMode;
      if (!socket || call.token !== socket.appToken) return reply(200, { ok: false, error: "invalid_auth" });
      return reply(200, { ok: true, url: socket.url() });
    }
    const team = this.teamForToken(call.token);
    if (!team) return reply(200, { ok: false, error: "invalid_auth" });
    const [teamId, teamData] = team;
    switch (call.method) {
      case "auth.test":
        return reply(200, {
          ok: true,
          url: "https://fake.slack.com/",
          team: teamId,
          user: "crm-audit",
          team_id: teamId,
          user_id: `U_BOT_${teamId}`,
          bot_id: `B_${teamId}`,
        });
      case "users.info": {
        const user = teamData.users.find((u) => u.id === call.body.user);
        if (!user) return reply(200, { ok: false, error: "user_not_found" });
        return reply(200, {
          ok: true,
          user: {
            id: user.id,
            team_id: teamId,
            name: user.name,
            real_name: user.name,
            is_admin: user.isAdmin ?? false,
            is_owner: user.isOwner ?? false,
            ...(user.tz ? { tz: user.tz } : {}),
            profile: { email: user.email, display_name: user.name },
          },
        });
      }
      case "chat.postMessage":
      case "chat.update": {
        if (typeof call.body.channel !== "string") return reply(200, { ok: false, error: "channel_not_found" });
        if (
          !this.check(call.method, MessagePayloadSchema, { text: call.body.text ?? "", blocks: call.body.blocks ?? [] })
        ) {
          return reply(200, { ok: false, error: "invalid_blocks" });
        }
        const ts = call.method === "chat.update" ? call.body.ts : `${1700000000 + this.nextTs++}.000100`;
        return reply(200, { ok: true, channel: call.body.channel, ts });
      }
      case "views.open":
        if (typeof call.body.trigger_id !== "string") return reply(200, { ok: false, error: "invalid_trigger_id" });
        if (!this.check(call.method, ModalViewSchema, call.body.view))
          return reply(200, { ok: false, error: "invalid_arguments" });
        return reply(200, { ok: true, view: { id: "V1", ...(call.body.view as object) } });
      case "views.publish":
        if (typeof call.body.user_id !== "string") return reply(200, { ok: false, error: "invalid_arguments" });
        if (!this.check(call.method, HomeViewSchema, call.body.view))
          return reply(200, { ok: false, error: "invalid_arguments" });
        return reply(200, { ok: true, view: { id: "VH", ...(call.body.view as object) } });
      default:
        return reply(200, { ok: false, error: "unknown_method" });
    }
  }
}
