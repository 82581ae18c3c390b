/**
 * How the core sends messages nobody asked for (schedules, owner reminders, survey invitations)
 * and finds the chat user behind a CRM user's email. The core only names where a message goes;
 * the platform layers (src/slack, src/teams, src/console) carry it there. docs/schedules.md
 * describes the guarantees.
 */
import type { Platform } from "./commands/types.js";
import type { Message } from "./messages/model.js";

export type DeliveryTarget =
  /** A channel or group conversation: Slack channel id, Teams conversation id, "console". */
  | { kind: "channel"; platform: Platform; tenantId: string; conversationId: string }
  /** A person, in the bot's direct conversation with them (Slack DM, Teams 1:1, the console). */
  | { kind: "user"; platform: Platform; tenantId: string; userId: string };

export interface Delivery {
  workspaceId: string;
  target: DeliveryTarget;
  /** Masked by the sender when the target is a channel. */
  message: Message;
  /**
   * What makes this message one message: the same key delivered twice is sent once (e.g.
   * `reminders:<schedule id>:<fire instant>:<CRM user id>`), across retries, restarts and instances.
   */
  key: string;
  /** Not before this instant (epoch ms), e.g. the end of the person's quiet hours; default now. */
  notBefore?: number;
  /**
   * What the message belongs to, for counting: the scheduler sets `schedule:<id>:<fire instant>`
   * on every delivery of a fire, so `schedule history` shows how many were sent.
   */
  batch?: string;
}

export interface Deliverer {
  /** Hands the messages over for sending; resolves once they cannot be lost (not when they arrive). */
  deliver(deliveries: readonly Delivery[]): Promise<void>;
}

export type DirectoryMatch =
  | {
      found: true;
      userId: string;
      displayName: string | null;
      /** The platform profile's IANA zone (Slack `tz`, Teams `localTimezone`), when it says. */
      timeZone: string | null;
    }
  /** Why nobody could be found (no such email, the app is not installed for them, the platform is off). */
  | { found: false; reason: string };

export interface ChatDirectory {
  /** The chat user of a platform tenant with this email address. */
  findByEmail(platform: Platform, tenantId: string, email: string): Promise<DirectoryMatch>;
  /** The people in a channel or group conversation (Slack conversations.members, Teams roster). */
  members(
    platform: Platform,
    tenantId: string,
    conversationId: string,
  ): Promise<{ found: true; userIds: string[] } | { found: false; reason: string }>;
}

/** What an instance without a way to reach people answers: a clear refusal, never a silent drop. */
export const refusingDeliverer: Deliverer = {
  deliver(deliveries) {
    if (deliveries.length === 0) return Promise.resolve();
    return Promise.reject(new Error("this instance has no delivery to people configured"));
  },
};

export const refusingDirectory: ChatDirectory = {
  findByEmail: (platform) =>
    Promise.resolve({ found: false, reason: `looking people up on ${platform} is not available on this instance` }),
  members: (platform) =>
    Promise.resolve({ found: false, reason: `listing members on ${platform} is not available on this instance` }),
};
