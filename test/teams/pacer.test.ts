import { describe, expect, it } from "vitest";
import { retryAfterMs, SendPacer, SlidingWindowLimiter, type Clock } from "../../src/teams/pacer.js";

/** A clock that only moves when someone sleeps: no real waiting, exact arithmetic. */
function manualClock(): Clock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    async sleep(ms) {
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe("SlidingWindowLimiter", () => {
  it("lets 7 calls through per second per conversation and delays the 8th until the window frees", async () => {
    const clock = manualClock();
    const limiter = new SlidingWindowLimiter(7, 1000, clock);
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      await limiter.take("conv");
      times.push(clock.now());
    }
    expect(times.slice(0, 7)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(times[7]).toBe(1000);
    expect(times[14]).toBe(2000);
    // Another conversation is not slowed down by the first.
    const before = clock.now();
    await limiter.take("other");
    expect(clock.now()).toBe(before);
  });
});

describe("SendPacer", () => {
  const throttled = (retryAfter: string) =>
    Object.assign(new Error("throttled"), {
      statusCode: 429,
      response: { headers: { get: (n: string) => (n === "retry-after" ? retryAfter : undefined) } },
    });

  it("retries a 429 after the Retry-After it was given and returns the eventual result", async () => {
    const clock = manualClock();
    const pacer = new SendPacer({ clock });
    let calls = 0;
    const result = await pacer.run({ conversationId: "c", tenantId: "t" }, async () => {
      calls++;
      if (calls < 3) throw throttled("2");
      return "sent";
    });
    expect(result).toBe("sent");
    expect(calls).toBe(3);
    expect(clock.sleeps).toEqual([2000, 2000]);
  });

  it("does not retry other errors, and gives up after maxAttempts", async () => {
    const pacer = new SendPacer({ clock: manualClock(), maxAttempts: 3 });
    let calls = 0;
    await expect(
      pacer.run({ conversationId: "c", tenantId: "t" }, async () => {
        calls++;
        throw Object.assign(new Error("bad"), { statusCode: 400 });
      }),
    ).rejects.toThrow("bad");
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      pacer.run({ conversationId: "c", tenantId: "t" }, async () => {
        calls++;
        throw throttled("1");
      }),
    ).rejects.toThrow("throttled");
    expect(calls).toBe(3);
  });

  it("keeps a tenant under 30 requests per second across conversations", async () => {
    const clock = manualClock();
    const pacer = new SendPacer({ clock });
    const times: number[] = [];
    for (let i = 0; i < 31; i++) {
      await pacer.run({ conversationId: `conv-${i}`, tenantId: "t" }, async () => times.push(clock.now()));
    }
    expect(times.filter((t) => t === 0)).toHaveLength(30);
    expect(times[30]).toBe(1000);
  });
});

describe("retryAfterMs", () => {
  it("reads seconds and HTTP dates", () => {
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs("0.5")).toBe(500);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs("soon")).toBeUndefined();
  });
});
