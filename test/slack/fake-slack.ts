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
  /** The profile's IANA zone (users.info / users.lookupByEmail `tz`). */
  tz?: string;
  deleted?: boolean;
}

export interface FakeTeam {
  botToken: string;
  users: FakeUser[];
  /** Members of channels, for conversations.members. */
  channels?: Record<string, string[]>;
}

/**
 * Slack's documented rate limits, enforced like Slack does (429 + Retry-After): chat.postMessage
 * about one message per second per channel; Tier 3 methods (conversations.open,
 * users.lookupByEmail, conversations.history) 50 a minute per workspace; Tier 4
 * (conversations.members, users.info) 100 a minute. `windowScale` shrinks every window (0.01
 * turns a minute into 600 ms) so a test sees the same behaviour quickly.
 */
export interface FakeSlackLimits {
  postPerChannelPerSecond?: number;
  tier3PerMinute?: number;
  tier4PerMinute?: number;
  windowScale?: number;
}

export interface FakeSlackOptions {
  teams?: Record<string, FakeTeam>;
  /** OAuth: the app's credentials and which authorization code installs which team. */
  oauth?: { clientId: string; clientSecret: string; codes: Record<string, string> };
  /** Socket Mode: the app-level token and the WebSocket URL apps.connections.open hands out. */
  socketMode?: { appToken: string; url: () => string };
  /** Decides whether a call is answered 429; returns Retry-After seconds or null. */
  rateLimit?: (call: RecordedCall, index: number) => number | null;
  /** Enforce Slack's rate limits (see FakeSlackLimits); off unless given. */
  limits?: FakeSlackLimits;
}

const TIER3 = new Set(["conversations.open", "users.lookupByEmail", "conversations.history"]);
const TIER4 = new Set(["conversations.members", "users.info"]);

/** A message as conversations.history returns it. */
export interface StoredMessage {
  ts: string;
  text: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
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
  /**
   * The files.uploadV2 flow: files.getUploadURLExternal hands out an upload URL on this server,
   * the client posts the bytes there, files.completeUploadExternal shares them into a channel.
   */
  readonly files = new Map<
    string,
    {
      filename: string;
      length: number;
      altText?: string;
      bytes?: Buffer;
      channel?: string;
      title?: string;
      comment?: string;
    }
  >();
  private server!: http.Server;
  private nextTs = 1;
  private requestIndex = 0;
  url = "";

  constructor(private readonly options: FakeSlackOptions = {}) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => this.handle(req, Buffer.concat(chunks), res));
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

  /** Messages posted per channel (DM channels are "D" + the user id), oldest first. */
  readonly messages = new Map<string, StoredMessage[]>();
  private readonly windows = new Map<string, number[]>();

  /** The Retry-After seconds Slack would answer for this call, or null when it is within the limits. */
  private overLimit(call: RecordedCall, teamId: string): number | null {
    const limits = this.options.limits;
    if (!limits) return null;
    const scale = limits.windowScale ?? 1;
    let key: string;
    let limit: number;
    let windowMs: number;
    if (call.method === "chat.postMessage") {
      key = `post:${teamId}:${String(call.body.channel)}`;
      limit = limits.postPerChannelPerSecond ?? 1;
      windowMs = 1000 * scale;
    } else if (TIER3.has(call.method)) {
      key = `t3:${teamId}:${call.method}`;
      limit = limits.tier3PerMinute ?? 50;
      windowMs = 60_000 * scale;
    } else if (TIER4.has(call.method)) {
      key = `t4:${teamId}:${call.method}`;
      limit = limits.tier4PerMinute ?? 100;
      windowMs = 60_000 * scale;
    } else return null;
    const now = Date.now();
    const stamps = (this.windows.get(key) ?? []).filter((t) => now - t < windowMs);
    this.windows.set(key, stamps);
    if (stamps.length >= limit) return Math.max(0.001, (stamps[0]! + windowMs - now) / 1000);
    stamps.push(now);
    return null;
  }

  private receiveUpload(fileId: string, bytes: Buffer, res: http.ServerResponse): void {
    const file = this.files.get(fileId);
    if (!file) {
      res.writeHead(404).end("unknown upload");
      return;
    }
    // The client sends the file as multipart form data (or raw): keep the body as sent.
    file.bytes = bytes;
    this.calls.push({ method: "upload", target: fileId, token: null, body: { size: bytes.length }, at: Date.now() });
    res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${bytes.length}`);
  }

  /** The bytes of an uploaded file as Slack would store them (the multipart envelope removed). */
  uploadedFile(fileId: string): Buffer | undefined {
    const body = this.files.get(fileId)?.bytes;
    if (!body) return undefined;
    const boundary = /^--([^\r\n]+)\r\n/.exec(body.toString("latin1", 0, 200))?.[1];
    if (!boundary) return body;
    const start = body.indexOf("\r\n\r\n") + 4;
    const end = body.lastIndexOf(`\r\n--${boundary}`);
    return body.subarray(start, end);
  }

  private teamForToken(token: string | null): [string, FakeTeam] | undefined {
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

  private handle(req: http.IncomingMessage, bytes: Buffer, res: http.ServerResponse): void {
    const url = new URL(req.url ?? "/", this.url);
    if (url.pathname.startsWith("/upload/"))
      return this.receiveUpload(url.pathname.slice("/upload/".length), bytes, res);
    const raw = bytes.toString("utf8");
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
    const limited = this.overLimit(call, teamId);
    if (limited !== null) {
      this.calls.pop();
      this.rateLimited.push(call);
      // Slack sends whole seconds; a scaled window sends the fraction (the client reads a number).
      res.writeHead(429, { "retry-after": String(this.options.limits?.windowScale ? limited : Math.ceil(limited)) });
      res.end(JSON.stringify({ ok: false, error: "ratelimited" }));
      return;
    }
    const userJson = (user: FakeUser) => ({
      id: user.id,
      team_id: teamId,
      name: user.name,
      real_name: user.name,
      deleted: user.deleted ?? false,
      is_bot: false,
      is_admin: user.isAdmin ?? false,
      is_owner: user.isOwner ?? false,
      ...(user.tz ? { tz: user.tz } : {}),
      profile: { email: user.email, display_name: user.name },
    });
    switch (call.method) {
      case "users.lookupByEmail": {
        const email = String(call.body.email ?? "").toLowerCase();
        const user = teamData.users.find((u) => u.email?.toLowerCase() === email);
        if (!user) return reply(200, { ok: false, error: "users_not_found" });
        return reply(200, { ok: true, user: userJson(user) });
      }
      case "conversations.open": {
        const user = teamData.users.find((u) => u.id === call.body.users);
        if (!user) return reply(200, { ok: false, error: "user_not_found" });
        return reply(200, { ok: true, channel: { id: `D${user.id}` } });
      }
      case "conversations.members": {
        const members = teamData.channels?.[String(call.body.channel)];
        if (!members) return reply(200, { ok: false, error: "channel_not_found" });
        const limit = Number(call.body.limit ?? 100);
        const start = Number(call.body.cursor ?? 0);
        const next = start + limit < members.length ? String(start + limit) : "";
        return reply(200, {
          ok: true,
          members: members.slice(start, start + limit),
          response_metadata: { next_cursor: next },
        });
      }
      case "conversations.history": {
        const oldest = Number(call.body.oldest ?? 0);
        const withMetadata = String(call.body.include_all_metadata) === "true";
        const messages = (this.messages.get(String(call.body.channel)) ?? [])
          .filter((m) => Number(m.ts) >= oldest)
          .reverse()
          .map((m) => (withMetadata ? m : { ts: m.ts, text: m.text }));
        return reply(200, { ok: true, messages, has_more: false, response_metadata: { next_cursor: "" } });
      }
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
        return reply(200, { ok: true, user: userJson(user) });
      }
      case "chat.postMessage":
      case "chat.update": {
        if (typeof call.body.channel !== "string") return reply(200, { ok: false, error: "channel_not_found" });
        if (
          !this.check(call.method, MessagePayloadSchema, { text: call.body.text ?? "", blocks: call.body.blocks ?? [] })
        ) {
          return reply(200, { ok: false, error: "invalid_blocks" });
        }
        const ts =
          call.method === "chat.update"
            ? call.body.ts
            : `${Math.floor(Date.now() / 1000)}.${String(this.nextTs++).padStart(6, "0")}`;
        if (call.method === "chat.postMessage") {
          const channel = call.body.channel;
          const list = this.messages.get(channel) ?? [];
          const metadata =
            typeof call.body.metadata === "string"
              ? (JSON.parse(call.body.metadata) as StoredMessage["metadata"])
              : (call.body.metadata as StoredMessage["metadata"]);
          list.push({ ts: String(ts), text: String(call.body.text ?? ""), ...(metadata ? { metadata } : {}) });
          this.messages.set(channel, list);
        }
        return reply(200, { ok: true, channel: call.body.channel, ts });
      }
      case "files.getUploadURLExternal": {
        const length = Number(call.body.length);
        if (typeof call.body.filename !== "string" || !Number.isInteger(length) || length <= 0) {
          return reply(200, { ok: false, error: "invalid_arguments" });
        }
        const fileId = `F${String(this.files.size + 1).padStart(6, "0")}`;
        this.files.set(fileId, {
          filename: call.body.filename,
          length,
          ...(typeof call.body.alt_text === "string" ? { altText: call.body.alt_text } : {}),
        });
        return reply(200, { ok: true, file_id: fileId, upload_url: `${this.url}/upload/${fileId}` });
      }
      case "files.completeUploadExternal": {
        const list = JSON.parse(String(call.body.files ?? "[]")) as { id: string; title?: string }[];
        const known = list.map((f) => ({ f, stored: this.files.get(f.id) }));
        if (known.length === 0 || known.some((k) => !k.stored?.bytes))
          return reply(200, { ok: false, error: "file_not_found" });
        for (const { f, stored } of known) {
          if (typeof call.body.channel_id === "string") stored!.channel = call.body.channel_id;
          if (f.title) stored!.title = f.title;
          if (typeof call.body.initial_comment === "string") stored!.comment = call.body.initial_comment;
        }
        return reply(200, {
          ok: true,
          files: known.map(({ f, stored }) => ({ id: f.id, name: stored!.filename, title: stored!.title })),
        });
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
