/**
 * Where an answer goes, as plain data a queued job can carry to whichever bot instance finishes
 * it (docs/jobs.md). The core treats `detail` as opaque: each platform layer writes it when a
 * request arrives and turns it back into a Responder (src/slack/reply-address.ts,
 * src/teams/reply-address.ts); the console answers only in its own process and has none.
 */
import type { Platform, Responder } from "../commands/types.js";

export interface ReplyAddress {
  platform: Platform;
  /** The platform's own fields (JSON-serialisable), validated by that platform when read back. */
  detail: Record<string, string | number | boolean | null>;
}

/**
 * A Responder for an address, on the instance that finished the job; null when this instance
 * cannot answer there (the platform is off here, or the address no longer parses). Its first
 * `update` replaces the message the request was first answered with (the progress message).
 */
export type ResponderFactory = (address: ReplyAddress, workspaceId: string) => Promise<Responder | null>;
