/**
 * The edge in front of Bolt for POST /slack/events. In order: read the body (at most
 * MAX_BODY_BYTES), check the signature and that the timestamp is within five minutes either
 * way, decode the body (form or JSON), and validate its shape (payloads.ts). Forged or stale
 * → 401, nonsense → 400 with a short reason, payloads the bot does not use → 200 and nothing
 * runs. Only a valid request reaches Bolt, re-encoded from the validated fields alone. Whatever
 * goes wrong while handling one request is logged with its request id and never ends the process.
 */
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../logger.js";
import { admitPayload, admitSlashCommand, type Admission } from "./payloads.js";

/** Slack's largest payloads (a modal's view with its state) are far below this. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Slack's replay window: a request signed more than five minutes before or after now is refused. */
export const TIMESTAMP_WINDOW_SECONDS = 5 * 60;

export type Verdict = { status: 401 | 413 | 415; reason: string } | { status: 200; reason: "ssl_check" } | Admission;

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

function header(headers: IncomingMessage["headers"], name: string): string | undefined {
  const value = headers[name];
  return typeof value === "string" ? value : undefined;
}

/** Why the request is not Slack's (missing or bad headers, stale or future timestamp, wrong signature), or null. */
export function verifySignature(
  headers: IncomingMessage["headers"],
  raw: Buffer,
  secret: string,
  nowMs: number,
): string | null {
  const signature = header(headers, "x-slack-signature");
  const timestamp = header(headers, "x-slack-request-timestamp");
  if (!signature || !timestamp) return "missing signature headers";
  if (!/^\d{1,12}$/.test(timestamp)) return "malformed timestamp";
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > TIMESTAMP_WINDOW_SECONDS)
    return "timestamp outside the five-minute window";
  const expected = Buffer.from(
    "v0=" + crypto.createHmac("sha256", secret).update(`v0:${timestamp}:`).update(raw).digest("hex"),
  );
  const given = Buffer.from(signature);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? null : "signature mismatch";
}

function decodeForm(text: string): Record<string, string> | null {
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    // Slack never repeats a field; a repeat would make "which one counts" ambiguous.
    if (Object.hasOwn(fields, key)) return null;
    fields[key] = value;
  }
  return fields;
}

/** Everything the edge decides about one request, given its bytes; no I/O. */
export function admit(
  headers: IncomingMessage["headers"],
  raw: Buffer,
  options: { signingSecret: string; command: string; nowMs: number },
): Verdict {
  const mediaType = (header(headers, "content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const text = raw.toString("utf8");
  const form = mediaType === FORM ? decodeForm(text) : null;
  // Slack's reachability probe for slash command URLs (Bolt answers it unsigned too): nothing runs.
  if (form?.ssl_check === "1") return { status: 200, reason: "ssl_check" };
  const forged = verifySignature(headers, raw, options.signingSecret, options.nowMs);
  if (forged) return { status: 401, reason: forged };

  if (mediaType === FORM) {
    if (!form) return { kind: "invalid", reason: "a form field is repeated" };
    if (form.payload !== undefined) {
      let payload: unknown;
      try {
        payload = JSON.parse(form.payload);
      } catch {
        return { kind: "invalid", reason: "the payload field is not JSON" };
      }
      return admitPayload(payload);
    }
    if (form.command !== undefined) return admitSlashCommand(form, options.command);
    return { kind: "invalid", reason: "neither a slash command nor an interactivity payload" };
  }
  if (mediaType === JSON_TYPE) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { kind: "invalid", reason: "the body is not JSON" };
    }
    return admitPayload(body);
  }
  return { status: 415, reason: `unsupported content type ${JSON.stringify(mediaType.slice(0, 50))}` };
}

/** The body, or null once it passes `max` bytes (the rest is drained and dropped). */
function readBody(request: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers["content-length"]) > max) {
      request.resume();
      return resolve(null);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) return void chunks.push(chunk);
      request.off("data", onData);
      request.resume();
      resolve(null);
    };
    request.on("data", onData);
    request.once("end", () => resolve(Buffer.concat(chunks)));
    request.once("error", reject);
  });
}

function send(response: ServerResponse, status: number, body?: Record<string, unknown>, close = false): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  response.writeHead(status, {
    ...(body === undefined ? {} : { "content-type": "application/json; charset=utf-8" }),
    "content-length": Buffer.byteLength(text),
    ...(close ? { connection: "close" } : {}),
  });
  response.end(text);
}

const requestIds = new WeakMap<IncomingMessage, string>();

/** The id the edge logged a request under, for log lines written further in (Bolt's error handler). */
export function requestIdOf(request: IncomingMessage): string | undefined {
  return requestIds.get(request);
}

export interface SlackEdgeOptions {
  signingSecret: string;
  /** The slash command the manifest registers; other commands are ignored. */
  command: string;
  logger: Logger;
  /** Hands a validated request to Bolt; `body` holds only the validated fields. */
  forward(request: IncomingMessage, response: ServerResponse, body: Record<string, unknown>): void | Promise<void>;
  now?: () => number;
}

export function slackEdge(
  options: SlackEdgeOptions,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const { logger } = options;
  return async (request, response) => {
    const requestId = crypto.randomBytes(6).toString("hex");
    requestIds.set(request, requestId);
    let raw: Buffer | null;
    try {
      raw = await readBody(request, MAX_BODY_BYTES);
    } catch (error) {
      // The client went away mid-body: nobody is left to answer.
      logger.debug("slack request body unreadable", { requestId, error: String(error) });
      if (!response.headersSent) send(response, 400, { error: "unreadable body" }, true);
      return;
    }
    try {
      if (raw === null) {
        logger.warn("slack request refused", { requestId, status: 413, reason: "body too large" });
        return send(response, 413, { error: `body larger than ${MAX_BODY_BYTES} bytes` }, true);
      }
      const verdict = admit(request.headers, raw, {
        signingSecret: options.signingSecret,
        command: options.command,
        nowMs: (options.now ?? Date.now)(),
      });
      if ("status" in verdict) {
        if (verdict.status !== 200) logger.warn("slack request refused", { requestId, ...verdict });
        // A 401 says no more than that: the reason is for our log, not for a forger.
        return send(response, verdict.status, verdict.status === 415 ? { error: verdict.reason } : undefined);
      }
      switch (verdict.kind) {
        case "invalid":
          logger.warn("slack request refused", { requestId, status: 400, reason: verdict.reason });
          return send(response, 400, { error: verdict.reason });
        case "ignore":
          logger.debug("slack request ignored", { requestId, reason: verdict.reason });
          return send(response, 200);
        case "answer":
          return send(response, 200, verdict.body);
        case "bolt":
          return await options.forward(request, response, verdict.body);
      }
    } catch (error) {
      // Only our own code can fail here: that is a 500, and the process keeps serving.
      logger.error("slack request failed", {
        requestId,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      if (!response.headersSent) send(response, 500, { error: "internal error", requestId });
      else response.end();
    }
  };
}
