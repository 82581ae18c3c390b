/**
 * The `reminders` chat command and the reminder buttons through the chat core on a real SQLite
 * file: settings round trips and usage errors, the identity's profile zone as the default,
 * "Show all" pages for the owner only, Done on a deal, "Snooze until…" with a typed date, and
 * "Not mine" asking the admins (a recording Deliverer) and naming who said it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createChatCore } from "../../../src/chat-core.js";
import { button } from "../../../src/core/commands/actions.js";
import { CHECKS } from "../../../src/core/checks/registry.js";
import type { ChatCore, CommandRequest, Responder } from "../../../src/core/commands/types.js";
import type { Delivery } from "../../../src/core/delivery.js";
import type { Message } from "../../../src/core/messages/model.js";
import { SNOOZE_FORM_ID } from "../../../src/core/messages/reminders.js";
import type { Database } from "../../../src/db/database.js";
import { silentLogger } from "../../../src/logger.js";
import { freshDatabase } from "../../helpers/db.js";
import { seedWorkspace, T0 } from "./seed.js";
import { createTestAuditService } from "./test-audit.js";

let db: Database;
let core: ChatCore;
let ws: string;
let delivered: Delivery[];

beforeEach(async () => {
  db = freshDatabase("reminders-command");
  delivered = [];
  core = createChatCore({
    db,
    audit: createTestAuditService(db, T0),
    logger: silentLogger,
    adminUserIds: { slack: ["UADMIN"], teams: [] },
    checks: CHECKS,
    now: () => T0,
    deliverer: { deliver: async (d) => void delivered.push(...d) },
  });
  ws = await core.resolveWorkspace("slack", "T1");
  seedWorkspace(db, ws, "a");
});
afterEach(async () => db.close());

async function as(userId: string, email: string | null, timeZone?: string): Promise<Omit<CommandRequest, "text">> {
  const actor = await core.identify({
    platform: "slack",
    tenantId: "T1",
    userId,
    email,
    displayName: userId,
    platformAdmin: false,
    ...(timeZone ? { timeZone } : {}),
  });
  return { workspaceId: ws, actor, conversation: { id: "D1", kind: "personal" } };
}

function recorder(): Responder & { sent: Message[] } {
  const sent: Message[] = [];
  return { sent, reply: async (m) => void sent.push(m), update: async (m) => void sent.push(m) };
}

async function say(who: Omit<CommandRequest, "text">, text: string): Promise<Message> {
  const out = recorder();
  await core.handleCommand({ ...who, text }, out);
  return out.sent[0]!;
}

async function press(who: Omit<CommandRequest, "text">, b: ReturnType<typeof button>): Promise<Message[]> {
  const out = recorder();
  await core.handleAction({ ...who, actionId: b.actionId, value: b.value }, out);
  return out.sent;
}

const fields = (m: Message) =>
  Object.fromEntries(m.blocks.flatMap((b) => (b.type === "fields" ? b.fields.map((f) => [f.label, f.value]) : [])));

describe("reminders settings", () => {
  it("shows the defaults, with the zone of the chat profile, and keeps each change", async () => {
    const rep = await as("UREP", "a.rep@example.com", "Europe/Paris");
    expect(fields(await say(rep, "reminders"))).toEqual({
      Reminders: "on",
      "Quiet hours": "none",
      Days: "every day",
      "Time zone": "Europe/Paris (from your chat profile)",
    });
    expect(JSON.stringify(await say(rep, "reminders quiet 19:00-08:00"))).toContain("Quiet hours: 19:00-08:00.");
    await say(rep, "reminders days mon-fri");
    await say(rep, "reminders tz america/new_york");
    await say(rep, "reminders off");
    expect(fields(await say(rep, "reminders"))).toEqual({
      Reminders: "off",
      "Quiet hours": "19:00-08:00",
      Days: "mon-fri",
      "Time zone": "America/New_York (set with `reminders tz`)",
    });
    expect(await db.stores.chat.reminders.settings({ platform: "slack", tenantId: "T1", userId: "UREP" })).toEqual({
      enabled: false,
      quiet: { start: 19 * 60, end: 8 * 60 },
      days: [1, 2, 3, 4, 5],
      timeZone: "America/New_York",
    });
    // Another person's settings are their own.
    expect(fields(await say(await as("UBOSS", "a.boss@example.com"), "reminders")).Reminders).toBe("on");
  });

  it.each([
    ["reminders sometimes", 'unknown reminders setting "sometimes"'],
    ["reminders quiet", "reminders quiet needs a value, e.g. reminders quiet 19:00-08:00"],
    ["reminders quiet 7pm-8am", '"7pm" is not a time of day'],
    ["reminders quiet 19:00-08:00 extra", 'unexpected "extra"'],
    ["reminders days someday", '"someday" is not a weekday'],
    ["reminders tz Mars/Olympus", '"Mars/Olympus" is not an IANA time zone name'],
    ["reminders on please", 'unexpected "please"'],
  ])("answers `%s` with usage help", async (text, error) => {
    const answer = await say(await as("UREP", "a.rep@example.com"), text);
    expect(answer.text).toContain(error);
    expect(answer.text).toContain("reminders quiet <HH:MM-HH:MM|off>");
    expect(await db.stores.chat.reminders.settings({ platform: "slack", tenantId: "T1", userId: "UREP" })).toBeNull();
  });
});

describe("reminder buttons", () => {
  it("pages an owner's items for the owner and admins only", async () => {
    const page = button("reminders.page", "Show all", { ownerId: "au1", offset: 0 });
    const [own] = await press(await as("UREP", "a.rep@example.com"), page);
    expect(own!.blocks[0]).toEqual({ type: "heading", text: "Your reminders, a Rep" });
    expect(JSON.stringify(own)).toContain("a Call back about renewal");
    const [other] = await press(await as("UBOSS", "a.boss@example.com"), page);
    expect(JSON.stringify(other)).toContain("Only the owner or an admin");
    const [unassigned] = await press(
      await as("UREP", "a.rep@example.com"),
      button("reminders.page", "Show all", { ownerId: null, offset: 0 }),
    );
    expect(JSON.stringify(unassigned)).toContain("Only admins see the unassigned items");
  });

  it("marks a deal done from a reminder", async () => {
    const [answer] = await press(
      await as("UREP", "a.rep@example.com"),
      button("reminder.done", "Done", { recordType: "deal", recordId: "ad1" }),
    );
    expect(JSON.stringify(answer)).toContain('Marked \\"a Big renewal\\" done');
    const [mark] = await db.stores.chat.marks.list(ws, "deal", ["ad1"]);
    expect(mark?.kind).toBe("done");
  });

  it("snoozes until a typed date, at the start of that day in the person's zone, and refuses a bad date", async () => {
    const rep = await as("UREP", "a.rep@example.com", "Europe/Berlin");
    const submit = (until: string) =>
      core.submitForm({
        ...rep,
        formId: SNOOZE_FORM_ID,
        state: JSON.stringify({ recordType: "task", recordId: "at1" }),
        values: { until },
      });
    expect(await submit("2026-02-30")).toEqual({
      ok: false,
      errors: { until: '"2026-02-30" is not a date (YYYY-MM-DD, e.g. 2026-12-31)' },
    });
    expect(await submit("2026-06-01")).toEqual({ ok: false, errors: { until: "2026-06-01 is not in the future" } });
    const done = await submit("2026-06-20");
    expect(done.ok).toBe(true);
    const [mark] = await db.stores.chat.marks.list(ws, "task", ["at1"]);
    expect(mark).toMatchObject({ kind: "snooze", until: Date.parse("2026-06-19T22:00:00Z") });
  });

  it("Not mine hides the item and asks the admins, naming who said it", async () => {
    await as("UADMIN", "admin@example.com");
    const rep = await as("UREP", "a.rep@example.com");
    await press(rep, button("record.not-mine", "Not mine", { recordType: "task", recordId: "at1" }));
    const [mark] = await db.stores.chat.marks.list(ws, "task", ["at1"]);
    expect(mark?.kind).toBe("not-mine");
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.target).toEqual({ kind: "user", platform: "slack", tenantId: "T1", userId: "UADMIN" });
    expect(delivered[0]!.message.text).toBe(
      'UREP says the task "a Call back about renewal" (`at1`) is not theirs: please reassign it in the CRM.',
    );
    // Someone who may not mark it asks nobody.
    delivered = [];
    await press(
      await as("UBOSS", "a.boss@example.com"),
      button("record.not-mine", "Not mine", { recordType: "deal", recordId: "ad1" }),
    );
    expect(delivered).toEqual([]);
  });
});
