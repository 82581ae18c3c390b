/**
 * `overdue`, its buttons and the people commands against a real SQLite file: the list is what
 * the process checks report with the workspace's settings, marks hide items until the CRM
 * changes them, and users can be found by name and linked.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createChatCore } from "../../../src/chat-core.js";
import { writeCheckOverride } from "../../../src/core/checks/overrides.js";
import { CHECKS, findCheck } from "../../../src/core/checks/registry.js";
import type { ChatCore, CommandRequest, Responder } from "../../../src/core/commands/types.js";
import type { Button, Message } from "../../../src/core/messages/model.js";
import type { Database } from "../../../src/db/database.js";
import { checkOverrideStore } from "../../../src/db/stores/check-overrides.js";
import { silentLogger } from "../../../src/logger.js";
import { freshDatabase } from "../../helpers/db.js";
import { seedWorkspace, T0 } from "./seed.js";
import { createTestAuditService } from "./test-audit.js";

const DAY = 86_400_000;

function recorder(): Responder & { sent: { op: string; message: Message }[]; last(): Message } {
  const sent: { op: string; message: Message }[] = [];
  return {
    sent,
    last: () => sent[sent.length - 1]!.message,
    reply: async (message) => void sent.push({ op: "reply", message }),
    update: async (message) => void sent.push({ op: "update", message }),
  };
}
const json = (m: Message) => JSON.stringify(m);
const buttons = (m: Message): Button[] => m.blocks.flatMap((b) => (b.type === "actions" ? b.buttons : []));

let db: Database;
let core: ChatCore;
let clock: number;
let ws: string;

beforeEach(async () => {
  db = freshDatabase("personal-work");
  clock = T0;
  core = createChatCore({
    db,
    audit: createTestAuditService(db, T0),
    logger: silentLogger,
    adminUserIds: { slack: ["UADMIN"], teams: [] },
    checks: CHECKS,
    now: () => clock,
  });
  ws = await core.resolveWorkspace("slack", "T1");
  seedWorkspace(db, ws, "a");
});
afterEach(async () => {
  await db.close();
});

async function as(userId: string, email: string | null): Promise<Omit<CommandRequest, "text">> {
  const actor = await core.identify({
    platform: "slack",
    tenantId: "T1",
    userId,
    email,
    displayName: userId,
    platformAdmin: false,
  });
  return { workspaceId: ws, actor, conversation: { id: "D1", kind: "personal" } };
}

async function say(who: Omit<CommandRequest, "text">, text: string): Promise<ReturnType<typeof recorder>> {
  const out = recorder();
  await core.handleCommand({ ...who, text }, out);
  return out;
}

describe("overdue follows the checks and the workspace's settings", () => {
  it("lists a deal once deal.no-recent-activity's threshold is lowered, and drops tasks when task.overdue is off", async () => {
    const rep = await as("U1", "a.rep@example.com");
    const before = (await say(rep, "overdue")).last();
    // a Fresh deal had a call 2 days ago: not stale under the default 30 days.
    expect(json(before)).not.toContain("a Fresh deal");
    expect(json(before)).toContain("a Call back about renewal");

    const store = checkOverrideStore(db);
    await writeCheckOverride(store, ws, findCheck("deal.no-recent-activity")!, { thresholds: { days: 1 } });
    const after = (await say(rep, "overdue")).last();
    expect(json(after)).toContain("a Fresh deal");
    const deals = after.blocks.find((b) => b.type === "table" && b.caption?.startsWith("Deals"));
    expect(deals?.type === "table" && deals.rows.find((r) => r[1] === "a Fresh deal")?.at(-1)).toBe(
      "no recent activity",
    );

    await writeCheckOverride(store, ws, findCheck("task.overdue")!, { enabled: false });
    const off = (await say(rep, "overdue")).last();
    expect(off.text).toBe("a Rep: 0 overdue tasks, 2 deals needing attention");
    // The App Home reads the same list.
    expect(json(await core.homeView({ ...rep }))).not.toContain("a Call back about renewal");
  });

  it("counts the CRM's own last-activity date of a deal, as deal.no-recent-activity does", async () => {
    // No linked activity, but the CRM says the deal was worked on 3 days ago (HubSpot "Last Activity Date").
    db.sqlite.prepare(`DELETE FROM activities WHERE dealId = 'ad2'`).run();
    const rep = await as("U1", "a.rep@example.com");
    expect(json((await say(rep, "overdue")).last())).toContain("a Fresh deal");
    db.sqlite.prepare(`UPDATE deals SET lastActivityAt = ? WHERE id = 'ad2'`).run(T0 - 3 * DAY);
    expect(json((await say(rep, "overdue")).last())).not.toContain("a Fresh deal");
  });

  it("lists a deal stuck in its stage with the stage threshold of the workspace", async () => {
    db.sqlite.prepare(`UPDATE deals SET stageEnteredAt = ? WHERE id = 'ad2'`).run(T0 - 20 * DAY);
    const rep = await as("U1", "a.rep@example.com");
    expect(json((await say(rep, "overdue")).last())).not.toContain("a Fresh deal");
    await writeCheckOverride(checkOverrideStore(db), ws, findCheck("deal.stuck-in-stage")!, {
      thresholds: { days: 10 },
    });
    expect(json((await say(rep, "overdue")).last())).toContain("stuck in stage");
  });
});

describe("marks", () => {
  async function press(who: Omit<CommandRequest, "text">, message: Message, label: string) {
    const button = buttons(message).find((b) => b.label === label)!;
    expect(button, label).toBeDefined();
    const out = recorder();
    await core.handleAction({ ...who, actionId: button.actionId, value: button.value }, out);
    return out;
  }

  it("hide a task marked done until an import changes it, without writing the tasks table", async () => {
    const rep = await as("U1", "a.rep@example.com");
    const done = await press(rep, (await say(rep, "overdue")).last(), "Done #1");
    expect(done.sent.map((s) => s.op)).toEqual(["update"]);
    expect(done.last().blocks.some((b) => b.type === "table" && b.caption?.startsWith("Tasks"))).toBe(false);
    expect(done.last().text).toContain("0 overdue tasks");
    expect(json((await say(rep, "overdue")).last())).toContain("1 marked done in chat, not yet closed in the CRM");
    expect(db.sqlite.prepare(`SELECT status FROM tasks WHERE id = 'at1'`).get()).toEqual({ status: "open" });

    // An import moves the due date: the CRM changed the task, so the mark no longer applies.
    db.sqlite.prepare(`UPDATE tasks SET dueAt = ? WHERE id = 'at1'`).run(T0 - 2 * DAY);
    const again = (await say(rep, "overdue")).last();
    expect(again.text).toContain("1 overdue task");
    expect(json(again)).not.toContain("marked done");
    expect(db.sqlite.prepare(`SELECT COUNT(*) AS n FROM record_marks`).get()).toEqual({ n: 0 });
  });

  it("leave no mark behind once the CRM closes the task", async () => {
    const rep = await as("U1", "a.rep@example.com");
    await press(rep, (await say(rep, "overdue")).last(), "Done #1");
    db.sqlite.prepare(`UPDATE tasks SET status = 'done', completedAt = ? WHERE id = 'at1'`).run(T0);
    const list = (await say(rep, "overdue")).last();
    expect(list.text).toContain("0 overdue tasks");
    expect(json(list)).not.toContain("marked done");
    expect(db.sqlite.prepare(`SELECT COUNT(*) AS n FROM record_marks`).get()).toEqual({ n: 0 });
  });

  it("snooze hides an item until the date, not mine until the CRM changes it; counts match what is shown", async () => {
    const rep = await as("U1", "a.rep@example.com");
    const list = (await say(rep, "overdue")).last();
    // Every listed item has its actions: one task (#1) and one deal (#2).
    expect(buttons(list).map((b) => b.label)).toEqual([
      "Done #1",
      "Snooze 1 d #1",
      "Snooze 1 wk #1",
      "Not mine #1",
      "Snooze 1 d #2",
      "Snooze 1 wk #2",
      "Not mine #2",
    ]);
    const snoozed = await press(rep, list, "Snooze 1 d #1");
    expect(snoozed.sent.map((s) => s.op)).toEqual(["update"]);
    expect(json(snoozed.last())).toContain('Snoozed \\"a Call back about renewal\\" until 2026-06-16.');
    const notMine = await press(rep, snoozed.last(), "Not mine #1");
    expect(notMine.last().text).toBe("a Rep: 0 overdue tasks, 0 deals needing attention");
    expect(json(notMine.last())).toContain("1 snoozed · 1 marked not mine");

    clock = T0 + DAY + 1;
    const later = (await say(rep, "overdue")).last();
    expect(later.text).toBe("a Rep: 1 overdue task, 0 deals needing attention");
    expect(json(later)).toContain("1 marked not mine");
  });

  it("are for the item's owner or an admin", async () => {
    const rep = await as("U1", "a.rep@example.com");
    const list = (await say(rep, "overdue")).last();
    const stranger = await as("U5", null);
    const refused = await press(stranger, list, "Not mine #2");
    expect(refused.last().text).toBe("Only the deal's owner or an admin can mark it not theirs.");
    expect(db.sqlite.prepare(`SELECT COUNT(*) AS n FROM record_marks`).get()).toEqual({ n: 0 });
  });
});

describe("people", () => {
  it("overdue accepts a name or part of one and asks when several match", async () => {
    const admin = await as("UADMIN", null);
    expect(json((await say(admin, 'overdue "a boss"')).last())).toContain("Overdue for a Boss");
    expect(json((await say(admin, "overdue boss")).last())).toContain("a Boss task");
    const several = (await say(admin, "overdue example.com")).last();
    expect(several.text).toBe(
      '2 CRM users match "example.com": a Boss (a.boss@example.com), a Rep (a.rep@example.com).',
    );
    expect((await say(admin, "overdue nobody")).last().text).toBe('No CRM user "nobody" in this workspace.');
    const rep = await as("U1", "a.rep@example.com");
    expect((await say(rep, "overdue boss")).last().text).toContain("Only admins");
  });

  it("users lists CRM users, a page at a time, filtered by a search", async () => {
    const insert = db.sqlite.prepare(
      `INSERT INTO crm_users (workspaceId, id, name, email, role, active) VALUES (?, ?, ?, ?, 'rep', 1)`,
    );
    for (let i = 0; i < 25; i++) insert.run(ws, `x${i}`, `Extra ${String(i).padStart(2, "0")}`, `x${i}@example.com`);
    const rep = await as("U1", "a.rep@example.com");
    const first = (await say(rep, "users")).last();
    expect(first.text).toBe("27 CRM users");
    const table = first.blocks.find((b) => b.type === "table");
    expect(table?.type === "table" && table.caption).toBe("1–20 of 27 users");
    const more = buttons(first).find((b) => b.label === "Show more")!;
    const out = recorder();
    await core.handleAction({ ...rep, actionId: more.actionId, value: more.value }, out);
    const next = out.last().blocks.find((b) => b.type === "table");
    expect(next?.type === "table" && next.caption).toBe("21–27 of 27 users");
    expect((await say(rep, "users boss")).last().text).toBe('1 CRM user matching "boss"');
  });

  it("whoami shows the linked CRM user; link lets the console user link itself", async () => {
    const consoleWs = await core.resolveWorkspace("console", "local");
    seedWorkspace(db, consoleWs, "c");
    const actor = await core.identify({
      platform: "console",
      tenantId: "local",
      userId: "operator",
      email: null,
      displayName: "operator",
      platformAdmin: true,
    });
    const me = { workspaceId: consoleWs, actor, conversation: { id: "console", kind: "personal" as const } };
    expect((await say(me, "whoami")).last().text).toBe("Your chat account is not linked to a CRM user.");
    expect((await say(me, "overdue")).last().text).toContain("not linked to a CRM user");
    expect((await say(me, "link c.rep@example.com")).last().text).toBe(
      "You are now linked to c Rep (c.rep@example.com).",
    );
    // The console's actor was identified once at start; the link applies from the next command.
    expect((await say(me, "whoami")).last().text).toBe("You are c Rep (c.rep@example.com) in the CRM.");
    expect(json((await say(me, "overdue")).last())).toContain("c Call back about renewal");
    await say(me, "link c.boss@example.com");
    expect((await say(me, "whoami")).last().text).toBe("You are c Boss (c.boss@example.com) in the CRM.");
  });

  it("link: someone else only by an admin, and not to another person's email", async () => {
    const rep = await as("U1", "a.rep@example.com");
    await as("U2", null);
    expect((await say(rep, "link a.boss@example.com <@U2>")).last().text).toBe(
      "Only admins can link someone else. `link <email>` links you.",
    );
    expect((await say(rep, "link a.boss@example.com")).last().text).toContain("ask an admin to link you");
    const admin = await as("UADMIN", null);
    expect((await say(admin, "link a.boss@example.com <@U2>")).last().text).toBe(
      "They are now linked to a Boss (a.boss@example.com).",
    );
    const u2 = await as("U2", null);
    expect(u2.actor.crmUserId).toBe("au2");
  });
});
