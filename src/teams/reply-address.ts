/**
 * Teams' reply address for queued work (docs/jobs.md): the conversation (whose reference
 * src/teams/conversation-refs.ts keeps, refreshed on every message), and for a channel or group
 * chat the asker and bot accounts, so a private answer can go to the asker's 1:1 chat. Whichever
 * instance finishes the job continues the conversation with the stored reference and posts the
 * result as a new message (the progress card was sent by another instance, so it is not edited).
 */
import type { Activity, ConversationReference } from "botbuilder";
import { z } from "zod";
import type { Responder } from "../core/commands/types.js";
import type { ReplyAddress } from "../core/jobs/reply-address.js";
import type { Message } from "../core/messages/model.js";
import type { Logger } from "../logger.js";
import { conversationKindOf, type ConversationRefStore } from "./conversation-refs.js";
import type { SendPacer } from "./pacer.js";
import { PrivateChatOutbox, type ContinueConversation, type OpenPrivateChat } from "./private-chat.js";
import { TurnSender, turnResponder, type Outbox } from "./responder.js";

const TeamsReplyDetail = z.object({
  conversationId: z.string().min(1),
  tenantId: z.string().min(1),
  kind: z.enum(["personal", "group", "channel"]),
  /** The command as typed, for "In answer to your …" on a private answer. */
  text: z.string(),
  serviceUrl: z.string().min(1),
  botId: z.string().min(1),
  botName: z.string().nullable(),
  userId: z.string().min(1),
  userName: z.string().nullable(),
});

export function teamsReplyAddress(
  activity: Partial<Activity>,
  tenantId: string,
  text: string,
): ReplyAddress | undefined {
  const { conversation, recipient, from, serviceUrl } = activity;
  if (!conversation?.id || !recipient?.id || !from?.id || !serviceUrl) return undefined;
  return {
    platform: "teams",
    detail: {
      conversationId: conversation.id,
      tenantId,
      kind: conversationKindOf(conversation.conversationType),
      text,
      serviceUrl,
      botId: recipient.id,
      botName: recipient.name ?? null,
      userId: from.id,
      userName: from.name ?? null,
    },
  };
}

/** Sends into a stored conversation (continueConversation with its reference), paced. */
class StoredConversation implements Outbox {
  constructor(
    private readonly reference: Partial<ConversationReference>,
    private readonly continueConversation: ContinueConversation,
    private readonly pacer: SendPacer,
    private readonly tenantId: string,
  ) {}

  private async inConversation<T>(call: (sender: TurnSender) => Promise<T>): Promise<T> {
    let result: { value: T } | undefined;
    await this.continueConversation(this.reference, async (context) => {
      const sender = new TurnSender(context, this.pacer, {
        conversationId: context.activity.conversation.id,
        tenantId: this.tenantId,
      });
      result = { value: await call(sender) };
    });
    if (!result) throw new Error("teams: the stored conversation could not be continued");
    return result.value;
  }

  send(message: Message): Promise<string | undefined> {
    return this.inConversation((sender) => sender.send(message));
  }

  update(activityId: string, message: Message): Promise<void> {
    return this.inConversation((sender) => sender.update(activityId, message));
  }
}

export function teamsResponderFactory(deps: {
  refs: ConversationRefStore;
  continueConversation: ContinueConversation;
  openPrivateChat: OpenPrivateChat;
  pacer: SendPacer;
  logger: Logger;
}): (address: ReplyAddress, workspaceId: string) => Promise<Responder | null> {
  return async (address, workspaceId) => {
    const parsed = TeamsReplyDetail.safeParse(address.detail);
    if (address.platform !== "teams" || !parsed.success) {
      deps.logger.warn("teams: a stored reply address does not parse; not answered", { platform: address.platform });
      return null;
    }
    const detail = parsed.data;
    const reference = await deps.refs.find(workspaceId, detail.conversationId);
    if (!reference) {
      deps.logger.warn("teams: no stored conversation for a reply address; not answered", {
        conversationId: detail.conversationId,
      });
      return null;
    }
    const shared = new StoredConversation(reference, deps.continueConversation, deps.pacer, detail.tenantId);
    const privateChat =
      detail.kind === "personal"
        ? undefined
        : new PrivateChatOutbox(
            {
              serviceUrl: detail.serviceUrl,
              tenantId: detail.tenantId,
              bot: { id: detail.botId, name: detail.botName ?? "" },
              user: { id: detail.userId, name: detail.userName ?? "" },
            },
            deps.openPrivateChat,
            deps.continueConversation,
            deps.pacer,
          );
    return turnResponder(shared, privateChat, undefined, { text: detail.text, kind: detail.kind });
  };
}
