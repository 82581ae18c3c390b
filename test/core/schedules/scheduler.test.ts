/**
 * The scheduler against a real SQLite file with hand-driven timers (no waiting on the clock):
 * two instances on one database run each fire once, the audit kind posts only on change,
 * failures are recorded, and timers follow the stored schedules.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createScheduler, type CreateTimer, type SchedulerDeps } from "../../../src/core/schedules/scheduler.js";
import type { ScheduleTarget } from "../../../src/core/stores/schedules.js";
import { openDatabase, type Database } from "../../../src/db/database.js";
import { silentLogger } from "../../../src/logger.js";
import { freshDatabase } from "../../helpers/db.js";
import { recordingOutbox } from "../../helpers/outbox.js";
import { seedWorkspace, T0 } from "../commands/seed.js";
import { createTestAuditService } from "../commands/test-audit.js";

const MINUTE = 60_000;
const target: ScheduleTarget = { platform: "slack", tenantId: "T1", conversationId: "C1" };
let db: Database;
let other: Database;

beforeEach(() => {
  db = freshDatabase("scheduler");
  other = openDatabase(`file:${db.file}`);
  seedWorkspace(db, "w1", "a");
});
afterEach(async () => {
  await other.close();
  await db.close();
});

interface Timer {
  cron: string;
  timeZone: string;
  fire(at: number): Promise<void>;
  stopped: boolean;
}

function instance(database: Database, name: string, overrides: Partial<SchedulerDeps> = {}) {
  const recording = recordingOutbox();
  const posts = recording.posts;
  const timers: Timer[] = [];
  const createTimer: CreateTimer = (cron, timeZone, onFire) => {
    const timer: Timer = { cron, timeZone, fire: (at) => onFire(new Date(at)), stopped: false };
    timers.push(timer);
    return { stop: () => void (timer.stopped = true) };
  };
  const audit = createTestAuditService(database, T0);
  const scheduler = createScheduler({
    stores: database.stores.chat,
    audit,
    fileSettings: {},
    logger: silentLogger,
    instanceId: name,
    deliverer: recording.deliverer,
    now: () => T0,
    createTimer,
    // No catch-up of missed fires unless a test asks for it (its own test below).
    graceMs: 0,
    ...overrides,
  });
  return { scheduler, posts, timers, audit };
}

async function addSchedule(options: unknown = { categories: [], always: true }, cron = "* * * * *") {
  return db.stores.chat.schedules.add({
    workspaceId: "w1",
    kind: "audit",
    cron,
    timeZone: "Europe/Berlin",
    target,
    options,
    createdBy: "Ann",
    createdAt: T0,
  });
}

describe("scheduler", () => {
  it("runs each of ten minutely fires once with two instances on one database", async () => {
    const { id } = await addSchedule();
    const a = instance(db, "a");
    const b = instance(other, "b");
    await a.scheduler.start();
    await b.scheduler.start();
    expect(a.timers.map((t) => [t.cron, t.timeZone])).toEqual([["* * * * *", "Europe/Berlin"]]);
    for (let minute = 0; minute < 10; minute++) {
      // Both instances' timers go off for the same minute, a few seconds apart.
      const at = Date.parse("2026-12-07T07:00:00Z") + minute * MINUTE;
      await Promise.all([a.timers[0]!.fire(at + 120), b.timers[0]!.fire(at + 2_400)]);
    }
    expect(a.posts.length + b.posts.length).toBe(10);
    expect(a.audit.runs.length + b.audit.runs.length).toBe(10);
    // Less the start's record of a fire missed before (graceMs 0: recorded as skipped, not run).
    const fires = (await db.stores.chat.schedules.fires(id, 20)).filter((f) => f.outcome !== "skipped");
    expect(fires).toHaveLength(10);
    expect(new Set(fires.map((f) => f.fireAt)).size).toBe(10);
    expect(fires.every((f) => f.outcome === "posted" && f.finishedAt !== null)).toBe(true);
    // A restarted instance given the same fire again does not run it.
    const restarted = instance(db, "a2");
    expect(await restarted.scheduler.fire({ workspaceId: "w1", id }, Date.parse("2026-12-07T07:03:30Z"))).toBe(
      "claimed elsewhere",
    );
    expect(restarted.posts).toEqual([]);
    await Promise.all([a.scheduler.stop(), b.scheduler.stop()]);
  });

  it("fires a local time the clocks pass twice once", async () => {
    const { id } = await addSchedule({ categories: [], always: true }, "30 2 * * *");
    const a = instance(db, "a");
    expect(await a.scheduler.fire({ workspaceId: "w1", id }, Date.parse("2026-10-25T00:30:00Z"))).toBe("posted");
    // 02:30 CET, an hour later in UTC, is the same local 02:30 of the fall-back day.
    expect(await a.scheduler.fire({ workspaceId: "w1", id }, Date.parse("2026-10-25T01:30:00Z"))).toBe(
      "claimed elsewhere",
    );
    expect(a.posts).toHaveLength(1);
  });

  it("posts the audit to the schedule's conversation only when something changed, unless --always", async () => {
    const quiet = await addSchedule({ categories: [], always: false });
    const a = instance(db, "a");
    const fire = (minute: number) =>
      a.scheduler.fire({ workspaceId: "w1", id: quiet.id }, Date.parse("2026-12-07T07:00:00Z") + minute * MINUTE);
    expect(await fire(0)).toBe("posted"); // the first run has nothing to compare with
    expect(a.posts[0]).toMatchObject({ workspaceId: "w1", target, message: { visibility: "channel" } });
    expect(a.posts[0]!.message.blocks[0]).toEqual({ type: "heading", text: `Scheduled audit (schedule #${quiet.id})` });
    expect(await fire(1)).toBe("nothing to post");
    expect(a.posts).toHaveLength(1);
    // A new overdue task changes the score: the next fire posts.
    db.sqlite
      .prepare(
        `INSERT INTO tasks (workspaceId, id, subject, status, dueAt, assigneeId, createdAt) VALUES ('w1', 'new-t', 'Call', 'open', ?, 'au1', ?)`,
      )
      .run(T0 - 3 * 86_400_000, T0 - 10 * 86_400_000);
    expect(await fire(2)).toBe("posted");
    expect(a.posts).toHaveLength(2);
    const fires = await db.stores.chat.schedules.fires(quiet.id, 5);
    expect(fires.map((f) => f.outcome)).toEqual(["posted", "nothing to post", "posted"]);
  });

  it("records a failed post with its reason", async () => {
    const { id } = await addSchedule();
    const a = instance(db, "a", {
      deliverer: recordingOutbox(() => new Error("the database is gone")).deliverer,
    });
    expect(await a.scheduler.fire({ workspaceId: "w1", id }, Date.parse("2026-12-07T07:00:00Z"))).toBe("failed");
    expect(await db.stores.chat.schedules.fires(id, 1)).toEqual([
      expect.objectContaining({ outcome: "failed", error: "the database is gone" }),
    ]);
  });

  it("keeps timers in step with the stored schedules: paused, changed and removed ones stop", async () => {
    const first = await addSchedule();
    const a = instance(db, "a");
    await a.scheduler.start();
    expect(a.scheduler.active()).toEqual([first.id]);
    const second = await addSchedule({ categories: ["process"], always: false }, "0 8 * * 1");
    await a.scheduler.reload();
    expect(a.scheduler.active()).toEqual([first.id, second.id]);
    await db.stores.chat.schedules.setPaused("w1", first.id, true);
    await a.scheduler.reload();
    expect(a.scheduler.active()).toEqual([second.id]);
    expect(a.timers[0]!.stopped).toBe(true);
    // A fire already under way when the schedule was paused does nothing.
    expect(await a.scheduler.fire({ workspaceId: "w1", id: first.id }, T0)).toBe("paused");
    await db.stores.chat.schedules.remove("w1", second.id);
    await a.scheduler.reload();
    expect(a.scheduler.active()).toEqual([]);
    expect(a.timers.every((t) => t.stopped)).toBe(true);
    await a.scheduler.stop();
  });

  it("runs the latest fire missed while down once on start, within the grace period only", async () => {
    // Every day at 08:00 Berlin (07:00 UTC in December); created a week before.
    const daily = await db.stores.chat.schedules.add({
      workspaceId: "w1",
      kind: "audit",
      cron: "0 8 * * *",
      timeZone: "Europe/Berlin",
      target,
      options: { categories: [], always: true },
      createdBy: "Ann",
      createdAt: Date.parse("2026-11-30T00:00:00Z"),
    });
    const startAt = (iso: string, graceMs = 10 * MINUTE) => {
      const started = instance(db, iso, { now: () => Date.parse(iso), graceMs });
      return started;
    };
    // Back at 07:06 UTC: the 07:00 fire is 6 minutes late, within 10: it runs once.
    const first = startAt("2026-12-07T07:06:00Z");
    await first.scheduler.start();
    expect(await first.scheduler.caughtUp()).toEqual([daily.id]);
    expect(first.posts).toHaveLength(1);
    expect((await db.stores.chat.schedules.fires(daily.id, 5)).map((f) => new Date(f.fireAt).toISOString())).toEqual([
      "2026-12-07T07:00:00.000Z",
    ]);
    // A second start (another instance, or a restart) a minute later does not repeat it.
    const second = startAt("2026-12-07T07:07:00Z");
    await second.scheduler.start();
    expect(await second.scheduler.caughtUp()).toEqual([]);
    expect(second.posts).toEqual([]);
    // The next day, back 30 minutes late: past the grace period, nothing runs.
    const late = startAt("2026-12-08T07:30:00Z");
    await late.scheduler.start();
    expect(await late.scheduler.caughtUp()).toEqual([]);
    // With the grace period at 0, not even a fire a minute late runs.
    const none = startAt("2026-12-09T07:01:00Z", 0);
    await none.scheduler.start();
    expect(await none.scheduler.caughtUp()).toEqual([]);
    // The fires not run are recorded as skipped, with why; the one that ran stays the only post.
    const fires = await db.stores.chat.schedules.fires(daily.id, 5);
    expect(fires.map((f) => [new Date(f.fireAt).toISOString(), f.outcome, f.trigger])).toEqual([
      ["2026-12-09T07:00:00.000Z", "skipped", "catch-up"],
      ["2026-12-08T07:00:00.000Z", "skipped", "catch-up"],
      ["2026-12-07T07:00:00.000Z", "posted", "catch-up"],
    ]);
    expect(fires[1]!.error).toBe("missed while no instance was running (1 fire); more than 10 min late, so not run");
    expect([late.posts, none.posts]).toEqual([[], []]);
    // A restart does not record the skipped fire again.
    const again = startAt("2026-12-09T07:02:00Z", 0);
    await again.scheduler.start();
    await again.scheduler.caughtUp();
    expect(await db.stores.chat.schedules.fires(daily.id, 5)).toHaveLength(3);
    await again.scheduler.stop();
    await Promise.all([first, second, late, none].map((i) => i.scheduler.stop()));
  });

  it("starts node-cron tasks in the schedule's zone by default", async () => {
    await addSchedule({ categories: [], always: true }, "0 8 * * 1");
    const scheduler = createScheduler({
      stores: db.stores.chat,
      audit: createTestAuditService(db, T0),
      fileSettings: {},
      logger: silentLogger,
      instanceId: "real",
      now: () => T0,
    });
    await scheduler.start();
    const { getTasks } = await import("node-cron");
    const tasks = [...getTasks().values()].filter((t) => t.getPattern() === "0 8 * * 1");
    expect(tasks).toHaveLength(1);
    const next = tasks[0]!.getNextRun()!;
    // 08:00 in Berlin is 07:00 or 06:00 UTC, on a Monday.
    expect(next.getUTCDay()).toBe(1);
    expect([6, 7]).toContain(next.getUTCHours());
    await scheduler.stop();
    // Stopped tasks are destroyed: nothing is left to fire or to hold the process.
    expect([...getTasks().values()].filter((t) => t.getPattern() === "0 8 * * 1")).toEqual([]);
  });

  it("takes over a fire left running by a dead instance, once, and queues its posts under the same key", async () => {
    const { id } = await addSchedule();
    const at = Date.parse("2026-12-07T07:00:00Z");
    // An instance claimed the fire at T0 - 20 minutes and died before finishing it.
    await db.stores.chat.schedules.claimFire(id, at, "dead", T0 - 20 * MINUTE);
    const recent = instance(db, "a", { now: () => T0, staleRunMs: 30 * MINUTE });
    expect(await recent.scheduler.fire({ workspaceId: "w1", id }, at)).toBe("claimed elsewhere");
    const a = instance(db, "a");
    const b = instance(other, "b");
    const results = await Promise.all([
      a.scheduler.fire({ workspaceId: "w1", id }, at),
      b.scheduler.fire({ workspaceId: "w1", id }, at),
    ]);
    expect(results.sort()).toEqual(["claimed elsewhere", "posted"]);
    expect([...a.posts, ...b.posts].map((p) => [p.key, p.batch])).toEqual([
      [`schedule:${id}:${at}`, `schedule:${id}:${at}`],
    ]);
    expect(await db.stores.chat.schedules.fires(id, 5)).toEqual([
      expect.objectContaining({ outcome: "posted", trigger: "timer" }),
    ]);
  });

  it("runs a fire left running by a dead instance again when it reloads, without a timer for it", async () => {
    const { id } = await addSchedule({ categories: [], always: true }, "0 8 * * 1");
    const at = Date.parse("2026-12-07T07:00:00Z");
    await db.stores.chat.schedules.claimFire(id, at, "dead", T0 - 20 * MINUTE);
    const a = instance(db, "a");
    await a.scheduler.start();
    expect(await a.scheduler.recovered()).toEqual([id]);
    expect(a.posts.map((p) => p.key)).toEqual([`schedule:${id}:${at}`]);
    // The next reload finds nothing left to run.
    await a.scheduler.reload();
    expect(await a.scheduler.recovered()).toEqual([]);
    expect(a.posts).toHaveLength(1);
    await a.scheduler.stop();
  });

  it("fires a paused schedule by hand, recorded as manual at its own instant", async () => {
    const { id } = await addSchedule();
    await db.stores.chat.schedules.setPaused("w1", id, true);
    const a = instance(db, "a");
    const at = Date.parse("2026-12-07T07:00:42.123Z");
    expect(await a.scheduler.fire({ workspaceId: "w1", id }, at)).toBe("paused");
    expect(await a.scheduler.fire({ workspaceId: "w1", id }, at, { trigger: "manual", by: "Ann" })).toBe("posted");
    expect(await db.stores.chat.schedules.fires(id, 5)).toEqual([
      expect.objectContaining({ fireAt: at, trigger: "manual", claimedBy: "a (by Ann)", outcome: "posted" }),
    ]);
  });
});
