/** `kpi [period]` and `plan` through the chat core, on a real SQLite database. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createChatCore } from "../../../src/chat-core.js";
import type { ChatCore, CommandRequest, Responder } from "../../../src/core/commands/types.js";
import { kpiConfigSchema } from "../../../src/core/kpis/config.js";
import type { Message } from "../../../src/core/messages/model.js";
import type { Database } from "../../../src/db/database.js";
import { writeSnapshotAt } from "../../../src/db/stores/kpi-snapshots.js";
import { silentLogger } from "../../../src/logger.js";
import { freshDatabase } from "../../helpers/db.js";
import { seedWorkspace, T0 } from "./seed.js";
import { createTestAuditService, TEST_CHECKS } from "./test-audit.js";

let db: Database;
let audit: ReturnType<typeof createTestAuditService>;

function core(kpiConfig: unknown = null): ChatCore {
  return createChatCore({
    db,
    audit,
    logger: silentLogger,
    adminUserIds: { slack: [], teams: [] },
    checks: TEST_CHECKS,
    consoleWorkspaceId: "local-ws",
    now: () => T0,
    kpiSettings: { config: kpiConfig === null ? null : kpiConfigSchema.parse(kpiConfig), systemUsers: [] },
  });
}

beforeEach(() => {
  db = freshDatabase("chat-kpi-plan");
  audit = createTestAuditService(db, T0);
  seedWorkspace(db, "local-ws", "a");
});
afterEach(async () => {
  await db.close();
});

async function ask(chat: ChatCore, text: string): Promise<Message[]> {
  const sent: Message[] = [];
  const responder: Responder = {
    reply: async (m) => void sent.push(m),
    update: async (m) => void sent.push(m),
  };
  const actor = await chat.identify({
    platform: "console",
    tenantId: "local",
    userId: "me",
    email: null,
    displayName: "Me",
    platformAdmin: false,
  });
  const request: CommandRequest = {
    workspaceId: await chat.resolveWorkspace("console", "local"),
    actor,
    conversation: { id: "console", kind: "personal" },
    text,
  };
  await chat.handleCommand(request, responder);
  return sent;
}

const json = (messages: Message[]) => JSON.stringify(messages);

describe("kpi in chat", () => {
  it("shows the last complete month with the previous one, and why a KPI is not measured", async () => {
    // T0 is 2026-06-15: the default period is May 2026, compared with April.
    const [message] = await ask(core(), "kpi");
    expect(message!.visibility).toBe("private");
    expect(message!.blocks[0]).toEqual({ type: "heading", text: "KPIs 2026-05" });
    const table = message!.blocks.find((b) => b.type === "table");
    expect(table).toMatchObject({ columns: ["KPI", "2026-05", "2026-04", "Change"] });
    expect(json([message!])).toContain("*CRM ROI*: not configured: the configuration file has no kpis.costs and gains");
    expect(json([message!])).toContain("*Customer retention*: not measured: no import snapshot covers the period");
  });

  it("measures retention from the workspace's snapshots and ROI from the configured inputs", async () => {
    db.sqlite.prepare(`UPDATE companies SET "lifecycleStage" = 'customer' WHERE "workspaceId" = 'local-ws'`).run();
    writeSnapshotAt(db.sqlite, "local-ws", Date.parse("2026-04-30T00:00:00Z"), 1);
    writeSnapshotAt(db.sqlite, "local-ws", Date.parse("2026-05-20T00:00:00Z"), 2);
    const [message] = await ask(
      core({ seats: 2, costs: { adminPerMonth: 100 }, gains: { hoursSavedPerUserMonth: 2, hourlyCost: 50 } }),
      "kpi 2026-05",
    );
    const table = message!.blocks.find((b) => b.type === "table") as { rows: string[][] };
    const row = (title: string) => table.rows.find((r) => r[0] === title)!;
    expect(row("Customer retention")[1]).toBe("100.0%");
    // cost 100, gain 2 seats × 2 h × 50 = 200: ROI 100%.
    expect(row("CRM ROI")[1]).toBe("100.0%");
  });

  it("answers a bad period or too many words with usage", async () => {
    for (const text of ["kpi 2026-13", "kpi last-month", "kpi 2026-05 extra"]) {
      const [message] = await ask(core(), text);
      expect(message!.text, text).toMatch(/Usage: \/crm-audit kpi \[period\]/);
    }
    const [bad] = await ask(core(), "kpi 2026-13");
    expect(bad!.text).toContain('"2026-13" is not a period: a month (2026-11), a quarter (2026-Q3) or a year (2026)');
  });
});

describe("plan in chat", () => {
  it("asks for a full audit first, then shows the plan of the latest full one", async () => {
    const chat = core();
    expect(json(await ask(chat, "plan"))).toContain("No audit yet");
    await ask(chat, "run task.overdue");
    expect(json(await ask(chat, "plan"))).toContain("No full audit yet: the latest run (#1) checked only task.overdue");
    await ask(chat, "run");
    const [message] = await ask(chat, "plan");
    expect(message!.blocks[0]).toEqual({ type: "heading", text: "Fix plan" });
    expect(json([message!])).toContain("From the full audit #2");
    const tables = message!.blocks.filter((b) => b.type === "table") as { caption?: string; rows: string[][] }[];
    const rows = tables.flatMap((t) => t.rows.map((r) => [t.caption, ...r]));
    // The seed: overdue tasks of "a Rep" and "a Boss", one contact of "a Rep" without email or phone.
    expect(rows.map((r) => [r[1], r[2], r[3], r[5]]).sort()).toEqual([
      ["contact.missing-email-and-phone", "1", "per-record", "a Rep (1)"],
      ["task.overdue", "2", "per-record", "a Boss (1), a Rep (1)"],
    ]);
  });

  it("answers extra words with usage", async () => {
    const [message] = await ask(core(), "plan now");
    expect(message!.text).toBe('unexpected "now". Usage: /crm-audit plan');
  });
});
