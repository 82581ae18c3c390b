/**
 * The core's Responder on Slack. Slash commands and message buttons answer through their
 * response_url (no scopes needed, works in channels the bot is not in); ephemeral unless the
 * core marks the message for the channel. `update` replaces the last message sent (progress →
 * result) with replace_original. Clicks on the Home tab have no response_url and answer in
 * the app's DM through the paced delivery queue.
 */
import http from "node:http";
import https from "node:https";
import type { webApi } from "@slack/bolt";

type WebClient = webApi.WebClient;
import type { Responder } from "../core/commands/types.js";
import type { Message, Visibility } from "../core/messages/model.js";
import type { Logger } from "../logger.js";
import type { ChannelDelivery } from "./delivery.js";
import type { ResponseUrlPolicy } from "./response-url.js";
import { renderMessage, type RenderPageOptions } from "./render/surfaces.js";

/** Slack accepts at most five posts to one response_url (within 30 minutes). */
const RESPONSE_URL_USES = 5;

/** A response_url that has not answered in this long has failed (Slack answers in well under a second). */
const RESPONSE_URL_TIMEOUT_MS = 30_000;

// Kept-alive connections to Slack's hooks host: every command posts at least once, and node's
// http client costs a fraction of fetch's CPU per request (docs/performance.md, "Chat path").
const agents = {
  "https:": new https.Agent({ keepAlive: true }),
  "http:": new http.Agent({ keepAlive: true }),
};

export function postToResponseUrl(url: string, body: Record<string, unknown>): Promise<void> {
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : target.protocol === "http:" ? http : null;
  if (!client) return Promise.reject(new Error(`response_url has an unsupported protocol ${target.protocol}`));
  const payload = Buffer.from(JSON.stringify(body), "utf8");
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: "POST",
        agent: agents[target.protocol as keyof typeof agents],
        headers: { "content-type": "application/json; charset=utf-8", "content-length": payload.length },
        timeout: RESPONSE_URL_TIMEOUT_MS,
      },
      (response) => {
        // Drained so the connection goes back to the agent.
        response.resume();
        response.once("error", reject);
        response.once("end", () => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new Error(`response_url answered ${status}`));
        });
      },
    );
    request.once("timeout", () => request.destroy(new Error("response_url did not answer in time")));
    request.once("error", reject);
    request.end(payload);
  });
}

export interface ResponseUrlResponderOptions {
  responseUrl: string;
  /** A response_url this refuses is never fetched: the answers go to `fallback` instead. */
  allowed: ResponseUrlPolicy;
  logger: Logger;
  /** True for a click on a message: `update` before any reply replaces the clicked message. */
  replacesSource: boolean;
  /** Used once the response_url is spent (more than five answers). */
  fallback: Responder;
  page?: RenderPageOptions;
}

export function responseUrlResponder(options: ResponseUrlResponderOptions): Responder {
  if (!options.allowed(options.responseUrl)) {
    options.logger.warn("slack response_url refused: not a Slack host; answering in the app's DM", {
      responseUrl: options.responseUrl.slice(0, 200),
    });
    return options.fallback;
  }
  let uses = 0;
  let last: Visibility | null = options.replacesSource ? "private" : null;
  let spent = false;

  const send = async (body: Record<string, unknown>) => {
    uses++;
    await postToResponseUrl(options.responseUrl, body);
  };
  const payload = (message: Message) => ({
    ...renderMessage(message, options.page),
    response_type: message.visibility === "channel" ? "in_channel" : "ephemeral",
  });

  const reply = async (message: Message) => {
    if (spent || uses >= RESPONSE_URL_USES) {
      spent = true;
      return options.fallback.reply(message);
    }
    await send({ ...payload(message), replace_original: false });
    last = message.visibility;
  };

  return {
    reply,
    async update(message) {
      if (spent) return options.fallback.update(message);
      if (last === null) return reply(message);
      if (last !== message.visibility && !options.replacesSource) {
        // An ephemeral progress note cannot turn into a channel post: remove it, post anew.
        if (uses < RESPONSE_URL_USES - 1) await send({ delete_original: true });
        return reply(message);
      }
      if (uses >= RESPONSE_URL_USES) {
        spent = true;
        return options.fallback.reply(message);
      }
      await send({ ...payload(message), replace_original: true });
      last = message.visibility;
    },
  };
}

export interface ChannelResponderOptions {
  client: WebClient;
  delivery: ChannelDelivery;
  /** A channel id, or a user id for the app's DM with that user. */
  channel: string;
  page?: RenderPageOptions;
}

/** Posts with chat.postMessage and edits with chat.update, through the per-channel queue. */
export function channelResponder(options: ChannelResponderOptions): Responder {
  let lastPosted: { channel: string; ts: string } | null = null;
  const reply = async (message: Message) => {
    lastPosted = await options.delivery.post(options.client, options.channel, renderMessage(message, options.page));
  };
  return {
    reply,
    async update(message) {
      if (!lastPosted) return reply(message);
      await options.delivery.update(
        options.client,
        lastPosted.channel,
        lastPosted.ts,
        renderMessage(message, options.page),
      );
    },
  };
}
