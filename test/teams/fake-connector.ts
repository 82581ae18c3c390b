/**
 * A local stand-in for the Bot Framework connector service (the part of Microsoft's cloud a bot
 * talks back to). Activities posted to the bot carry `serviceUrl` pointing here, so every reply,
 * update and proactive send botbuilder makes lands in `received` for the test to inspect.
 * It implements the v3 endpoints botbuilder calls and can answer 429 with Retry-After.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedCall {
  method: string;
  path: string;
  conversationId: string;
  activityId?: string;
  body: Record<string, unknown>;
}

export interface FakeConnector {
  url: string;
  received: ReceivedCall[];
  /** Sent activities (POST .../activities and POST /v3/conversations with an activity). */
  sent(): Record<string, unknown>[];
  /** Updated activities (PUT .../activities/{id}). */
  updated(): ReceivedCall[];
  /** The next `count` activity posts answer 429 with this Retry-After (seconds). */
  throttleNext(count: number, retryAfterSeconds: number): void;
  throttledCount(): number;
  /** Members returned by GET /v3/conversations/{id}/members/{userId}. */
  members: Map<string, Record<string, unknown>>;
  /** Rosters returned by GET /v3/conversations/{id}/pagedmembers, by conversation id. */
  rosters: Map<string, Record<string, unknown>[]>;
  waitFor(predicate: (calls: ReceivedCall[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const received: ReceivedCall[] = [];
  const members = new Map<string, Record<string, unknown>>();
  const rosters = new Map<string, Record<string, unknown>[]>();
  const waiters: (() => void)[] = [];
  let throttleRemaining = 0;
  let throttleSeconds = 0;
  let throttled = 0;
  let nextId = 1;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const url = new URL(req.url ?? "/", "http://localhost");
      const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
      const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(payload));
      };
      const record = (call: ReceivedCall) => {
        received.push(call);
        for (const wake of waiters.splice(0)) wake();
      };

      // GET /v3/conversations/{id}/pagedmembers (pages of pageSize, continued by an index token)
      if (req.method === "GET" && parts[0] === "v3" && parts[1] === "conversations" && parts[3] === "pagedmembers") {
        const roster = rosters.get(parts[2] ?? "");
        if (!roster) return json(404, { error: { code: "ConversationNotFound", message: "not found" } });
        const size = Number(url.searchParams.get("pageSize") ?? 200);
        const start = Number(url.searchParams.get("continuationToken") ?? 0);
        const next = start + size < roster.length ? String(start + size) : undefined;
        return json(200, { members: roster.slice(start, start + size), ...(next ? { continuationToken: next } : {}) });
      }
      // GET /v3/conversations/{id}/members/{userId}
      if (req.method === "GET" && parts[0] === "v3" && parts[1] === "conversations" && parts[3] === "members") {
        const member = members.get(parts[4] ?? "");
        if (!member) return json(404, { error: { code: "MemberNotFoundInConversation", message: "not found" } });
        return json(200, member);
      }
      // POST /v3/conversations (create a conversation, optionally with a first activity)
      if (req.method === "POST" && url.pathname === "/v3/conversations") {
        const conversationId = `created-${nextId++}`;
        record({ method: "POST", path: url.pathname, conversationId, body });
        return json(200, { id: conversationId, activityId: `a-${nextId++}` });
      }
      // POST /v3/conversations/{id}/activities[/{replyToId}]
      if (req.method === "POST" && parts[0] === "v3" && parts[1] === "conversations" && parts[3] === "activities") {
        if (throttleRemaining > 0) {
          throttleRemaining--;
          throttled++;
          return json(
            429,
            { error: { code: "TooManyRequests", message: "throttled" } },
            { "retry-after": String(throttleSeconds) },
          );
        }
        const activityId = `a-${nextId++}`;
        record({ method: "POST", path: url.pathname, conversationId: parts[2] ?? "", activityId, body });
        return json(200, { id: activityId });
      }
      // PUT /v3/conversations/{id}/activities/{activityId}
      if (req.method === "PUT" && parts[0] === "v3" && parts[1] === "conversations" && parts[3] === "activities") {
        record({ method: "PUT", path: url.pathname, conversationId: parts[2] ?? "", activityId: parts[4], body });
        return json(200, { id: parts[4] });
      }
      json(404, { error: { code: "NotFound", message: `${req.method} ${url.pathname}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    received,
    members,
    rosters,
    sent: () =>
      received
        .filter((c) => c.method === "POST")
        .map((c) => (c.path === "/v3/conversations" ? (c.body.activity as Record<string, unknown>) : c.body))
        .filter(Boolean),
    updated: () => received.filter((c) => c.method === "PUT"),
    throttleNext(count, seconds) {
      throttleRemaining = count;
      throttleSeconds = seconds;
    },
    throttledCount: () => throttled,
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline)
          throw new Error(`fake connector: condition not met; got ${JSON.stringify(received)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 100);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
