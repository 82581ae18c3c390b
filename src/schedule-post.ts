/**
 * Where a schedule's messages go (src/core/schedules/scheduler.ts): Slack chat.postMessage
 * through the integration's paced `send`, a Teams proactive message into the stored
 * conversation reference, or the console's output. Slack and Teams mask channel posts in their
 * senders; the console's is masked here, so a scheduled post reads the same everywhere.
 */
import type { Writable } from "node:stream";
import { renderMessage } from "./console/render.js";
import { maskMessage } from "./core/messages/mask.js";
import type { Deliverer } from "./core/delivery.js";
import type { Message } from "./core/messages/model.js";
import type { ScheduleTarget } from "./core/stores/schedules.js";

export interface SchedulePlatforms {
  slack?: { send(teamId: string, channel: string, message: Message): Promise<void> };
  teams?: { sendProactive(workspaceId: string, conversationId: string, message: Message): Promise<unknown> };
  console: Writable;
}

export function createSchedulePost(platforms: SchedulePlatforms) {
  return async (workspaceId: string, target: ScheduleTarget, message: Message): Promise<void> => {
    if (target.platform === "slack") {
      if (!platforms.slack) throw new Error("Slack is off on this instance (set SLACK_BOT_TOKEN)");
      return platforms.slack.send(target.tenantId, target.conversationId, message);
    }
    if (target.platform === "teams") {
      if (!platforms.teams) throw new Error("Teams is off on this instance (set MicrosoftAppId or TEAMS=on)");
      await platforms.teams.sendProactive(workspaceId, target.conversationId, message);
      return;
    }
    // The console's numbered buttons belong to the last answer typed there; a post arriving in
    // between shows none, so a number keeps pressing what the user last saw.
    const blocks = message.blocks
      .filter((b) => b.type !== "actions")
      .map((b) => (b.type === "findings" ? { ...b, items: b.items.map(({ button: _, ...item }) => item) } : b));
    platforms.console.write(`\n${renderMessage(maskMessage({ ...message, blocks })).text}\n`);
  };
}

/**
 * Delivery straight through the platforms' senders, in the order given. Not yet durable: a crash
 * mid-way loses what was not sent (docs/schedules.md says so); keys are not yet remembered.
 */
export function createDirectDeliverer(platforms: SchedulePlatforms): Deliverer {
  const post = createSchedulePost(platforms);
  return {
    async deliver(deliveries) {
      for (const { workspaceId, target, message } of deliveries) {
        if (target.kind === "channel") {
          await post(workspaceId, target, message);
        } else if (target.platform === "slack") {
          if (!platforms.slack) throw new Error("Slack is off on this instance (set SLACK_BOT_TOKEN)");
          // chat.postMessage to a user id posts into the app's DM with them.
          await platforms.slack.send(target.tenantId, target.userId, message);
        } else if (target.platform === "console") {
          await post(
            workspaceId,
            { platform: "console", tenantId: target.tenantId, conversationId: "console" },
            message,
          );
        } else {
          throw new Error("Teams direct messages need the person's 1:1 conversation, which is not stored yet");
        }
      }
    },
  };
}
