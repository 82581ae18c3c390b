/**
 * The `report` schedule kind through the scheduler: it posts the latest full audit's report as
 * a file for the channel (masked audience), posts nothing without an audit or when this
 * schedule already reported that audit, and runs an audit first with --fresh.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuditService } from "../../../../src/core/audit/types.js";
import type { Message } from "../../../../src/core/messages/model.js";
import { kpiConfigSchema, type KpiSettings } from "../../../../src/core/kpis/config.js";
import { createScheduler } from "../../../../src/core/schedules/scheduler.js";
import type { Database } from "../../../../src/db/database.js";
import { silentLogger } from "../../../../src/logger.js";
import { freshDatabase } from "../../../helpers/db.js";
import { seedWorkspace, T0 } from "../../commands/seed.js";
import { createTestAuditService } from "../../commands/test-audit.js";

const DAY = 86_400_000;
let db: Database;
let audit: AuditService;
let posts: Message[];

beforeEach(() => {
  db = freshDatabase("report-kind");
  seedWorkspace(db, "w1", "a");
  audit = createTestAuditService(db, T0);
  posts = [];
});
afterEach(async () => {
  await db.close();
});

function scheduler(now: number, kpiSettings?: KpiSettings) {
  return createScheduler({
    stores: db.stores.chat,
    audit,
    fileSettings: {},
    ...(kpiSettings ? { kpiSettings } : {}),
    logger: silentLogger,
    instanceId: "test",
    deliverer: { deliver: async (deliveries) => void posts.push(...deliveries.map((d) => d.message)) },
    now: () => now,
    createTimer: () => ({ stop: () => {} }),
    graceMs: 0,
  });
}

async function addReport(options: unknown) {
  const s = await db.stores.chat.schedules.add({
    workspaceId: "w1",
    kind: "report",
    cron: "0 8 * * 1",
    timeZone: "UTC",
    target: { platform: "slack", tenantId: "T1", conversationId: "C1" },
    options,
    createdBy: "Ann",
    createdAt: T0 - 60 * DAY,
  });
  return { workspaceId: "w1", id: s.id };
}

describe("the report schedule kind", () => {
  it("posts nothing before any audit, then the latest audit's report as a PDF for the channel, once", async () => {
    const schedule = await addReport({ fresh: false, always: false });
    expect(await scheduler(T0).fire(schedule, T0)).toBe("nothing to post");
    const run = await audit.run({ workspaceId: "w1", trigger: "cli" });
    expect(await scheduler(T0 + DAY).fire(schedule, T0 + DAY)).toBe("posted");
    const [post] = posts;
    expect(post!.visibility).toBe("channel");
    expect(post!.file).toMatchObject({
      kind: "report",
      format: "pdf",
      filename: `crm-audit-report-w1-run-${run.id}.pdf`,
    });
    expect(post!.file!.report.audience).toBe("channel");
    expect(post!.file!.report.record.runId).toBe(run.id);
    expect(JSON.stringify(post!.blocks)).toContain(`schedule #${schedule.id}`);
    // A week later without a new audit: the same report is not posted again.
    expect(await scheduler(T0 + 8 * DAY).fire(schedule, T0 + 8 * DAY)).toBe("nothing to post");
  });

  it("with --fresh runs a full audit first; with --always posts the same audit again", async () => {
    const fresh = await addReport({ fresh: true, always: false });
    expect(await scheduler(T0).fire(fresh, T0)).toBe("posted");
    expect((await audit.history("w1", 10)).length).toBe(1);
    const always = await addReport({ fresh: false, always: true });
    expect(await scheduler(T0 + DAY).fire(always, T0 + DAY)).toBe("posted");
    expect(await scheduler(T0 + 2 * DAY).fire(always, T0 + 2 * DAY)).toBe("posted");
    expect(posts.map((p) => p.file!.report.record.runId)).toEqual([1, 1, 1]);
  });

  it("carries the KPIs (with the configuration's ROI inputs), the fix plan and the survey section", async () => {
    await audit.run({ workspaceId: "w1", trigger: "cli" });
    const schedule = await addReport({ fresh: false, always: true });
    const roi = (p: Message) => p.file!.report.kpis!.rows.find((r) => r.name.includes("ROI"))!.value;
    expect(await scheduler(T0 + DAY).fire(schedule, T0 + DAY)).toBe("posted");
    expect(roi(posts[0]!)).toMatch(/^not configured/);
    const config = kpiConfigSchema.parse({
      seats: 2,
      costs: { licencePerSeatMonth: 50 },
      gains: { hoursSavedPerUserMonth: 2, hourlyCost: 40 },
    });
    expect(await scheduler(T0 + 2 * DAY, { config, systemUsers: [] }).fire(schedule, T0 + 2 * DAY)).toBe("posted");
    const report = posts[1]!.file!.report;
    expect(roi(posts[1]!)).not.toMatch(/^not configured/);
    expect(report.plan!.items.length).toBeGreaterThan(0);
    expect(report.plan!.note).toContain("From the full audit #1");
    expect(report.surveys).toBeUndefined();
  });
});
