/**
 * The core's Responder on Teams: `reply` sends a new card, `update` replaces the last card sent
 * (progress → result) with updateActivity. Every call goes through the pacer.
 */
import { CardFactory, type Activity, type TurnContext } from "botbuilder";
import type { Responder } from "../core/commands/types.js";
import { withCommandForm } from "../core/messages/command-form.js";
import type { Message } from "../core/messages/model.js";
import { withInlineCharts } from "../render/attachments.js";
import type { SendPacer } from "./pacer.js";
import { renderMessageCard } from "./render/index.js";
import { toPlainText } from "./render/markdown.js";

export function messageActivity(message: Message): Partial<Activity> {
  return {
    type: "message",
    // Teams shows `summary` in notifications and the chat list; the card carries the content.
    summary: toPlainText(message.text).slice(0, 200),
    attachments: [CardFactory.adaptiveCard(renderMessageCard(message))],
  };
}

export interface TurnTarget {
  conversationId: string;
  tenantId: string;
}

/** Somewhere messages can be sent and later replaced. */
export interface Outbox {
  send(message: Message): Promise<string | undefined>;
  update(activityId: string, message: Message): Promise<void>;
}

/** The conversation of the current turn (or of a continued conversation). */
export class TurnSender implements Outbox {
  constructor(
    private readonly context: TurnContext,
    private readonly pacer: SendPacer,
    private readonly target: TurnTarget,
  ) {}

  async send(message: Message): Promise<string | undefined> {
    const response = await this.pacer.run(this.target, () => this.context.sendActivity(messageActivity(message)));
    return response?.id;
  }

  async update(activityId: string, message: Message): Promise<void> {
    await this.pacer.run(this.target, () =>
      this.context.updateActivity({ ...messageActivity(message), id: activityId }),
    );
  }
}

/** Posted in a channel or group chat when the answer went to the asker's private chat instead. */
export const SENT_PRIVATELY: Message = {
  text: "I sent you the answer in a private chat.",
  blocks: [{ type: "context", text: "🔒 I sent you the answer in our private chat (it may contain personal data)." }],
  visibility: "channel",
};

/**
 * How a command is typed in a Teams channel or group chat: the bot must be mentioned by its
 * name (manifests/teams/manifest.json, `name.short`). In a personal chat the plain words do.
 */
export const CHANNEL_COMMAND_PREFIX = "@CRM Audit ";

/**
 * Routes each message by its visibility. Teams has no ephemeral messages, so in a channel or
 * group chat a "private" message (unmasked, meant for the asker only) goes to the asker's 1:1
 * chat with the bot, and the shared conversation gets a one-line notice. In a personal chat
 * `privateChat` is undefined and everything goes to the conversation itself.
 */
class RoutedResponder implements Responder {
  private lastShared: string | undefined;
  private lastPrivate: string | undefined;
  private noticed = false;
  private captured: Message | undefined;

  /** Says which request a private answer answers, when it was asked in a channel or group chat. */
  private readonly answering: string | undefined;

  constructor(
    private readonly shared: Outbox,
    private readonly privateChat: Outbox | undefined,
    options: { updateTarget?: string; captureSharedUpdates?: boolean; request?: AskedIn },
  ) {
    this.lastShared = options.updateTarget;
    this.clickedCardIsLast = options.captureSharedUpdates ?? false;
    if (privateChat) {
      const where = options.request?.kind === "group" ? "the group chat" : "the channel";
      this.answering = options.request
        ? `↩ In answer to your \`${CHANNEL_COMMAND_PREFIX}${options.request.text}\` in ${where}.`
        : "↩ In answer to your click on a card in a channel or group chat.";
    }
  }

  /** Commands as typed where the message is shown; a private answer says what it answers. */
  private shaped(message: Message): Message {
    if (!this.isPrivate(message)) return withCommandForm(message, this.privateChat ? CHANNEL_COMMAND_PREFIX : "");
    const plain = withCommandForm(message, "");
    if (!this.answering) return plain;
    return { ...plain, blocks: [{ type: "context", text: this.answering }, ...plain.blocks] };
  }

  /** Invoke mode: until something new is posted, an update replaces the clicked card (invoke response). */
  private clickedCardIsLast: boolean;

  private isPrivate(message: Message): boolean {
    return this.privateChat !== undefined && message.visibility === "private";
  }

  async reply(original: Message): Promise<void> {
    // Charts travel inside the card as small PNG data URLs (src/render/attachments.ts).
    const message = this.shaped(await withInlineCharts(original));
    // A new message becomes "the last one sent": later updates replace it, not the clicked card.
    if (!this.isPrivate(message)) this.clickedCardIsLast = false;
    if (this.isPrivate(message)) {
      this.lastPrivate = (await this.privateChat!.send(message)) ?? this.lastPrivate;
      if (!this.noticed) {
        this.noticed = true;
        await this.shared.send(SENT_PRIVATELY);
      }
      return;
    }
    this.lastShared = (await this.shared.send(message)) ?? this.lastShared;
  }

  async update(original: Message): Promise<void> {
    if (this.isPrivate(original) && !this.lastPrivate) return this.reply(original);
    const message = this.shaped(await withInlineCharts(original));
    if (this.isPrivate(message)) {
      await this.privateChat!.update(this.lastPrivate!, message);
      return;
    }
    if (this.clickedCardIsLast) {
      this.captured = message;
      return;
    }
    if (this.lastShared) await this.shared.update(this.lastShared, message);
    else this.lastShared = await this.shared.send(message);
  }

  /** The last shared-conversation update, when updates are captured (invoke responses). */
  updatedCard(): Message | undefined {
    return this.captured;
  }
}

/** `updateTarget`: the card to update first (the clicked card, for an Action.Submit fallback). */
/** A command typed in a shared conversation: its words and where it was typed. */
export interface AskedIn {
  text: string;
  kind: "personal" | "group" | "channel";
}

export function turnResponder(
  shared: Outbox,
  privateChat?: Outbox,
  updateTarget?: string,
  request?: AskedIn,
): Responder {
  return new RoutedResponder(shared, privateChat, { updateTarget, ...(request ? { request } : {}) });
}

/**
 * For an Action.Execute invoke. The clicked card is "the last message": an update before any
 * reply becomes the card returned in the invoke response (Teams swaps it in place, e.g. the next
 * page of a list). A reply posts a new message, and later updates replace that one (e.g. an
 * audit's progress message turning into its result), as the Responder contract says.
 */
export function invokeResponder(
  shared: Outbox,
  privateChat?: Outbox,
): Responder & { updatedCard(): Message | undefined } {
  return new RoutedResponder(shared, privateChat, { captureSharedUpdates: true });
}
