/**
 * The scheduler with node-cron's real tasks on a controlled clock (vitest's fake timers drive
 * node-cron's heartbeat and Date): two schedulers with their own connections to one SQLite file
 * and a schedule firing every minute for ten minutes → ten fires, each run once; node-cron's
 * noOverlap skips a minute whose previous fire is still running on that instance.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Deliverer } from "../../../src/core/delivery.js";
import { createScheduler } from "../../../src/core/schedules/scheduler.js";
import { openDatabase, type Database } from "../../../src/db/database.js";
import { silentLogger } from "../../../src/logger.js";
import { freshDatabase } from "../../helpers/db.js";
import { recordingOutbox } from "../../helpers/outbox.js";
import { seedWorkspace, T0 } from "../commands/seed.js";
import { createTestAuditService } from "../commands/test-audit.js";

const START = Date.parse("2026-12-07T06:59:30Z");
let db: Database;
let other: Database;

beforeEach(() => {
  db = freshDatabase("node-cron");
  other = openDatabase(`file:${db.file}`);
  seedWorkspace(db, "w1", "a");
  vi.useFakeTimers({ now: START, toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
});
afterEach(async () => {
  vi.useRealTimers();
  await other.close();
  await db.close();
});

async function everyMinute() {
  return db.stores.chat.schedules.add({
    workspaceId: "w1",
    kind: "digest",
    cron: "* * * * *",
    timeZone: "UTC",
    target: { platform: "slack", tenantId: "T1", conversationId: "C1" },
    options: { always: true },
    createdBy: "Ann",
    createdAt: START,
  });
}

function scheduler(database: Database, name: string, deliverer: Deliverer) {
  return createScheduler({
    stores: database.stores.chat,
    audit: createTestAuditService(database, T0),
    fileSettings: {},
    logger: silentLogger,
    instanceId: name,
    deliverer,
    now: () => Date.now(),
    graceMs: 0,
  });
}

describe("the scheduler on node-cron", () => {
  it("runs each of ten minutely fires once with two instances on one database file", async () => {
    const { id } = await everyMinute();
    const a = recordingOutbox();
    const b = recordingOutbox();
    const one = scheduler(db, "a", a.deliverer);
    const two = scheduler(other, "b", b.deliverer);
    await one.start();
    await two.start();
    // 07:00 … 07:09: ten minute boundaries, a minute at a time; the database answers in real
    // time, so each minute's fire is let finish before the clock moves on.
    for (let minute = 1; minute <= 10; minute++) {
      await vi.advanceTimersByTimeAsync(60_000);
      await vi.waitFor(async () => {
        const fires = await db.stores.chat.schedules.fires(id, 20);
        expect(fires.filter((f) => f.outcome === "posted")).toHaveLength(minute);
      });
    }
    await one.stop();
    await two.stop();
    const fires = await db.stores.chat.schedules.fires(id, 20);
    expect(fires.map((f) => new Date(f.fireAt).toISOString()).reverse()).toEqual(
      Array.from({ length: 10 }, (_, i) => `2026-12-07T07:0${i}:00.000Z`),
    );
    expect(fires.every((f) => f.outcome === "posted")).toBe(true);
    // Each fire posted once, by whichever instance claimed it, under its own key.
    const keys = [...a.posts, ...b.posts].map((p) => p.key);
    expect(keys).toHaveLength(10);
    expect(new Set(keys).size).toBe(10);
    expect(a.posts.length).toBeGreaterThan(0);
  });

  it("skips a minute whose previous fire is still running (noOverlap), and runs again once it finished", async () => {
    const { id } = await everyMinute();
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const slow = scheduler(db, "slow", {
      async deliver() {
        if (calls++ === 0) await blocked;
      },
    });
    await slow.start();
    // 07:00 fires and hangs; 07:01 and 07:02 come while it runs.
    await vi.advanceTimersByTimeAsync(40_000);
    await vi.waitFor(async () => expect(calls).toBe(1));
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect((await db.stores.chat.schedules.fires(id, 10)).map((f) => f.outcome)).toEqual(["running"]);
    release();
    await vi.waitFor(async () =>
      expect((await db.stores.chat.schedules.fires(id, 10)).map((f) => f.outcome)).toEqual(["posted"]),
    );
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.waitFor(async () => expect(await db.stores.chat.schedules.fires(id, 10)).toHaveLength(2));
    await slow.stop();
    const fires = await db.stores.chat.schedules.fires(id, 10);
    expect(fires.map((f) => [new Date(f.fireAt).toISOString(), f.outcome])).toEqual([
      ["2026-12-07T07:03:00.000Z", "posted"],
      ["2026-12-07T07:00:00.000Z", "posted"],
    ]);
  });
});
