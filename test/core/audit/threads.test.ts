import { describe, expect, it } from "vitest";
import { createThreadPool } from "../../../src/core/audit/threads.js";

const ECHO = new URL("./fixtures/echo-thread.ts", import.meta.url);
type Echo = { fail?: boolean; exit?: boolean };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("audit thread pool", () => {
  it("reuses an idle thread, starts another for concurrent requests, and keeps at most maxIdle", async () => {
    const pool = createThreadPool<Echo, number>(ECHO, { maxIdle: 1, idleMs: 60_000 });
    try {
      const progress: number[] = [];
      const first = await pool.run({}, (done) => progress.push(done));
      expect(progress).toEqual([1]);
      expect(await pool.run({})).toBe(first);
      const [a, b] = await Promise.all([pool.run({}), pool.run({})]);
      expect(new Set([a, b]).size).toBe(2);
      expect([a, b]).toContain(first);
      // One of the two went back to the pool, the other stopped: sequential runs now share one thread.
      const next = await pool.run({});
      expect(await pool.run({})).toBe(next);
    } finally {
      await pool.close();
    }
  });

  it("stops a thread idle for longer than idleMs", async () => {
    const pool = createThreadPool<Echo, number>(ECHO, { maxIdle: 1, idleMs: 50 });
    try {
      const first = await pool.run({});
      await sleep(400);
      expect(await pool.run({})).not.toBe(first);
    } finally {
      await pool.close();
    }
  });

  it("passes a failure on and keeps the thread; replaces a thread that died", async () => {
    const pool = createThreadPool<Echo, number>(ECHO, { maxIdle: 1, idleMs: 60_000 });
    try {
      const first = await pool.run({});
      await expect(pool.run({ fail: true })).rejects.toThrow("asked to fail");
      expect(await pool.run({})).toBe(first);
      await expect(pool.run({ exit: true })).rejects.toThrow(/stopped with exit code 3/);
      expect(await pool.run({})).not.toBe(first);
    } finally {
      await pool.close();
    }
  });
});
