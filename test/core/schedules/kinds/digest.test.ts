/**
 * The `digest` schedule kind through the scheduler against a real SQLite file: owners are listed
 * most overdue first with their oldest items, from the same attention lists as `overdue` (the
 * workspace's thresholds, chat marks), unknown owners are said as such, nothing is posted when
 * nobody has items unless --always, and the console's post is masked.
 */
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeCheckOverride } from "../../../../src/core/checks/overrides.js";
import { findCheck } from "../../../../src/core/checks/registry.js";
import { taskFingerprint } from "../../../../src/core/commands/marks.js";
import type { Message } from "../../../../src/core/messages/model.js";
import { createScheduler, type SchedulerDeps } from "../../../../src/core/schedules/scheduler.js";
import type { ScheduleTarget } from "../../../../src/core/stores/schedules.js";
import type { Database } from "../../../../src/db/database.js";
import { checkOverrideStore } from "../../../../src/db/stores/check-overrides.js";
import { silentLogger } from "../../../../src/logger.js";
import { createDrainer, outboxDeliverer } from "../../../../src/core/outbox/drainer.js";
import { outboxSenders } from "../../../../src/outbox.js";
import { freshDatabase } from "../../../helpers/db.js";
import { seedWorkspace, T0 } from "../../commands/seed.js";
import { createTestAuditService } from "../../commands/test-audit.js";

const DAY = 86_400_000;
const MINUTE = 60_000;
const target: ScheduleTarget = { platform: "slack", tenantId: "T1", conversationId: "C1" };
let db: Database;

beforeEach(() => {
  db = freshDatabase("digest-kind");
  seedWorkspace(db, "w1", "a");
  // The boss has the oldest item; "ghost" owns a task but is no CRM user (a deleted account).
  const task = db.sqlite.prepare(
    `INSERT INTO tasks (workspaceId, id, subject, assigneeId, dueAt, status, createdAt) VALUES ('w1', ?, ?, ?, ?, 'open', ?)`,
  );
  task.run("bt1", "Approve discount", "au2", T0 - 10 * DAY, T0 - 30 * DAY);
  task.run("gt1", "Chase invoice", "ghost", T0 - DAY, T0 - 30 * DAY);
});
afterEach(async () => {
  await db.close();
});

const recordPosts: NonNullable<SchedulerDeps["deliverer"]> = {
  deliver: async (list) => void posts.push(...list.map((d) => d.message)),
};

function scheduler(
  deliverer: SchedulerDeps["deliverer"] = recordPosts,
  fileSettings: SchedulerDeps["fileSettings"] = {},
) {
  return createScheduler({
    stores: db.stores.chat,
    audit: createTestAuditService(db, T0),
    fileSettings,
    logger: silentLogger,
    instanceId: "test",
    deliverer,
    now: () => T0,
    createTimer: () => ({ stop: () => {} }),
    graceMs: 0,
  });
}
let posts: Message[] = [];
beforeEach(() => {
  posts = [];
});

async function addDigest(options: unknown = { always: false }, to: ScheduleTarget = target) {
  const s = await db.stores.chat.schedules.add({
    workspaceId: "w1",
    kind: "digest",
    cron: "0 8 * * *",
    timeZone: "UTC",
    target: to,
    options,
    createdBy: "Ann",
    createdAt: T0 - 60 * DAY,
  });
  return { workspaceId: "w1", id: s.id };
}

/** Each owner's block: its first line, then its item lines. */
function ownerBlocks(message: Message): string[][] {
  return message.blocks
    .filter((b) => b.type === "text" && b.text.includes("\n"))
    .map((b) => (b.type === "text" ? b.text.split("\n") : []));
}

describe("the digest schedule kind", () => {
  it("lists owners most overdue first with their oldest items, and names an unknown owner", async () => {
    const schedule = await addDigest();
    expect(await scheduler().fire(schedule, T0)).toBe("posted");
    const [post] = posts;
    expect(post!.visibility).toBe("channel");
    const owners = ownerBlocks(post!);
    expect(owners.map((o) => o[0])).toEqual([
      "*a Boss*: 2 tasks, 0 deals",
      "*a Rep*: 1 task, 1 deal",
      "Unknown owner `ghost` (not a CRM user): 1 task, 0 deals",
    ]);
    expect(owners[0]!.slice(1)).toEqual([
      "• Task Approve discount: due (2026-06-05, 10 d)",
      "• Task a Boss task: due (2026-06-14, 1 d)",
    ]);
    // The rep's deal passed its close date 5 days ago and never had an activity; the task is 3 days late.
    expect(owners[1]!.slice(1)).toEqual([
      "• Deal a Big renewal: past close date, no recent activity (2026-06-10, 5 d)",
      "• Task a Call back about renewal: due (2026-06-12, 3 d)",
    ]);
    expect(post!.text).toContain("3 owners with 4 overdue tasks and 1 deal needing attention");
    expect(JSON.stringify(post)).toContain("1 owner id on these records is not a CRM user");
    // Not late yet: the task due in 3 days and the deal worked on 2 days ago.
    expect(JSON.stringify(post)).not.toContain("Send proposal");
    expect(JSON.stringify(post)).not.toContain("Fresh deal");
  });

  it("uses the workspace's lowered threshold and leaves out what a chat mark hides, like overdue", async () => {
    await writeCheckOverride(checkOverrideStore(db), "w1", findCheck("deal.no-recent-activity")!, {
      thresholds: { days: 1 },
    });
    const task = (await db.stores.chat.people.task("w1", "at1"))!;
    await db.stores.chat.marks.put("w1", {
      recordType: "task",
      recordId: "at1",
      kind: "done",
      until: null,
      markedBy: "Ann",
      markedAt: T0 - DAY,
      fingerprint: taskFingerprint(task),
    });
    const schedule = await addDigest();
    expect(await scheduler().fire(schedule, T0)).toBe("posted");
    const rep = ownerBlocks(posts[0]!).find((o) => o[0]!.startsWith("*a Rep*"))!;
    expect(rep).toEqual([
      "*a Rep*: 0 tasks, 2 deals",
      "• Deal a Big renewal: past close date, no recent activity (2026-06-10, 5 d)",
      "• Deal a Fresh deal: no recent activity (2026-06-13, 2 d)",
    ]);
  });

  it("reads the configuration file's settings, which a workspace override refines", async () => {
    const schedule = await addDigest();
    const file = { "task.overdue": { enabled: false }, "deal.no-recent-activity": { thresholds: { days: 1 } } };
    await scheduler(undefined, file).fire(schedule, T0);
    expect(ownerBlocks(posts[0]!).map((o) => o[0])).toEqual(["*a Rep*: 0 tasks, 2 deals"]);
    await writeCheckOverride(checkOverrideStore(db), "w1", findCheck("task.overdue")!, { enabled: true });
    await scheduler(undefined, file).fire(schedule, T0 + MINUTE);
    expect(ownerBlocks(posts[1]!).map((o) => o[0])).toEqual([
      "*a Boss*: 2 tasks, 0 deals",
      "*a Rep*: 1 task, 2 deals",
      "Unknown owner `ghost` (not a CRM user): 1 task, 0 deals",
    ]);
  });

  it("shows at most three items per owner and says how many more", async () => {
    const task = db.sqlite.prepare(
      `INSERT INTO tasks (workspaceId, id, subject, assigneeId, dueAt, status, createdAt) VALUES ('w1', ?, ?, 'au2', ?, 'open', ?)`,
    );
    for (let i = 2; i <= 5; i++) task.run(`bt${i}`, `Boss task ${i}`, T0 - (10 - i) * DAY, T0 - 30 * DAY);
    const schedule = await addDigest();
    await scheduler().fire(schedule, T0);
    expect(ownerBlocks(posts[0]!)[0]).toEqual([
      "*a Boss*: 6 tasks, 0 deals",
      "• Task Approve discount: due (2026-06-05, 10 d)",
      "• Task Boss task 2: due (2026-06-07, 8 d)",
      "• Task Boss task 3: due (2026-06-08, 7 d)",
      "…and 3 more",
    ]);
  });

  it("posts nothing when nobody has items, and says so with --always", async () => {
    // A month earlier nothing was due yet; without the activity check nothing is stale either.
    await writeCheckOverride(checkOverrideStore(db), "w1", findCheck("deal.no-recent-activity")!, { enabled: false });
    const quiet = await addDigest();
    const loud = await addDigest({ always: true });
    const early = T0 - 30 * DAY;
    expect(await scheduler().fire(quiet, early)).toBe("nothing to post");
    expect(posts).toEqual([]);
    expect(await scheduler().fire(loud, early + MINUTE)).toBe("posted");
    expect(posts[0]!.text).toContain("Nothing overdue");
    expect(ownerBlocks(posts[0]!)).toEqual([]);
    // At T0 the same schedule has items again.
    expect(await scheduler().fire(quiet, T0)).toBe("posted");
    expect(ownerBlocks(posts[1]!)).toHaveLength(3);
  });

  it("is masked like every channel post on the console", async () => {
    db.sqlite.prepare(`UPDATE tasks SET subject = 'Email bob.ray@a-widgets.example' WHERE id = 'bt1'`).run();
    const out = new PassThrough();
    let text = "";
    out.on("data", (chunk: Buffer) => (text += chunk.toString()));
    const schedule = await addDigest(undefined, { platform: "console", tenantId: "local", conversationId: "console" });
    // Through the real outbox and its console sender, as `npm start` prints it.
    await scheduler(outboxDeliverer(db.stores.chat.outbox, { now: () => T0 })).fire(schedule, T0);
    await createDrainer({
      store: db.stores.chat.outbox,
      senders: outboxSenders({ console: out }),
      instanceId: "test",
      logger: silentLogger,
      now: () => T0,
    }).drainOnce();
    expect(text).toContain("a Boss");
    expect(text).toContain("b.\u2022\u2022\u2022@a-widgets.example");
    expect(text).not.toContain("bob.ray@");
  });
});
