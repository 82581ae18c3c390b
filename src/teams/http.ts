/**
 * node:http ↔ botbuilder. The shared server leaves bodies unread (Slack needs raw bytes), so
 * this route reads and parses the JSON itself and adapts ServerResponse to the small
 * Express-like response CloudAdapter.process writes to.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type {
  Activity,
  ConfigurationBotFrameworkAuthentication,
  Request as BotRequest,
  Response as BotResponse,
} from "botbuilder";
import { isLoopbackHost } from "../config.js";

/** Bot Framework activities are small; Teams caps messages at 100 KB. */
const MAX_BODY_BYTES = 1024 * 1024;

const Account = z.looseObject({ id: z.string().min(1) });

/**
 * What every activity Teams sends has and the handlers read without checking; botbuilder
 * validates the rest itself. Anything else is answered 400 here rather than failing mid-turn.
 */
const ActivityEnvelope = z.looseObject({
  type: z.string().min(1),
  channelId: z.string().min(1),
  from: Account,
  recipient: Account,
  conversation: Account,
  text: z.string().optional(),
  entities: z.array(z.looseObject({ type: z.string() })).optional(),
  membersAdded: z.array(Account).optional(),
  membersRemoved: z.array(Account).optional(),
});

export class BadRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Validates the Bot Framework token before the body is read. Only what needs no body is checked
 * here (signature, issuer, audience); CloudAdapter.process checks it again with the activity
 * (channel endorsement, serviceUrl claim).
 */
export async function checkToken(
  auth: Pick<ConfigurationBotFrameworkAuthentication, "authenticateRequest">,
  request: IncomingMessage,
): Promise<void> {
  try {
    await auth.authenticateRequest({ channelId: "", serviceUrl: "" } as Activity, request.headers.authorization ?? "");
  } catch {
    throw new BadRequest(401, "Unauthorized");
  }
}

/**
 * Without an app id nothing vouches for serviceUrl, where replies (with unmasked data) go: in
 * that local mode only this machine may be named.
 */
export function checkLocalServiceUrl(body: Record<string, unknown>): void {
  let host: string | undefined;
  try {
    host = typeof body.serviceUrl === "string" ? new URL(body.serviceUrl).hostname : undefined;
  } catch {
    host = undefined;
  }
  if (host === undefined || !isLoopbackHost(host)) {
    throw new BadRequest(
      403,
      "serviceUrl must be a loopback address when the Teams endpoint runs without MicrosoftAppId",
    );
  }
}

export async function readActivityBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  // An oversized body is read to its end and dropped, not cut off: destroying the request
  // mid-upload resets the connection, and the client sees ECONNRESET instead of the 413.
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_BODY_BYTES) throw new BadRequest(413, "request body too large");
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new BadRequest(400, "request body is not JSON");
  }
  const parsed = ActivityEnvelope.safeParse(json);
  if (!parsed.success) throw new BadRequest(400, "request body is not a Bot Framework activity");
  return parsed.data;
}

export function botRequest(request: IncomingMessage, body: Record<string, unknown>): BotRequest {
  return { body, headers: request.headers, method: request.method };
}

export function botResponse(response: ServerResponse): BotResponse {
  return {
    socket: response.socket,
    status(code: number) {
      response.statusCode = code;
    },
    header(name: string, value: unknown) {
      response.setHeader(name, String(value));
    },
    send(body?: unknown) {
      if (body === undefined || body === null) return;
      if (typeof body === "string" || Buffer.isBuffer(body)) {
        response.write(body);
      } else {
        if (!response.headersSent && !response.getHeader("content-type"))
          response.setHeader("content-type", "application/json");
        response.write(JSON.stringify(body));
      }
    },
    end() {
      response.end();
    },
  };
}
