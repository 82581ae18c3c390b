/**
 * `report` and `chart` through the real chat core and audit engine: in a channel the report
 * (attached as a file) and the chart are masked, in a personal chat the report is the asker's
 * own copy in full; bad arguments get usage help.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChatCore } from "../../../src/chat-core.js";
import { createAuditService } from "../../../src/core/audit/service.js";
import { CHECKS } from "../../../src/core/checks/registry.js";
import type { ChatCore, CommandRequest, Responder } from "../../../src/core/commands/types.js";
import type { Message } from "../../../src/core/messages/model.js";
import type { Database } from "../../../src/db/database.js";
import { silentLogger } from "../../../src/logger.js";
import { freshDatabase } from "../../helpers/db.js";
import { seedWorkspace, T0 } from "./seed.js";

let db: Database;
let core: ChatCore;
let audit: ReturnType<typeof createAuditService>;

beforeAll(async () => {
  db = freshDatabase("report-chart");
  audit = createAuditService(db.stores, { logger: silentLogger });
  core = createChatCore({
    db,
    audit,
    logger: silentLogger,
    adminUserIds: { slack: [], teams: [] },
    checks: CHECKS,
    now: () => T0,
  });
  const workspaceId = await core.resolveWorkspace("slack", "T1");
  seedWorkspace(db, workspaceId, "a");
  await audit.run({ workspaceId, asOf: T0 - 7 * 86_400_000, trigger: "cli" });
  await audit.run({ workspaceId, asOf: T0, trigger: "cli" });
  // A partial run is not the latest full audit and not a point of the trend.
  await audit.run({ workspaceId, asOf: T0, trigger: "cli", select: ["security"] });
});
afterAll(async () => {
  await audit.close();
  await db.close();
});

async function ask(text: string, kind: "personal" | "channel"): Promise<Message> {
  const workspaceId = await core.resolveWorkspace("slack", "T1");
  const actor = await core.identify({
    platform: "slack",
    tenantId: "T1",
    userId: "U1",
    email: null,
    displayName: "U1",
    platformAdmin: false,
  });
  const request: CommandRequest = { workspaceId, actor, conversation: { id: "C1", kind }, text };
  const sent: Message[] = [];
  const responder: Responder = { reply: async (m) => void sent.push(m), update: async (m) => void sent.push(m) };
  await core.handleCommand(request, responder);
  return sent.at(-1)!;
}

describe("report and chart in chat", () => {
  it("attaches the latest full audit's report, masked in a channel and in full in a personal chat", async () => {
    const shared = await ask("report", "channel");
    expect(shared.visibility).toBe("channel");
    expect(shared.file?.report.record.runId).toBe(2);
    expect(shared.file?.report.audience).toBe("channel");
    const sharedJson = JSON.stringify(shared);
    expect(sharedJson).not.toContain("ann.lee@");
    expect(sharedJson).toContain("•••@a-widgets.example");
    expect(sharedJson).not.toContain("7183 8750");

    const own = await ask("report", "personal");
    expect(own.visibility).toBe("private");
    expect(JSON.stringify(own.file?.report.findings)).toContain("ann.lee@a-widgets.example");
    expect(own.file?.report.charts.scoreTrend.labels).toHaveLength(2);
  });

  it("reports an older run by id and says when there is no such run", async () => {
    expect((await ask("report #1", "personal")).file?.report.record.runId).toBe(1);
    expect(JSON.stringify(await ask("report 99", "personal"))).toContain("There is no audit run #99");
    expect(JSON.stringify(await ask("report soon", "personal"))).toMatch(/must be a whole number/);
  });

  it("answers chart score with the spec, the numbers and a sparkline; an unknown chart gets usage help", async () => {
    const chart = await ask("chart score", "personal");
    const block = chart.blocks.find((b) => b.type === "chart");
    expect(block?.type === "chart" && block.chart.spec?.labels).toHaveLength(2);
    expect(chart.text).toMatch(/Overall: [▁▂▃▄▅▆▇█]{2} \d+(\.\d)? → \d+/);
    const categories = await ask("chart categories 5", "channel");
    expect(categories.visibility).toBe("channel");
    expect(categories.blocks.some((b) => b.type === "table")).toBe(true);
    const usage = JSON.stringify(await ask("chart pie", "personal"));
    expect(usage).toContain('no chart \\"pie\\"');
    expect(usage).toContain("chart score|categories|findings [n]");
  });
});
