/**
 * The `reminders` schedule kind through the scheduler on a real SQLite file, with a recording
 * Deliverer and a fake ChatDirectory: one digest per reachable owner under the documented key,
 * unassigned items to the chat admins, unmatched owners listed (`reminders unmatched`) and
 * looked up again after a day or a failed delivery, quiet hours from the person's profile zone
 * as `notBefore`, no nagging (not resent within the interval, resent when worse, never while
 * snoozed), and `reminders off`.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createChatCore } from "../../../src/chat-core.js";
import { CHECKS } from "../../../src/core/checks/registry.js";
import { taskFingerprint } from "../../../src/core/commands/marks.js";
import type { ChatCore, Responder } from "../../../src/core/commands/types.js";
import type { ChatDirectory, Delivery } from "../../../src/core/delivery.js";
import type { Message } from "../../../src/core/messages/model.js";
import { createScheduler } from "../../../src/core/schedules/scheduler.js";
import { parseScheduleSpec } from "../../../src/core/schedules/spec.js";
import { DEFAULT_REMINDER_SETTINGS } from "../../../src/core/stores/reminders.js";
import type { Database } from "../../../src/db/database.js";
import { silentLogger } from "../../../src/logger.js";
import { freshDatabase } from "../../helpers/db.js";
import { seedWorkspace, T0 } from "../commands/seed.js";
import { createTestAuditService } from "../commands/test-audit.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;
let db: Database;
let delivered: Delivery[][];
let lookups: string[];
let clock: number;

const directory: ChatDirectory = {
  async findByEmail(_platform, _tenant, email) {
    lookups.push(email);
    if (email === "a.rep@example.com")
      return { found: true, userId: "UREP", displayName: "Rep", timeZone: "Europe/Berlin" };
    return { found: false, reason: "no Slack user has this email" };
  },
  members: async () => ({ found: false, reason: "not needed" }),
};

beforeEach(async () => {
  db = freshDatabase("reminders-send");
  seedWorkspace(db, "w1", "a");
  delivered = [];
  lookups = [];
  clock = T0;
  const task = db.sqlite.prepare(
    `INSERT INTO tasks (workspaceId, id, subject, assigneeId, dueAt, status, createdAt) VALUES ('w1', ?, ?, ?, ?, 'open', ?)`,
  );
  task.run("gt1", "Chase invoice", "ghost", T0 - DAY, T0 - 30 * DAY);
  task.run("nt1", "Nobody's task", null, T0 - 2 * DAY, T0 - 30 * DAY);
  task.run("xt1", "Left with the leaver", "au9", T0 - 4 * DAY, T0 - 30 * DAY);
  task.run("rt3", "Second rep task", "au1", T0 - DAY, T0 - 30 * DAY);
  db.sqlite
    .prepare(
      `INSERT INTO crm_users (workspaceId, id, name, email, role, active) VALUES ('w1', 'au9', 'Leaver', 'leaver@example.com', 'rep', 0)`,
    )
    .run();
  await db.stores.chat.identities.save({
    platform: "slack",
    tenantId: "T1",
    userId: "UADMIN",
    workspaceId: "w1",
    crmUserId: null,
    email: "admin@example.com",
    displayName: "Admin",
    isAdmin: true,
  });
});
afterEach(async () => db.close());

function scheduler() {
  return createScheduler({
    stores: db.stores.chat,
    audit: createTestAuditService(db, T0),
    fileSettings: {},
    logger: silentLogger,
    instanceId: "test",
    deliverer: { deliver: async (d) => void delivered.push([...d]) },
    directory,
    now: () => clock,
    createTimer: () => ({ stop: () => {} }),
    graceMs: 0,
  });
}

async function addReminders(options: Record<string, unknown> = {}) {
  const s = await db.stores.chat.schedules.add({
    workspaceId: "w1",
    kind: "reminders",
    cron: "0 8 * * *",
    timeZone: "UTC",
    target: { platform: "slack", tenantId: "T1", conversationId: "C1" },
    options: { reasons: [], "max-items": 5, "repeat-after": 3 * DAY, always: false, ...options },
    createdBy: "Ann",
    createdAt: T0 - 60 * DAY,
  });
  return { workspaceId: "w1", id: s.id };
}

const all = () => delivered.flat();
const to = (userId: string) => all().filter((d) => d.target.kind === "user" && d.target.userId === userId);
/** The numbered item lines of a digest. */
const items = (m: Message) => m.blocks.flatMap((b) => (b.type === "text" && /^\d+\. /.test(b.text) ? [b.text] : []));

async function fireAt(schedule: { workspaceId: string; id: number }, at: number) {
  clock = at;
  delivered = [];
  return scheduler().fire(schedule, at);
}

describe("the reminders schedule kind", () => {
  it("sends each reachable owner one digest under its key, and the unassigned items to the admins", async () => {
    const s = await addReminders();
    expect(await fireAt(s, T0)).toBe("posted");
    expect(lookups.sort()).toEqual(["a.boss@example.com", "a.rep@example.com"]);
    const [rep] = to("UREP");
    expect(to("UREP")).toHaveLength(1);
    expect(rep!.key).toBe(`reminders:${s.id}:${T0}:au1`);
    expect(rep!.workspaceId).toBe("w1");
    expect(rep!.notBefore).toBeUndefined();
    expect(items(rep!.message)).toEqual([
      "1. Deal *a Big renewal* (stage proposal): past close date, no recent activity (the oldest since 2026-06-10, 5 d)",
      "2. Task *a Call back about renewal* (a Big renewal): overdue since 2026-06-12, 3 d",
      "3. Task *Second rep task*: overdue since 2026-06-14, 1 d",
    ]);
    const [admin] = to("UADMIN");
    expect(admin!.key).toBe(`reminders:${s.id}:${T0}:unassigned:UADMIN`);
    expect(items(admin!.message)).toEqual([
      "1. Task *Left with the leaver*: overdue since 2026-06-11, 4 d",
      "2. Task *Nobody's task*: overdue since 2026-06-13, 2 d",
      "3. Task *Chase invoice*: overdue since 2026-06-14, 1 d",
    ]);
    const context = JSON.stringify(admin!.message);
    expect(context).toContain("owner `au9`: deactivated");
    expect(context).toContain("no owner");
    expect(context).toContain("owner `ghost`: not a CRM user");
    expect(context).toContain("1 owner with items cannot be reached in chat");
    // The boss cannot be reached: no message to anyone for them.
    expect(all()).toHaveLength(2);
  });

  it("lists the owner nobody could match for admins, and refuses the list to others", async () => {
    await fireAt(await addReminders(), T0);
    const core: ChatCore = createChatCore({
      db,
      audit: createTestAuditService(db, T0),
      logger: silentLogger,
      adminUserIds: { slack: ["UADMIN"], teams: [] },
      checks: CHECKS,
      now: () => T0,
      directory,
    });
    const ws = await core.resolveWorkspace("slack", "T1");
    expect(ws).not.toBe("w1");
    await db.sqlite.prepare(`UPDATE chat_tenants SET workspaceId = 'w1'`).run();
    const say = async (userId: string, text: string) => {
      const sent: Message[] = [];
      const out: Responder = { reply: async (m) => void sent.push(m), update: async (m) => void sent.push(m) };
      const actor = await core.identify({
        platform: "slack",
        tenantId: "T1",
        userId,
        email: null,
        displayName: userId,
        platformAdmin: false,
      });
      await core.handleCommand({ workspaceId: "w1", actor, conversation: { id: "D1", kind: "personal" }, text }, out);
      return sent[0]!;
    };
    const list = await say("UADMIN", "reminders unmatched");
    const table = list.blocks.find((b) => b.type === "table");
    expect(table?.type === "table" && table.rows.map((r) => r.slice(0, 4))).toEqual([
      ["a Boss (au2)", "a.boss@example.com", "1", "no Slack user has this email"],
    ]);
    expect(JSON.stringify(await say("USOMEONE", "reminders unmatched"))).toContain("Only admins");
  });

  it("reaches an owner linked to a chat user here without looking them up", async () => {
    await db.stores.chat.identities.save({
      platform: "slack",
      tenantId: "T1",
      userId: "ULINKED",
      workspaceId: "w1",
      crmUserId: "au2",
      email: "boss@elsewhere.example",
      displayName: "Boss",
      isAdmin: false,
    });
    const s = await addReminders();
    await fireAt(s, T0);
    expect(lookups).toEqual(["a.rep@example.com"]);
    expect(to("ULINKED").map((d) => d.key)).toEqual([`reminders:${s.id}:${T0}:au2`]);
  });

  it("reads its options as `schedule add` gets them, and names a bad one", () => {
    const spec = parseScheduleSpec([
      "reminders",
      "0 8 * * 1-5",
      "--tz",
      "Europe/Berlin",
      "--repeat-after",
      "1w",
      "--max-items",
      "3",
      "--reasons",
      "task.overdue,deal.stuck-in-stage",
    ]);
    expect(spec.options).toEqual({
      reasons: ["task.overdue", "deal.stuck-in-stage"],
      "max-items": 3,
      "repeat-after": 7 * DAY,
      always: false,
    });
    expect(parseScheduleSpec(["reminders", "0 8 * * *", "--tz", "UTC"]).options).toEqual({
      reasons: [],
      "max-items": 5,
      "repeat-after": 3 * DAY,
      always: false,
    });
    expect(() => parseScheduleSpec(["reminders", "0 8 * * *", "--tz", "UTC", "--repeat-after", "soon"])).toThrow(
      "--repeat-after: give a length such as 3d, 12h or 1w",
    );
    expect(() => parseScheduleSpec(["reminders", "0 8 * * *", "--tz", "UTC", "--max-items", "50"])).toThrow(
      "--max-items",
    );
    expect(() => parseScheduleSpec(["reminders", "0 8 * * *", "--tz", "UTC", "--reasons", "contact.stale"])).toThrow(
      "--reasons",
    );
  });

  it("keeps to the reasons it was given", async () => {
    await fireAt(await addReminders({ reasons: ["task.overdue"] }), T0);
    expect(items(to("UREP")[0]!.message).map((l) => l.split(":")[0])).toEqual([
      "1. Task *a Call back about renewal* (a Big renewal)",
      "2. Task *Second rep task*",
    ]);
  });

  it("looks a miss up again after a day, a hit only after a failed delivery", async () => {
    const s = await addReminders({ always: true });
    await fireAt(s, T0);
    lookups = [];
    await fireAt(s, T0 + 2 * HOUR);
    expect(lookups).toEqual([]);
    await fireAt(s, T0 + DAY + HOUR);
    expect(lookups).toEqual(["a.boss@example.com"]);
    lookups = [];
    await db.stores.chat.reminders.matchFailed("w1", "slack", "T1", "UREP", T0 + DAY + 2 * HOUR);
    await fireAt(s, T0 + DAY + 3 * HOUR);
    expect(lookups).toEqual(["a.rep@example.com"]);
  });

  it("waits for the end of the owner's quiet hours, in the zone of their chat profile", async () => {
    await db.stores.chat.reminders.putSettings({ platform: "slack", tenantId: "T1", userId: "UREP" }, "w1", {
      ...DEFAULT_REMINDER_SETTINGS,
      quiet: { start: 19 * 60, end: 8 * 60 },
    });
    const s = await addReminders();
    // 20:00 UTC is 22:00 in Berlin, the rep's profile zone (the schedule's is UTC).
    const evening = Date.parse("2026-06-15T20:00:00Z");
    await fireAt(s, evening);
    expect(to("UREP")[0]!.notBefore).toBe(Date.parse("2026-06-16T06:00:00Z"));
    // The admins set nothing: theirs go now.
    expect(to("UADMIN")[0]!.notBefore).toBeUndefined();
  });

  it("sends nothing to an owner who turned reminders off", async () => {
    await db.stores.chat.reminders.putSettings({ platform: "slack", tenantId: "T1", userId: "UREP" }, "w1", {
      ...DEFAULT_REMINDER_SETTINGS,
      enabled: false,
    });
    await fireAt(await addReminders(), T0);
    expect(to("UREP")).toEqual([]);
  });
});

describe("no nagging", () => {
  it("does not resend within the interval, resends what got worse, and everything after the interval", async () => {
    const s = await addReminders({ "repeat-after": 30 * DAY });
    await fireAt(s, T0);
    expect(items(to("UREP")[0]!.message)).toHaveLength(3);
    await fireAt(s, T0 + DAY);
    expect(to("UREP")).toEqual([]);
    expect(to("UADMIN")).toEqual([]);
    // Four days on, the callback is 7 days late and the deal 9 days past its date: both a week
    // worse than when sent. The second task (5 days late) is not; "Send proposal" fell due
    // since and was never sent.
    await fireAt(s, T0 + 4 * DAY);
    const worse = to("UREP")[0]!;
    expect(items(worse.message).map((l) => l.split(":")[0])).toEqual([
      "1. Deal *a Big renewal* (stage proposal)",
      "2. Task *a Call back about renewal* (a Big renewal)",
      "3. Task *a Send proposal*",
    ]);
    expect(JSON.stringify(worse.message)).toContain(
      "1 item you were reminded of lately and that did not get worse is not repeated",
    );
    const short = await addReminders({ "repeat-after": 2 * DAY });
    await fireAt(short, T0 + 6 * DAY);
    expect(items(to("UREP")[0]!.message)).toHaveLength(4);
  });

  it("never sends a snoozed item, even with --always, and sends it again once the snooze ends", async () => {
    const task = (await db.stores.chat.people.task("w1", "at1"))!;
    await db.stores.chat.marks.put("w1", {
      recordType: "task",
      recordId: "at1",
      kind: "snooze",
      until: T0 + 2 * DAY,
      markedBy: "Rep",
      markedAt: T0 - HOUR,
      fingerprint: taskFingerprint(task),
    });
    const s = await addReminders({ always: true });
    await fireAt(s, T0);
    expect(JSON.stringify(to("UREP")[0]!.message)).not.toContain("Call back about renewal");
    await fireAt(s, T0 + 3 * DAY);
    expect(JSON.stringify(to("UREP")[0]!.message)).toContain("Call back about renewal");
  });

  it("records nothing when the Deliverer refuses, so the next fire sends it all", async () => {
    const s = await addReminders();
    clock = T0;
    const refusing = createScheduler({
      stores: db.stores.chat,
      audit: createTestAuditService(db, T0),
      fileSettings: {},
      logger: silentLogger,
      instanceId: "test",
      deliverer: { deliver: async () => Promise.reject(new Error("down")) },
      directory,
      now: () => clock,
      createTimer: () => ({ stop: () => {} }),
      graceMs: 0,
    });
    expect(await refusing.fire(s, T0)).toBe("failed");
    await fireAt(s, T0 + HOUR);
    expect(items(to("UREP")[0]!.message)).toHaveLength(3);
  });
});
