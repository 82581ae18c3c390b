/**
 * The platforms behind the outbox (docs/schedules.md, "Delivery"): which sender carries a row of
 * each platform (Slack, Teams, the console's output) and the chat directory the core asks for
 * people (Slack users.lookupByEmail, Teams' known members). A platform that is off on this
 * instance has no sender: its rows fail with that reason, and lookups say so.
 */
import type { Writable } from "node:stream";
import { renderMessage } from "./console/render.js";
import type { Platform } from "./core/commands/types.js";
import type { ChatDirectory } from "./core/delivery.js";
import type { OutboxSender } from "./core/outbox/drainer.js";
import type { Message } from "./core/messages/model.js";
import type { SlackOutbox } from "./slack/outbox.js";
import type { TeamsOutbox } from "./teams/outbox.js";

export interface OutboxPlatforms {
  slack?: { outbox: SlackOutbox };
  teams?: { outbox: TeamsOutbox };
  console: Writable;
}

/** What the console prints for a message it was not asked for (a scheduled post, a reminder). */
export function consoleText(message: Message, to: string | null): string {
  // The console's numbered buttons belong to the last answer typed there; a post arriving in
  // between shows none, so a number keeps pressing what the user last saw.
  const blocks = message.blocks
    .filter((b) => b.type !== "actions" && b.type !== "form")
    .map((b) => (b.type === "findings" ? { ...b, items: b.items.map(({ button: _, ...item }) => item) } : b));
  const header = to ? `(to ${to})\n` : "";
  return `\n${header}${renderMessage({ ...message, blocks }).text}\n`;
}

export function consoleSender(out: Writable): OutboxSender {
  return {
    async send(row) {
      out.write(consoleText(row.message, row.target.kind === "user" ? row.target.userId : null));
      return { ok: true, ref: null };
    },
  };
}

export function outboxSenders(platforms: OutboxPlatforms): Partial<Record<Platform, OutboxSender>> {
  return {
    console: consoleSender(platforms.console),
    ...(platforms.slack ? { slack: platforms.slack.outbox.sender } : {}),
    ...(platforms.teams ? { teams: platforms.teams.outbox.sender } : {}),
  };
}

const OFF: Record<Platform, string> = {
  slack: "Slack is off on this instance (set SLACK_BOT_TOKEN)",
  teams: "Teams is off on this instance (set MicrosoftAppId or TEAMS=on)",
  console: "the console has no directory of people",
};

export function platformDirectory(platforms: Omit<OutboxPlatforms, "console">): ChatDirectory {
  return {
    async findByEmail(platform, tenantId, email) {
      if (platform === "slack" && platforms.slack) return platforms.slack.outbox.findByEmail(tenantId, email);
      if (platform === "teams" && platforms.teams) return platforms.teams.outbox.findByEmail(tenantId, email);
      // The console prints every digest: each person is "reached" there, under their email.
      if (platform === "console") return { found: true, userId: email, displayName: null, timeZone: null };
      return { found: false, reason: OFF[platform] };
    },
    async members(platform, tenantId, conversationId) {
      if (platform === "slack" && platforms.slack) return platforms.slack.outbox.members(tenantId, conversationId);
      if (platform === "teams" && platforms.teams) return platforms.teams.outbox.members(tenantId, conversationId);
      return { found: false, reason: OFF[platform] };
    },
  };
}
