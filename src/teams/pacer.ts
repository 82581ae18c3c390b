/**
 * Teams throttles bots: about 7 messages per second per conversation and about 30 requests per
 * second per app per tenant; beyond that the connector answers 429. Every send and update goes
 * through a SendPacer, which spaces calls under both limits and retries a 429 after the
 * Retry-After the service asked for, so a throttled message is delayed, never dropped.
 */

import { retryAfterMs, SlidingWindowLimiter, systemClock, type Clock } from "../core/outbox/pacing.js";

// One definition of the window and of Retry-After for every platform (src/core/outbox/pacing.ts).
export { retryAfterMs, SlidingWindowLimiter, systemClock, type Clock };

interface HttpLikeError {
  statusCode?: number;
  response?: { headers?: { get?(name: string): string | null | undefined } | Record<string, string> };
}

/** A 429 from the connector (RestError from botframework-connector) and its Retry-After header. */
export function throttleOf(error: unknown): { retryAfter: string | undefined } | undefined {
  const e = error as HttpLikeError | null;
  if (!e || typeof e !== "object" || e.statusCode !== 429) return undefined;
  const headers = e.response?.headers;
  let retryAfter: string | undefined;
  if (headers && typeof headers.get === "function") retryAfter = headers.get("retry-after") ?? undefined;
  else if (headers) retryAfter = (headers as Record<string, string>)["retry-after"];
  return { retryAfter };
}

export interface PacerOptions {
  perConversationPerSecond?: number;
  perTenantPerSecond?: number;
  /** Attempts per call including the first (the connector client already retries 429 a few times itself). */
  maxAttempts?: number;
  /** The longest Retry-After we honour; a longer one is capped (the message must still go out). */
  maxRetryDelayMs?: number;
  clock?: Clock;
  onThrottled?: (info: { attempt: number; delayMs: number; conversation: string }) => void;
}

export class SendPacer {
  private readonly conversations: SlidingWindowLimiter;
  private readonly tenants: SlidingWindowLimiter;
  private readonly clock: Clock;
  private readonly maxAttempts: number;
  private readonly maxRetryDelayMs: number;

  constructor(private readonly options: PacerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.conversations = new SlidingWindowLimiter(options.perConversationPerSecond ?? 7, 1000, this.clock);
    this.tenants = new SlidingWindowLimiter(options.perTenantPerSecond ?? 30, 1000, this.clock);
    this.maxAttempts = options.maxAttempts ?? 6;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;
  }

  /** Runs one connector call within the limits, retrying it on 429. */
  async run<T>(target: { conversationId: string; tenantId: string }, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await this.conversations.take(target.conversationId);
      await this.tenants.take(target.tenantId);
      try {
        return await call();
      } catch (error) {
        const throttle = throttleOf(error);
        if (!throttle || attempt >= this.maxAttempts) throw error;
        const asked = retryAfterMs(throttle.retryAfter, this.clock.now());
        const delayMs = Math.min(asked ?? 1000 * 2 ** (attempt - 1), this.maxRetryDelayMs);
        this.options.onThrottled?.({ attempt, delayMs, conversation: target.conversationId });
        await this.clock.sleep(delayMs);
      }
    }
  }
}
