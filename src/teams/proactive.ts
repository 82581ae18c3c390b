/**
 * Messages the bot starts (reminders, audit digests): sent later into a conversation whose
 * reference was stored on install or on a message, with continueConversationAsync.
 */
import type { CloudAdapter, ConversationReference } from "botbuilder";
import { maskMessage } from "../core/messages/mask.js";
import type { Message } from "../core/messages/model.js";
import type { ConversationRefStore } from "./conversation-refs.js";
import type { SendPacer } from "./pacer.js";
import { messageActivity } from "./responder.js";

export class UnknownConversationError extends Error {
  constructor(workspaceId: string, conversationId: string) {
    super(
      `No Teams conversation ${conversationId} is known in workspace ${workspaceId} (the app must be installed there first)`,
    );
    this.name = "UnknownConversationError";
  }
}

export type SendProactive = (
  workspaceId: string,
  conversationId: string,
  message: Message,
) => Promise<string | undefined>;

export function createProactiveSender(options: {
  adapter: CloudAdapter;
  appId: string;
  refs: ConversationRefStore;
  pacer: SendPacer;
}): SendProactive {
  return async (workspaceId, conversationId, message) => {
    const reference = await options.refs.find(workspaceId, conversationId);
    if (!reference) throw new UnknownConversationError(workspaceId, conversationId);
    const tenantId = reference.conversation?.tenantId ?? "local";
    let id: string | undefined;
    let failure: { error: unknown } | undefined;
    await options.adapter.continueConversationAsync(
      options.appId,
      reference as ConversationReference,
      async (context) => {
        try {
          const response = await options.pacer.run({ conversationId, tenantId }, () =>
            // Proactive sends skip the chat core's responder, so they are masked here.
            context.sendActivity(messageActivity(maskMessage(message))),
          );
          id = response?.id;
        } catch (error) {
          // The adapter hands an error in this callback to onTurnError and resolves: kept here,
          // so a refused or throttled send is not taken for a sent one.
          failure = { error };
        }
      },
    );
    if (failure) throw failure.error;
    return id;
  };
}
