/**
 * What carries the outbox's Slack rows (docs/schedules.md, "Delivery"), and the Slack side of
 * the chat directory:
 *
 * - channel posts: chat.postMessage through the per-channel queue (ChannelDelivery, one a second);
 * - direct messages: conversations.open once per person (its DM channel is kept in
 *   personal_chats), then chat.postMessage into it;
 * - every post carries its delivery key in message metadata, so a row whose instance died while
 *   sending is first looked for in conversations.history and not posted again when it is there;
 * - Tier 3 methods (conversations.open, users.lookupByEmail, conversations.history: 50+ a minute
 *   per workspace) are paced by a sliding window per team; a 429 hands the row back to the
 *   outbox with its Retry-After.
 */
import type { webApi } from "@slack/bolt";
import type { DirectoryMatch } from "../core/delivery.js";
import { PermanentDeliveryError, type OutboxSender, type SendOutcome } from "../core/outbox/drainer.js";
import { SlidingWindowLimiter, type Clock } from "../core/outbox/pacing.js";
import type { OutboxRow, PersonalChatStore } from "../core/stores/outbox.js";
import { isRateLimited, type ChannelDelivery } from "./delivery.js";
import { renderMessage } from "./render/surfaces.js";

type WebClient = webApi.WebClient;

/** The metadata event type the bot's own posts carry (chat.postMessage `metadata`). */
export const DELIVERY_EVENT_TYPE = "crm_audit_delivery";

/** Slack errors that retrying will not fix: the row fails with the error as its reason. */
const PERMANENT = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "user_not_found",
  "users_not_found",
  "user_disabled",
  "cannot_dm_bot",
  "invalid_blocks",
  "msg_too_long",
  "no_text",
  "restricted_action",
  "missing_scope",
  "not_authed",
  "invalid_auth",
  "account_inactive",
  "team_access_not_granted",
]);

const EXPLAINED: Record<string, string> = {
  channel_not_found: "Slack knows no such channel (or the app is not in it)",
  not_in_channel: "the app is not in that channel (invite it with /invite)",
  is_archived: "the channel is archived",
  user_not_found: "Slack knows no such user",
  user_disabled: "the Slack user is deactivated",
  cannot_dm_bot: "the user is a bot",
  missing_scope: "the app lacks a scope this needs (reinstall it with the manifest's scopes)",
};

function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === "string" ? data.error : undefined;
}

function refusal(code: string): string {
  return `Slack: ${EXPLAINED[code] ?? code} (${code})`;
}

export interface SlackOutboxOptions {
  clientFor(teamId: string): Promise<WebClient>;
  delivery: ChannelDelivery;
  personalChats: PersonalChatStore;
  /** Tier 3 calls per minute per team; Slack documents "50+". Tests lower the window. */
  tier3PerMinute?: number;
  tier3WindowMs?: number;
  /** In-place retries of a 429 on chat.postMessage before the row goes back to the outbox. */
  postRetries?: number;
  clock?: Clock;
  now?: () => number;
}

export interface SlackOutbox {
  sender: OutboxSender;
  findByEmail(teamId: string, email: string): Promise<DirectoryMatch>;
  members(
    teamId: string,
    channel: string,
  ): Promise<{ found: true; userIds: string[] } | { found: false; reason: string }>;
}

export function createSlackOutbox(options: SlackOutboxOptions): SlackOutbox {
  const tier3 = new SlidingWindowLimiter(options.tier3PerMinute ?? 50, options.tier3WindowMs ?? 60_000, options.clock);
  const now = options.now ?? Date.now;
  // One conversations.open per person at a time, however many rows wait for them.
  const opening = new Map<string, Promise<string>>();

  async function tier3Call<T>(teamId: string, method: string, call: () => Promise<T>): Promise<T> {
    await tier3.take(`${teamId}:${method}`);
    return call();
  }

  async function dmChannel(client: WebClient, row: OutboxRow, teamId: string, userId: string): Promise<string> {
    const known = await options.personalChats.get("slack", teamId, userId);
    if (known) return known;
    const key = `${teamId}:${userId}`;
    let pending = opening.get(key);
    if (!pending) {
      pending = (async () => {
        const opened = await tier3Call(teamId, "conversations.open", () =>
          client.conversations.open({ users: userId }),
        );
        const channel = opened.channel?.id;
        if (!channel) throw new Error("Slack conversations.open named no channel");
        await options.personalChats.save("slack", teamId, userId, row.workspaceId, channel, now());
        return channel;
      })().finally(() => opening.delete(key));
      opening.set(key, pending);
    }
    return pending;
  }

  /** The ts of a message in `channel` carrying this row's key, posted since the row was made. */
  async function alreadyPosted(client: WebClient, teamId: string, channel: string, row: OutboxRow) {
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const history = await tier3Call(teamId, "conversations.history", () =>
        client.conversations.history({
          channel,
          oldest: String(Math.floor(row.createdAt / 1000) - 60),
          include_all_metadata: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        }),
      );
      const hit = history.messages?.find(
        (m) =>
          m.metadata?.event_type === DELIVERY_EVENT_TYPE &&
          (m.metadata.event_payload as Record<string, unknown> | undefined)?.key === row.key,
      );
      if (hit?.ts) return hit.ts;
      cursor = history.response_metadata?.next_cursor || undefined;
      if (!cursor) return null;
    }
    return null;
  }

  async function send(row: OutboxRow): Promise<SendOutcome> {
    const { target } = row;
    const teamId = target.tenantId;
    try {
      const client = await options.clientFor(teamId);
      const channel =
        target.kind === "channel" ? target.conversationId : await dmChannel(client, row, teamId, target.userId);
      if (row.suspect) {
        const ts = await alreadyPosted(client, teamId, channel, row);
        if (ts) return { ok: true, ref: `${channel}:${ts}`, found: true };
      }
      const posted = await options.delivery.post(
        client,
        channel,
        {
          ...renderMessage(row.message),
          metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { key: row.key } },
        },
        { maxRateLimitRetries: options.postRetries ?? 2 },
      );
      return { ok: true, ref: `${posted.channel}:${posted.ts}` };
    } catch (error) {
      if (isRateLimited(error)) {
        return { ok: false, retryAfterMs: Math.max(1000, error.retryAfter * 1000), reason: "Slack rate limit (429)" };
      }
      const code = slackErrorCode(error);
      if (code && PERMANENT.has(code)) throw new PermanentDeliveryError(refusal(code));
      throw error;
    }
  }

  return {
    sender: { send },
    async findByEmail(teamId, email) {
      try {
        const client = await options.clientFor(teamId);
        const found = await tier3Call(teamId, "users.lookupByEmail", () => client.users.lookupByEmail({ email }));
        const user = found.user;
        if (!user?.id) return { found: false, reason: "Slack answered without a user" };
        if (user.deleted) return { found: false, reason: "the Slack user with this email is deactivated" };
        if (user.is_bot) return { found: false, reason: "the Slack user with this email is a bot" };
        let timeZone = user.tz ?? null;
        if (!timeZone) {
          // Tier 4: users.info fills in a profile that lookupByEmail gave without its zone.
          const info = await client.users.info({ user: user.id });
          timeZone = info.user?.tz ?? null;
        }
        const displayName = user.profile?.display_name || user.real_name || user.name || null;
        return { found: true, userId: user.id, displayName, timeZone };
      } catch (error) {
        if (isRateLimited(error))
          return { found: false, reason: "Slack rate-limited the lookup; it is tried again on the next run" };
        const code = slackErrorCode(error);
        if (code === "users_not_found") return { found: false, reason: "no Slack user has this email" };
        return { found: false, reason: code ? refusal(code) : `Slack lookup failed: ${String(error)}` };
      }
    },
    async members(teamId, channel) {
      try {
        const client = await options.clientFor(teamId);
        const userIds: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await client.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) });
          userIds.push(...(page.members ?? []));
          cursor = page.response_metadata?.next_cursor || undefined;
        } while (cursor);
        return { found: true, userIds };
      } catch (error) {
        const code = slackErrorCode(error);
        if (isRateLimited(error))
          return { found: false, reason: "Slack rate-limited listing the members; try again shortly" };
        return { found: false, reason: code ? refusal(code) : `Slack could not list the members: ${String(error)}` };
      }
    },
  };
}
