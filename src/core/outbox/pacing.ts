/**
 * Rate limiting shared by the platform senders (docs/schedules.md, "Delivery"): a sliding
 * window per key (a Teams conversation, a Teams tenant, a Slack method's tier per team) and the
 * reading of a Retry-After header. Platform-neutral; the limits themselves are the platforms'.
 */

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** At most `limit` takes per `windowMs` for each key; callers of one key queue in order. */
export class SlidingWindowLimiter {
  private readonly recent = new Map<string, number[]>();
  private readonly tails = new Map<string, Promise<void>>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  take(key: string): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const mine = previous.then(() => this.waitForSlot(key));
    this.tails.set(key, mine);
    // Forget the tail once it is done so idle keys do not accumulate.
    void mine.then(() => {
      if (this.tails.get(key) === mine) this.tails.delete(key);
    });
    return mine;
  }

  private async waitForSlot(key: string): Promise<void> {
    const stamps = this.recent.get(key) ?? [];
    let now = this.clock.now();
    while (stamps.length && now - stamps[0]! >= this.windowMs) stamps.shift();
    if (stamps.length >= this.limit) {
      await this.clock.sleep(this.windowMs - (now - stamps[0]!));
      now = this.clock.now();
      while (stamps.length && now - stamps[0]! >= this.windowMs) stamps.shift();
    }
    stamps.push(now);
    this.recent.set(key, stamps);
  }
}

/** Seconds or an HTTP date in a Retry-After header → milliseconds to wait, or undefined. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
