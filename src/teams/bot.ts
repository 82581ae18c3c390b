/**
 * The Teams activity handler: translates activities into core calls and renders the answers.
 * It holds no business logic; everything it decides is how Teams expresses the neutral model.
 */
import {
  CardFactory,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
} from "botbuilder";
import { PrivateChatOutbox, type ContinueConversation, type OpenPrivateChat } from "./private-chat.js";
import type { BackgroundWork } from "./background.js";
import { TenantNotServedError } from "../core/commands/identity.js";
import type { ChatCore, RequestContext } from "../core/commands/types.js";
import type { Message } from "../core/messages/model.js";
import type { DeliveryStore } from "../server/deliveries.js";
import type { Logger } from "../logger.js";
import { parseCardInput, type CardInput } from "./card-data.js";
import { commandTextOf, type MentionOf } from "./command-text.js";
import { conversationKindOf, type ConversationRefStore } from "./conversation-refs.js";
import { teamsProfile, tenantIdOf, type MemberDirectory } from "./identity.js";
import type { SendPacer } from "./pacer.js";
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  renderFormCard,
  renderMessageCard,
  type AdaptiveCardJson,
} from "./render/index.js";
import { invokeResponder, TurnSender, turnResponder } from "./responder.js";
import { teamsReplyAddress } from "./reply-address.js";

export interface BotDependencies {
  core: ChatCore;
  refs: ConversationRefStore;
  directory: MemberDirectory;
  pacer: SendPacer;
  /** Redelivered activities are claimed here and ignored (src/server/deliveries.ts). */
  deliveries: DeliveryStore;
  logger: Logger;
  /** Runs `logic` in a conversation outside the incoming request (CloudAdapter.continueConversationAsync). */
  continueConversation: ContinueConversation;
  background: BackgroundWork;
  /** Opens the 1:1 chat of a user with the bot (CloudAdapter.createConversationAsync). */
  openPrivateChat: OpenPrivateChat;
}

const FAILED: Message = {
  text: "Sorry, that did not work.",
  blocks: [{ type: "text", text: "Sorry, that did not work. The error was logged; please try again later." }],
  visibility: "private",
};

const SHARED_WELCOME: Message = {
  text: "CRM Audit is here.",
  blocks: [
    { type: "heading", text: "CRM Audit is here" },
    {
      type: "text",
      text: "Mention me with a command, for example `@CRM Audit status`, or `@CRM Audit help` to see them all. Answers with personal data come to you in a private chat.",
    },
  ],
  visibility: "channel",
};

const SUBMITTED: Message = {
  text: "Thanks, your answer was saved.",
  blocks: [{ type: "text", text: "✅ Thanks, your answer was saved." }],
  visibility: "private",
};

/** People @mentioned in a message, except the bot itself. */
function otherMentions(context: TurnContext): MentionOf[] {
  const botId = context.activity.recipient?.id;
  return TurnContext.getMentions(context.activity)
    .filter((m) => m.mentioned?.id && m.mentioned.id !== botId && m.text)
    .map((m) => ({ text: m.text, userId: m.mentioned.id }));
}

export class CrmAuditTeamsBot extends TeamsActivityHandler {
  constructor(private readonly deps: BotDependencies) {
    super();
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onConversationUpdate(async (context, next) => {
      await this.rememberConversation(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if (context.activity.membersAdded?.some((m) => m.id === botId)) await this.welcome(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.rememberConversation(context);
      await next();
    });
  }

  /** A tenant this install does not serve gets one polite line (a 403 for a click) and nothing else. */
  override async run(context: TurnContext): Promise<void> {
    try {
      await super.run(context);
    } catch (error) {
      if (!(error instanceof TenantNotServedError)) throw error;
      const { type } = context.activity;
      this.deps.logger.warn("teams: activity refused: tenant not served by this install", {
        tenantId: error.tenantId,
        type,
      });
      const answer =
        type === "invoke"
          ? context.sendActivity({ type: "invokeResponse", value: { status: 403 } })
          : type === "message"
            ? context.sendActivity(error.message)
            : undefined;
      await answer?.catch((e: unknown) =>
        this.deps.logger.warn("teams: could not send the refusal", { error: String(e) }),
      );
    }
  }

  /**
   * botbuilder answers an invoke this bot does not handle (message extensions, task modules…)
   * with 501; it is the sender's mistake, not a server fault, so it gets a 400 that says so.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const response = await super.onInvokeActivity(context);
    if (response.status !== 501) return response;
    return { status: 400, body: { code: "BadRequest", message: "This bot does not handle that kind of invoke." } };
  }

  /** Workspace, actor and conversation of this activity, and its reference stored for later. */
  private async requestContext(context: TurnContext): Promise<RequestContext> {
    const { core } = this.deps;
    const tenantId = tenantIdOf(context);
    const workspaceId = await core.resolveWorkspace("teams", tenantId);
    const actor = await core.identify(await teamsProfile(context, this.deps.directory));
    await this.deps.refs.save(workspaceId, TurnContext.getConversationReference(context.activity));
    const conversation = context.activity.conversation;
    return {
      workspaceId,
      actor,
      conversation: { id: conversation.id, kind: conversationKindOf(conversation.conversationType) },
    };
  }

  private sender(context: TurnContext, tenantId = tenantIdOf(context)): TurnSender {
    return new TurnSender(context, this.deps.pacer, { conversationId: context.activity.conversation.id, tenantId });
  }

  private async rememberConversation(context: TurnContext): Promise<void> {
    const workspaceId = await this.deps.core.resolveWorkspace("teams", tenantIdOf(context));
    await this.deps.refs.save(workspaceId, TurnContext.getConversationReference(context.activity));
  }

  /**
   * The asker's private chat for answers that must not be shown in a channel or group chat;
   * undefined in a personal chat, where everything is private already.
   */
  private privateChat(context: TurnContext, tenantId = tenantIdOf(context)): PrivateChatOutbox | undefined {
    const { activity } = context;
    if (conversationKindOf(activity.conversation.conversationType) === "personal") return undefined;
    return new PrivateChatOutbox(
      { serviceUrl: activity.serviceUrl, tenantId, bot: activity.recipient, user: activity.from },
      this.deps.openPrivateChat,
      this.deps.continueConversation,
      this.deps.pacer,
    );
  }

  private async welcome(context: TurnContext): Promise<void> {
    const request = await this.requestContext(context);
    // The home view is personal (the installer's own overdue work): only in a personal chat.
    const message = request.conversation.kind === "personal" ? await this.deps.core.homeView(request) : SHARED_WELCOME;
    await this.sender(context).send(message);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (activity.id && !(await this.deps.deliveries.claim(`teams:${activity.conversation.id}:${activity.id}`))) {
      this.deps.logger.info("teams: ignoring a redelivered activity", { id: activity.id });
      return;
    }
    const request = await this.requestContext(context);
    const tenantId = tenantIdOf(context);
    const privateChat = this.privateChat(context, tenantId);
    if (activity.value && typeof activity.value === "object") {
      // An Action.Submit fallback (clients without Action.Execute): same routing, the clicked
      // card is updated with updateActivity instead of an invoke response.
      const input = parseCardInput(undefined, activity.value);
      const card = await this.runCardInput(input, request, this.sender(context), privateChat, activity.replyToId);
      if (card && activity.replyToId) {
        await this.deps.pacer.run({ conversationId: activity.conversation.id, tenantId }, () =>
          context.updateActivity({
            type: "message",
            id: activity.replyToId,
            attachments: [CardFactory.adaptiveCard(card)],
          }),
        );
      }
      return;
    }
    const text = commandTextOf(activity.text, otherMentions(context));
    // Where a queued audit's result goes, from whichever instance finishes it (docs/jobs.md).
    const replyAddress = teamsReplyAddress(activity, tenantId, text);
    const command = { ...request, text, ...(replyAddress ? { replyAddress } : {}) };
    const reference = TurnContext.getConversationReference(activity);
    this.deps.background.start("command", () =>
      this.deps.continueConversation(reference, async (later) => {
        const laterSender = this.sender(later, tenantId);
        try {
          await this.deps.core.handleCommand(
            command,
            turnResponder(laterSender, privateChat, undefined, {
              text: command.text,
              kind: command.conversation.kind,
            }),
          );
        } catch (error) {
          this.deps.logger.error("teams: command failed", { text: command.text, error: String(error) });
          await laterSender.send(FAILED);
        }
      }),
    );
  }

  /**
   * Runs a click or submission. Returns the card that should replace the clicked one, or
   * undefined to leave it (or when `clickedActivityId` is given and updates went to it directly).
   */
  private async runCardInput(
    input: CardInput,
    request: RequestContext,
    shared: TurnSender,
    privateChat: PrivateChatOutbox | undefined,
    clickedActivityId: string | undefined,
  ): Promise<AdaptiveCardJson | undefined> {
    if (input.kind === "form") {
      const result = await this.deps.core.submitForm({
        ...request,
        formId: input.form.formId,
        state: input.form.state,
        values: input.values,
      });
      if (!result.ok) return renderFormCard(input.form, input.values, result.errors);
      // The next page of a multi-page form (a survey) replaces the card.
      if (result.next) return renderFormCard(result.next);
      const responder = invokeResponder(shared, privateChat);
      await responder.update(result.message ?? SUBMITTED);
      // A private answer went to the private chat: the shared card only says it was saved.
      return renderMessageCard(responder.updatedCard() ?? SUBMITTED);
    }
    if (input.kind === "action") {
      const action = { ...request, actionId: input.actionId, value: input.value };
      if (clickedActivityId) {
        await this.deps.core.handleAction(action, turnResponder(shared, privateChat, clickedActivityId));
        return undefined;
      }
      const responder = invokeResponder(shared, privateChat);
      await this.deps.core.handleAction(action, responder);
      const updated = responder.updatedCard();
      return updated ? renderMessageCard(updated) : undefined;
    }
    this.deps.logger.warn("teams: card data not understood; ignored");
    return undefined;
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const request = await this.requestContext(context);
    const input = parseCardInput(invokeValue.action.verb, invokeValue.action.data);
    if (input.kind === "unknown") {
      return {
        statusCode: 400,
        type: "application/vnd.microsoft.error",
        value: { code: "BadRequest", message: "Unknown card action" } as never,
      };
    }
    const card = await this.runCardInput(input, request, this.sender(context), this.privateChat(context), undefined);
    if (!card) {
      // Nothing to replace the card with (the core answered with a new message): keep it as it is.
      return { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: "Done" as never };
    }
    return {
      statusCode: 200,
      type: ADAPTIVE_CARD_CONTENT_TYPE,
      value: card as unknown as Record<string, unknown>,
    } as AdaptiveCardInvokeResponse;
  }
}
