/** `schedule …` through the chat core on a real SQLite file: admins change, anyone lists, bad parts named. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createChatCore } from "../../../src/chat-core.js";
import { CHECKS } from "../../../src/core/checks/registry.js";
import type { ChatCore, CommandRequest } from "../../../src/core/commands/types.js";
import type { Message } from "../../../src/core/messages/model.js";
import type { Database } from "../../../src/db/database.js";
import { silentLogger } from "../../../src/logger.js";
import { freshDatabase } from "../../helpers/db.js";
import { createTestAuditService } from "./test-audit.js";

const NOW = Date.parse("2026-12-02T12:00:00Z"); // a Wednesday
let db: Database;
let core: ChatCore;
let ws: string;

beforeEach(async () => {
  db = freshDatabase("schedule-command");
  core = createChatCore({
    db,
    audit: createTestAuditService(db, NOW),
    logger: silentLogger,
    adminUserIds: { slack: ["UADMIN"], teams: [] },
    checks: CHECKS,
    now: () => NOW,
  });
  ws = await core.resolveWorkspace("slack", "T1");
});
afterEach(async () => {
  await db.close();
});

async function say(userId: string, text: string): Promise<Message> {
  const actor = await core.identify({
    platform: "slack",
    tenantId: "T1",
    userId,
    email: null,
    displayName: userId,
    platformAdmin: false,
  });
  const request: CommandRequest = { workspaceId: ws, actor, conversation: { id: "C42", kind: "channel" }, text };
  const sent: Message[] = [];
  await core.handleCommand(request, { reply: async (m) => void sent.push(m), update: async (m) => void sent.push(m) });
  return sent[sent.length - 1]!;
}
const json = (m: Message) => JSON.stringify(m);

describe("schedule", () => {
  it("adds a weekly audit for this channel and answers with the summary and the next three fires", async () => {
    const added = await say(
      "UADMIN",
      'schedule add audit "0 8 * * 1" --tz Europe/Berlin --channel here --categories process',
    );
    expect(added.text).toBe("Schedule #1 added: audit every Monday at 08:00 Europe/Berlin, posting to Slack <#C42>.");
    expect(json(added)).toContain("Next: Mon 2026-12-07 08:00 CET; Mon 2026-12-14 08:00 CET; Mon 2026-12-21 08:00 CET");
    const [stored] = await db.stores.chat.schedules.list(ws);
    expect(stored).toMatchObject({
      kind: "audit",
      cron: "0 8 * * 1",
      timeZone: "Europe/Berlin",
      target: { platform: "slack", tenantId: "T1", conversationId: "C42" },
      options: { categories: ["process"], always: false },
      createdBy: "UADMIN",
    });
    // Anyone may list; the list shows the summary and the next fire.
    const list = await say("U1", "schedule list");
    expect(json(list)).toContain("every Monday at 08:00 Europe/Berlin");
    expect(json(list)).toContain("Mon 2026-12-07 08:00 CET");
    expect(json(list)).toContain("--categories process");
  });

  it("adds a weekday digest with --always, and refuses an audit option for it", async () => {
    const added = await say("UADMIN", 'schedule add digest "0 9 * * 1-5" --tz Europe/Berlin --always');
    expect(added.text).toContain("Schedule #1 added: digest every weekday");
    const [stored] = await db.stores.chat.schedules.list(ws);
    expect(stored).toMatchObject({ kind: "digest", options: { always: true } });
    const bad = await say("UADMIN", 'schedule add digest "0 9 * * 1-5" --tz UTC --categories process');
    expect(bad.text).toContain("option: --categories is not an option of digest");
    expect(await db.stores.chat.schedules.list(ws)).toHaveLength(1);
  });

  it("refuses changes from someone who is not an admin", async () => {
    const refused = await say("U1", 'schedule add audit "0 8 * * 1" --tz UTC');
    expect(json(refused)).toContain("Only admins can change schedules.");
    expect(await db.stores.chat.schedules.list(ws)).toEqual([]);
  });

  it("names the bad part of an add in a usage message", async () => {
    expect(json(await say("UADMIN", 'schedule add audit "0 8 * * 9" --tz UTC'))).toContain(
      'cron expression: the day of week \\"9\\"',
    );
    expect(json(await say("UADMIN", 'schedule add audit "0 8 * * 1" --tz Europe/Paris-ish'))).toContain(
      'time zone: \\"Europe/Paris-ish\\" is not an IANA time zone name',
    );
    expect(json(await say("UADMIN", 'schedule add weekly "0 8 * * 1" --tz UTC'))).toContain(
      'kind: \\"weekly\\" is not a schedule kind (audit, digest, reminders)',
    );
    expect(await db.stores.chat.schedules.list(ws)).toEqual([]);
  });

  it("pauses, resumes, shows history and removes by id", async () => {
    await say("UADMIN", 'schedule add audit "*/15 * * * *" --tz UTC');
    expect((await say("UADMIN", "schedule pause 1")).text).toContain("Schedule #1 paused");
    expect((await db.stores.chat.schedules.get(ws, 1))?.paused).toBe(true);
    expect(json(await say("U1", "schedule list"))).toContain("paused");
    expect((await say("UADMIN", "schedule pause 1")).text).toBe("Schedule #1 is already paused.");
    expect((await say("UADMIN", "schedule resume 1")).text).toBe("Schedule #1 resumed.");
    expect((await say("U1", "schedule history 1")).text).toBe("Schedule #1 has not fired yet.");
    expect((await say("UADMIN", "schedule remove 1")).text).toBe("Schedule #1 (audit) removed.");
    expect((await say("UADMIN", "schedule remove 1")).text).toBe("There is no schedule #1 in this workspace.");
  });
});
