/**
 * What carries the outbox's Teams rows (docs/schedules.md, "Delivery"), and the Teams side of the
 * chat directory:
 *
 * - channel and group posts: a proactive message into the conversation's stored reference;
 * - a person: a proactive message into their personal chat with the bot, whose reference is
 *   stored when they install the app or write to it (personal_chats names whose it is). A person
 *   who never did is unreachable, and the row fails saying so: Teams does not let a bot start a
 *   chat with someone who has not installed it;
 * - pacing and 429s: the SendPacer (7 a second per conversation, 30 per tenant); a 429 it could
 *   not absorb hands the row back to the outbox with its Retry-After;
 * - the directory: people are found by the emails Teams gave the bot (chat_identities, filled as
 *   members write to it) and a conversation's members by its roster (pagedmembers).
 *
 * Teams gives a bot no way to read back what it posted, so a row whose instance died while
 * sending is sent again: the one case where a Teams message can arrive twice.
 */
import { TeamsInfo, type CloudAdapter, type ConversationReference } from "botbuilder";
import type { DirectoryMatch } from "../core/delivery.js";
import { PermanentDeliveryError, type OutboxSender, type SendOutcome } from "../core/outbox/drainer.js";
import { retryAfterMs } from "../core/outbox/pacing.js";
import type { PersonalChatStore } from "../core/stores/outbox.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { ConversationRefStore } from "./conversation-refs.js";
import { throttleOf } from "./pacer.js";
import { UnknownConversationError, type SendProactive } from "./proactive.js";

export const NOT_INSTALLED =
  "has not installed the bot in Teams (no personal chat with it: Teams does not let a bot write first to someone who has not)";

export interface TeamsOutboxOptions {
  sendProactive: SendProactive;
  personalChats: PersonalChatStore;
  prisma: PrismaClient;
  refs: ConversationRefStore;
  adapter: CloudAdapter;
  appId: string;
}

export interface TeamsOutbox {
  sender: OutboxSender;
  findByEmail(tenantId: string, email: string): Promise<DirectoryMatch>;
  members(
    tenantId: string,
    conversationId: string,
  ): Promise<{ found: true; userIds: string[] } | { found: false; reason: string }>;
}

export function createTeamsOutbox(options: TeamsOutboxOptions): TeamsOutbox {
  async function send(row: Parameters<OutboxSender["send"]>[0]): Promise<SendOutcome> {
    const { target } = row;
    let conversationId: string;
    if (target.kind === "channel") conversationId = target.conversationId;
    else {
      const personal = await options.personalChats.get("teams", target.tenantId, target.userId);
      if (!personal) throw new PermanentDeliveryError(`Teams user ${target.userId} ${NOT_INSTALLED}`);
      conversationId = personal;
    }
    try {
      const id = await options.sendProactive(row.workspaceId, conversationId, row.message);
      return { ok: true, ref: id ? `${conversationId}:${id}` : conversationId };
    } catch (error) {
      if (error instanceof UnknownConversationError) throw new PermanentDeliveryError(error.message);
      const throttle = throttleOf(error);
      if (throttle) {
        return {
          ok: false,
          retryAfterMs: Math.max(1000, retryAfterMs(throttle.retryAfter) ?? 5000),
          reason: "Teams throttled the bot (429)",
        };
      }
      const status = (error as { statusCode?: number } | null)?.statusCode;
      // 403: the bot was removed or blocked; 404: the conversation is gone. Retrying will not help.
      if (status === 403 || status === 404) {
        throw new PermanentDeliveryError(`Teams refused the message (${status}): ${String((error as Error).message)}`);
      }
      throw error;
    }
  }

  return {
    sender: { send },
    async findByEmail(tenantId, email) {
      const lowered = email.trim().toLowerCase();
      const identity = await options.prisma.chatIdentity.findFirst({
        where: { platform: "teams", tenantId, OR: [{ email: lowered }, { email: email.trim() }] },
      });
      if (!identity) {
        return {
          found: false,
          reason: "no Teams user with this email has written to the bot or been seen in a conversation with it",
        };
      }
      const personal = await options.personalChats.get("teams", tenantId, identity.userId);
      if (!personal) return { found: false, reason: `${identity.displayName ?? identity.userId} ${NOT_INSTALLED}` };
      return { found: true, userId: identity.userId, displayName: identity.displayName, timeZone: null };
    },
    async members(tenantId, conversationId) {
      const row = await options.prisma.conversationRef.findFirst({ where: { platform: "teams", conversationId } });
      const reference = row ? await options.refs.find(row.workspaceId, conversationId) : undefined;
      // Another tenant's conversation is as unknown as a missing one.
      if (!reference || (reference.conversation?.tenantId ?? "local") !== tenantId)
        return {
          found: false,
          reason: `the bot knows no Teams conversation ${conversationId} (install it there first)`,
        };
      const userIds: string[] = [];
      let failure: { error: unknown } | undefined;
      try {
        await options.adapter.continueConversationAsync(
          options.appId,
          reference as ConversationReference,
          async (context) => {
            // The adapter would swallow an error thrown here (onTurnError): kept and rethrown.
            try {
              let token: string | undefined;
              do {
                const page = await TeamsInfo.getPagedMembers(context, 500, token);
                userIds.push(...page.members.map((m) => m.id));
                token = page.continuationToken;
              } while (token);
            } catch (error) {
              failure = { error };
            }
          },
        );
        if (failure) throw failure.error;
      } catch (error) {
        return {
          found: false,
          reason: `Teams could not list the members: ${String((error as Error).message ?? error)}`,
        };
      }
      return { found: true, userIds };
    },
  };
}
