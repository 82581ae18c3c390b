import { describe, expect, it } from "vitest";
import { createIdleWait } from "../../src/core/idle-wait.js";

describe("createIdleWait", () => {
  it("ends a long sleep at once when woken, and only that sleep", async () => {
    const idle = createIdleWait();
    idle.wake(); // nothing sleeping: no effect on the next sleep
    let ended = false;
    const sleeping = idle.sleep(60_000).then(() => (ended = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ended).toBe(false);
    idle.wake();
    await sleeping; // would time the test out if wake() did not end it
    expect(ended).toBe(true);
  });

  it("ends by itself after the interval", async () => {
    const idle = createIdleWait();
    const started = Date.now();
    await idle.sleep(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});
