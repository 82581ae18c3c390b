import { describe, expect, it } from "vitest";
import { WorkQueue } from "../../src/slack/work-queue.js";

describe("work queue", () => {
  it("runs at most `concurrency` tasks at once, all of them, in arrival order", async () => {
    const queue = new WorkQueue(3);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task = (i: number) => async () => {
      started.push(i);
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return i;
    };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => queue.run(task(i))));
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(started).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(most).toBe(3);
    expect(queue.backlog).toBe(0);
  });

  it("frees the slot of a task that fails", async () => {
    const queue = new WorkQueue(1);
    await expect(queue.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await queue.run(async () => "next")).toBe("next");
  });
});
