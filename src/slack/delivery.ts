/**
 * Posting to Slack channels without losing or reordering messages. Slack allows about one
 * message per second per channel and answers bursts with 429 + Retry-After. Each channel gets
 * its own queue: messages leave in order, at least `minIntervalMs` apart, and a 429 puts the
 * same message back at the head after Retry-After (never dropped, never duplicated).
 *
 * WebClient's own rate-limit handling would sleep inside the call and, with several calls in
 * flight, retry them in whatever order their timers fire. The clients given here must be made
 * with `rejectRateLimitedCalls: true` (see slackClientOptions) so 429s surface to this queue,
 * which alone decides when to retry.
 */
import type { webApi } from "@slack/bolt";

type WebClient = webApi.WebClient;
import type { Logger } from "../logger.js";
import type { SlackBlock } from "./render/limits.js";

export interface OutgoingMessage {
  text: string;
  blocks: SlackBlock[];
  thread_ts?: string;
  /** Message metadata: the outbox puts its delivery key here, to find a message already posted. */
  metadata?: { event_type: string; event_payload: Record<string, string> };
}

export interface DeliveryOptions {
  /** Least time between two posts to one channel; Slack's guidance is one per second. */
  minIntervalMs?: number;
  /** Gives up on a message after this many 429s in a row (an outage, not a burst). */
  maxRateLimitRetries?: number;
  logger: Logger;
}

interface RateLimited {
  code: "slack_webapi_rate_limited_error";
  retryAfter: number;
}

export function isRateLimited(error: unknown): error is RateLimited {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { code?: unknown }).code === "slack_webapi_rate_limited_error" &&
    typeof (error as { retryAfter?: unknown }).retryAfter === "number"
  );
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface ChannelQueue {
  tail: Promise<unknown>;
  lastSentAt: number;
  pending: number;
}

export class ChannelDelivery {
  private readonly queues = new Map<string, ChannelQueue>();
  private readonly minIntervalMs: number;
  private readonly maxRateLimitRetries: number;
  private readonly logger: Logger;

  constructor(options: DeliveryOptions) {
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    this.maxRateLimitRetries = options.maxRateLimitRetries ?? 20;
    this.logger = options.logger;
  }

  /** chat.postMessage through the channel's queue; resolves with the posted message's ts. */
  post(
    client: WebClient,
    channel: string,
    message: OutgoingMessage,
    options: { maxRateLimitRetries?: number } = {},
  ): Promise<{ channel: string; ts: string }> {
    return this.enqueue(
      channel,
      async () => {
        const result = await client.chat.postMessage({ channel, ...message });
        return { channel: result.channel ?? channel, ts: result.ts ?? "" };
      },
      options.maxRateLimitRetries,
    );
  }

  /** chat.update through the same queue, so an edit never overtakes the post it edits. */
  update(client: WebClient, channel: string, ts: string, message: OutgoingMessage): Promise<void> {
    return this.enqueue(channel, async () => {
      await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
    });
  }

  /** Messages waiting or in flight for a channel (0 when idle). */
  pending(channel: string): number {
    return this.queues.get(channel)?.pending ?? 0;
  }

  private enqueue<T>(channel: string, send: () => Promise<T>, retries = this.maxRateLimitRetries): Promise<T> {
    let queue = this.queues.get(channel);
    if (!queue) {
      queue = { tail: Promise.resolve(), lastSentAt: 0, pending: 0 };
      this.queues.set(channel, queue);
    }
    const q = queue;
    q.pending++;
    const run = q.tail.then(() => this.sendPaced(channel, q, send, retries));
    // The chain must survive a failed message; its caller sees the failure through `run`.
    q.tail = run.catch(() => undefined);
    void q.tail.then(() => {
      q.pending--;
      if (q.pending > 0) return;
      // Forget an idle channel only once its pacing interval has passed, so the next post still waits.
      setTimeout(() => {
        if (q.pending === 0 && this.queues.get(channel) === q) this.queues.delete(channel);
      }, this.minIntervalMs).unref();
    });
    return run;
  }

  private async sendPaced<T>(
    channel: string,
    queue: ChannelQueue,
    send: () => Promise<T>,
    retries: number,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const wait = queue.lastSentAt + this.minIntervalMs - Date.now();
      if (wait > 0) await sleep(wait);
      try {
        return await send();
      } catch (error) {
        if (!isRateLimited(error)) throw error;
        // The refusal's arrival is what Slack measures Retry-After from; the channel's next
        // message waits for it too, whether this one is retried here or handed back.
        const retryMs = Math.max(error.retryAfter * 1000, this.minIntervalMs);
        queue.lastSentAt = Date.now() + retryMs - this.minIntervalMs;
        if (attempt >= retries) throw error;
        this.logger.warn("slack rate limited; retrying the same message", { channel, retryAfterMs: retryMs });
        continue;
      } finally {
        // Measured from when Slack answered, so arrivals at Slack are spaced too, whatever the latency.
        queue.lastSentAt = Math.max(queue.lastSentAt, Date.now());
      }
    }
  }
}
