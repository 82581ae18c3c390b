/** Requests signed the way Slack signs them: v0=HMAC-SHA256(secret, "v0:{ts}:{body}"). */
import crypto from "node:crypto";

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return "v0=" + crypto.createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex");
}

export interface SignedPost {
  status: number;
  body: string;
}

export async function postSigned(
  url: string,
  body: string,
  options: {
    secret: string;
    contentType: "application/x-www-form-urlencoded" | "application/json";
    timestamp?: number;
    signature?: string;
    headers?: Record<string, string>;
  },
): Promise<SignedPost> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": options.contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": options.signature ?? slackSignature(options.secret, timestamp, body),
      ...options.headers,
    },
    body,
  });
  return { status: response.status, body: await response.text() };
}

/** A slash command body as Slack sends it (form-encoded). */
export function slashCommandBody(fields: {
  teamId: string;
  userId: string;
  channelId: string;
  text: string;
  responseUrl: string;
  triggerId: string;
  channelName?: string;
}): string {
  return new URLSearchParams({
    token: "verification-token-unused",
    team_id: fields.teamId,
    team_domain: "acme",
    channel_id: fields.channelId,
    channel_name: fields.channelName ?? "sales-ops",
    user_id: fields.userId,
    user_name: "someone",
    command: "/crm-audit",
    text: fields.text,
    api_app_id: "A0CRMAUDIT",
    is_enterprise_install: "false",
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId,
  }).toString();
}

/** An interactivity payload as Slack sends it: form-encoded `payload=<json>`. */
export function interactivityBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
