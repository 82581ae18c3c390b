import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../../src/db/database.js";
import { scheduleStore } from "../../../src/db/stores/schedules.js";
import { freshDatabase } from "../../helpers/db.js";

const open: Database[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});

const schedule = {
  workspaceId: "w1",
  kind: "audit",
  cron: "0 8 * * 1",
  timeZone: "Europe/Berlin",
  target: { platform: "slack" as const, tenantId: "T1", conversationId: "C1" },
  options: { categories: ["process"], always: false },
  createdBy: "Ann",
  createdAt: Date.parse("2026-12-02T10:00:00Z"),
};

describe("schedule store", () => {
  it("adds, lists per workspace, pauses and removes", async () => {
    const db = freshDatabase("schedules");
    open.push(db);
    const store = scheduleStore(db);
    const added = await store.add(schedule);
    await store.add({ ...schedule, workspaceId: "w2" });
    expect(await store.list("w1")).toEqual([{ ...schedule, id: added.id, paused: false }]);
    expect(await store.setPaused("w1", added.id, true)).toBe(true);
    expect((await store.get("w1", added.id))?.paused).toBe(true);
    // Another workspace's id is not this workspace's schedule.
    expect(await store.remove("w2", added.id)).toBe(false);
    expect(await store.remove("w1", added.id)).toBe(true);
    expect(await store.list("w1")).toEqual([]);
    expect((await store.all()).map((s) => s.workspaceId)).toEqual(["w2"]);
  });

  it("lets one claim of a fire win, across two connections to one file", async () => {
    const db = freshDatabase("schedules-claim");
    const second = openDatabase(`file:${db.file}`);
    open.push(db, second);
    const a = scheduleStore(db);
    const b = scheduleStore(second);
    const { id } = await a.add(schedule);
    const fireAt = Date.parse("2026-12-07T07:00:00Z");
    expect(await a.claimFire(id, fireAt, "instance-a", fireAt)).toBe(true);
    expect(await b.claimFire(id, fireAt, "instance-b", fireAt + 5)).toBe(false);
    expect(await b.claimFire(id, fireAt + 60_000, "instance-b", fireAt + 60_000)).toBe(true);
    await a.finishFire(id, fireAt, "posted", fireAt + 900);
    expect(await b.fires(id, 5)).toEqual([
      expect.objectContaining({
        fireAt: fireAt + 60_000,
        claimedBy: "instance-b",
        outcome: "running",
        finishedAt: null,
      }),
      {
        scheduleId: id,
        fireAt,
        claimedBy: "instance-a",
        startedAt: fireAt,
        finishedAt: fireAt + 900,
        outcome: "posted",
        trigger: "timer",
        error: null,
      },
    ]);
    // Removing a schedule removes its fires.
    await a.remove("w1", id);
    expect(await b.fires(id, 5)).toEqual([]);
  });
});
