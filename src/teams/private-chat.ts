/**
 * The asker's 1:1 chat with the bot, opened on first use (createConversationAsync with the user
 * as the only member) and continued afterwards. Used for answers that must not be posted in a
 * channel or group chat.
 */
import { TurnContext, type ChannelAccount, type ConversationReference } from "botbuilder";
import type { Message } from "../core/messages/model.js";
import type { SendPacer } from "./pacer.js";
import { messageActivity, type Outbox } from "./responder.js";

export interface PrivateChatTarget {
  serviceUrl: string;
  tenantId: string;
  bot: ChannelAccount;
  user: ChannelAccount;
}

export type OpenPrivateChat = (
  target: PrivateChatTarget,
  logic: (context: TurnContext) => Promise<void>,
) => Promise<void>;
export type ContinueConversation = (
  reference: Partial<ConversationReference>,
  logic: (context: TurnContext) => Promise<void>,
) => Promise<void>;

export class PrivateChatOutbox implements Outbox {
  private reference: Partial<ConversationReference> | undefined;

  constructor(
    private readonly target: PrivateChatTarget,
    private readonly open: OpenPrivateChat,
    private readonly continueConversation: ContinueConversation,
    private readonly pacer: SendPacer,
  ) {}

  async send(message: Message): Promise<string | undefined> {
    return this.inChat(async (context) => (await context.sendActivity(messageActivity(message)))?.id);
  }

  async update(activityId: string, message: Message): Promise<void> {
    await this.inChat(async (context) => {
      await context.updateActivity({ ...messageActivity(message), id: activityId });
      return undefined;
    });
  }

  private async inChat(call: (context: TurnContext) => Promise<string | undefined>): Promise<string | undefined> {
    let result: string | undefined;
    const run = async (context: TurnContext) => {
      const conversationId = context.activity.conversation.id;
      result = await this.pacer.run({ conversationId, tenantId: this.target.tenantId }, () => call(context));
    };
    if (this.reference) {
      await this.continueConversation(this.reference, run);
    } else {
      await this.open(this.target, async (context) => {
        this.reference = TurnContext.getConversationReference(context.activity);
        await run(context);
      });
    }
    return result;
  }
}
