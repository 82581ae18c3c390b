/**
 * The core's Responder on Teams: `reply` sends a new card, `update` replaces the last card sent
 * (progress → result) with updateActivity. Every call goes through the pacer.
 */
import { CardFactory, type Activity, type TurnContext } from "botbuilder";
import type { Responder } from "../core/commands/types.js";
import type { Message } from "../core/messages/model.js";
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

export class TurnSender {
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

/** `updateTarget`: the card to update first (the clicked card, for an Action.Submit fallback). */
export function turnResponder(sender: TurnSender, updateTarget?: string): Responder {
  let last = updateTarget;
  return {
    async reply(message) {
      last = (await sender.send(message)) ?? last;
    },
    async update(message) {
      if (last) await sender.update(last, message);
      else last = await sender.send(message);
    },
  };
}

/**
 * For an Action.Execute invoke: `update` becomes the card returned in the invoke response (Teams
 * swaps it in place of the clicked card); `reply` still posts a new message.
 */
export function invokeResponder(sender: TurnSender): Responder & { updatedCard(): Message | undefined } {
  let updated: Message | undefined;
  return {
    async reply(message) {
      await sender.send(message);
    },
    async update(message) {
      updated = message;
    },
    updatedCard: () => updated,
  };
}
