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
import { surveyWithRound } from "../../helpers/surveys.js";
import { seedWorkspace, T0 } from "./seed.js";

const DAY = 86_400_000;

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
    // The computed sections: KPIs of May (the last complete month before the as-of), the plan
    // of run #2, no survey yet (the survey tests below come later).
    expect(own.file?.report.kpis?.period).toBe("2026-05, compared with 2026-04");
    expect(own.file?.report.plan?.note).toContain("From the full audit #2");
    expect(own.file?.report.plan?.items.length).toBeGreaterThan(0);
    expect(own.file?.report.surveys).toBeUndefined();
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

  it("draws a KPI by month: the last complete months before now, a month not measured a gap", async () => {
    const workspaceId = await core.resolveWorkspace("slack", "T1");
    const deal = db.sqlite.prepare(
      `INSERT INTO deals ("workspaceId", id, name, stage, status, "createdAt", "updatedAt", "closedAt") VALUES (?, ?, ?, 's', ?, ?, ?, ?)`,
    );
    // April: one won of one closed; May: none won of one closed; March: nothing closed.
    deal.run(
      workspaceId,
      "kw1",
      "Won in April",
      "won",
      T0 - 120 * DAY,
      T0 - 60 * DAY,
      Date.parse("2026-04-10T12:00:00Z"),
    );
    deal.run(
      workspaceId,
      "kl1",
      "Lost in May",
      "lost",
      T0 - 120 * DAY,
      T0 - 30 * DAY,
      Date.parse("2026-05-10T12:00:00Z"),
    );
    const chart = await ask("chart kpi win-rate 3", "channel");
    expect(chart.visibility).toBe("channel");
    const block = chart.blocks.find((b) => b.type === "chart");
    const spec = block?.type === "chart" ? block.chart.spec : undefined;
    expect(spec?.id).toBe("kpi:win-rate");
    expect(spec?.labels).toEqual(["2026-03", "2026-04", "2026-05"]);
    expect(spec?.series[0]!.values).toEqual([null, 100, 0]);
    expect(spec?.altText).toContain("1 periods not measured");
    // The block's own fallback (Slack text, Teams facts) leaves March out instead of showing 0;
    // the table says "—" for it.
    expect(block?.type === "chart" && block.chart.labels).toEqual(["2026-04", "2026-05"]);
    expect(block?.type === "chart" && block.chart.values).toEqual([100, 0]);
    const table = chart.blocks.find((b) => b.type === "table");
    expect(table?.type === "table" && table.rows[0]).toEqual(["2026-03", "—"]);
    expect(chart.text).toContain("Win rate");
    // Twelve months unless told.
    const year = (await ask("chart kpi WIN-RATE", "personal")).blocks.find((b) => b.type === "chart");
    expect(year?.type === "chart" && year.chart.spec?.labels).toHaveLength(12);
  });

  it("draws a survey's latest round per question, leaving withheld questions out", async () => {
    const workspaceId = await core.resolveWorkspace("slack", "T1");
    const rating = (n: number, marketing?: number) => ({
      customer_data: n,
      sales: n,
      ...(marketing === undefined ? {} : { marketing }),
      service: 3,
      analytics: 4,
      usability: n,
      integration: 2,
      extensibility: 3,
      support: 4,
      cost: 3,
    });
    // Only one of three rated marketing: that question is withheld (minimum group 3).
    const named = await surveyWithRound(db.stores.chat.surveys, {
      workspaceId,
      template: "crm-fitness",
      anonymous: false,
      answers: [rating(5, 1), rating(4), rating(5)],
      closedAt: T0 - DAY,
      startedAt: T0 - 3 * DAY,
    });
    const message = await ask(`chart survey ${named.id}`, "personal");
    const specs = message.blocks.flatMap((b) => (b.type === "chart" && b.chart.spec ? [b.chart.spec] : []));
    expect(specs).toHaveLength(9);
    expect(specs.map((s) => s.title)).not.toContain(expect.stringMatching(/marketing/i));
    const sales = specs.find((s) => s.id === `survey:${named.id}-sales`)!;
    expect(sales.series[0]!.values).toEqual([0, 0, 0, 1, 2]);
    expect(JSON.stringify(message)).toContain("1 question withheld (fewer than 3 answers)");

    // An anonymous round still open shows nothing yet, with the reason `survey results` gives.
    const open = await surveyWithRound(db.stores.chat.surveys, {
      workspaceId,
      template: "crm-usage",
      anonymous: true,
      answers: [{ frequency: "rarely_or_never" }, { frequency: "rarely_or_never" }, { frequency: "rarely_or_never" }],
      closedAt: null,
      startedAt: T0 - DAY,
    });
    const withheld = await ask(`chart survey #${open.id}`, "personal");
    expect(withheld.blocks.some((b) => b.type === "chart")).toBe(false);
    expect(JSON.stringify(withheld)).toContain("shown once it closes");
  });

  it("answers a bad kpi or survey chart with usage help", async () => {
    const text = async (t: string) => JSON.stringify(await ask(t, "personal"));
    expect(await text("chart kpi")).toContain("which KPI? customer-retention");
    expect(await text("chart kpi churn")).toContain('no KPI \\"churn\\"');
    expect(await text("chart kpi win-rate 61")).toContain("must be at most 60");
    expect(await text("chart kpi win-rate 3 4")).toContain('unexpected \\"4\\"');
    expect(await text("chart survey")).toContain("which survey?");
    expect(await text("chart survey x")).toContain("must be a whole number (survey id)");
    expect(await text("chart survey 999")).toContain("There is no survey #999 in this workspace.");
    // Another workspace's survey is not this workspace's to chart.
    db.sqlite.prepare(`INSERT OR IGNORE INTO workspaces (id, name) VALUES ('other', 'other')`).run();
    const theirs = await surveyWithRound(db.stores.chat.surveys, {
      workspaceId: "other",
      template: "crm-usage",
      anonymous: false,
      answers: [{ frequency: "rarely_or_never" }, { frequency: "rarely_or_never" }, { frequency: "rarely_or_never" }],
      closedAt: T0 - DAY,
      startedAt: T0 - 2 * DAY,
    });
    const answer = await text(`chart survey ${theirs.id}`);
    expect(answer).toContain(`There is no survey #${theirs.id} in this workspace.`);
    expect(answer).not.toContain("Rarely or never");
    for (const form of ["chart kpi <kpi> [periods]", "chart survey <id>"])
      expect(await text("chart kpi")).toContain(form);
  });
});
