import { describe, expect, it } from "vitest";
import type { AuditRunResult, FindingResult } from "../../../src/core/audit/types.js";
import { parseActionValue } from "../../../src/core/commands/actions.js";
import {
  auditSummaryMessage,
  findingRecordsMessage,
  findingsListMessage,
  historyMessage,
  SUMMARY_FINDINGS,
} from "../../../src/core/messages/audit.js";
import { configMessage } from "../../../src/core/messages/config.js";
import { helpMessage, usageMessage } from "../../../src/core/messages/help.js";
import { COMMANDS } from "../../../src/core/commands/registry.js";
import type { Block, Button, Message } from "../../../src/core/messages/model.js";
import { homeMessage, overdueMessage } from "../../../src/core/messages/personal.js";
import { metricsWithCounts } from "../../helpers/audit-metrics.js";

const T = Date.parse("2026-06-15T12:00:00Z");

function finding(i: number, count: number, shape: "records" | "groups" = "records"): FindingResult {
  const affected =
    shape === "groups"
      ? Array.from({ length: count }, (_, g) => [`c${g}a`, `c${g}b`])
      : Array.from({ length: count }, (_, r) => `c${String(r).padStart(6, "0")}`);
  return {
    checkId: `contact.check-${i}`,
    title: `Check number ${i}`,
    category: "data-quality",
    severity: (["low", "medium", "high", "critical"] as const)[i % 4]!,
    entity: "contacts",
    shape,
    count,
    affected,
    why: "Because it matters.",
    fix: "Fix it ".repeat(100),
  };
}

function run(findings: FindingResult[], previous = false): AuditRunResult {
  return {
    id: 7,
    workspaceId: "w",
    asOf: T,
    startedAt: T,
    durationMs: 1234,
    trigger: "console",
    requestedBy: "ann",
    selection: null,
    scores: { overall: 71.6, categories: { "data-quality": 60, process: 90 } },
    metrics: metricsWithCounts({
      users: 10,
      companies: 20,
      contacts: 300,
      deals: 40,
      tasks: 50,
      activities: 60,
      customer_feedback: 0,
    }),
    findings,
    changes: previous
      ? {
          previousRunId: 6,
          overallDelta: 3.2,
          categoryDeltas: { process: -5 },
          checks: [{ checkId: "contact.check-1", added: ["x", "y"], resolved: ["z"], countDelta: 1 }],
        }
      : null,
  };
}

/** The limits every surface must live with (Slack's are the tightest). */
function expectCompact(message: Message): void {
  expect(message.blocks.length).toBeLessThanOrEqual(50);
  const buttons: Button[] = [];
  const check = (b: Block) => {
    if (b.type === "heading") expect(b.text.length).toBeLessThanOrEqual(150);
    if (b.type === "text" || b.type === "context") expect(b.text.length).toBeLessThanOrEqual(3000);
    if (b.type === "findings") {
      expect(JSON.stringify(b.items).length).toBeLessThanOrEqual(3000 * b.items.length);
      for (const item of b.items) if (item.button) buttons.push(item.button);
    }
    if (b.type === "table") expect(b.rows.length).toBeLessThanOrEqual(30);
    if (b.type === "actions") buttons.push(...b.buttons);
  };
  message.blocks.forEach(check);
  for (const b of buttons) {
    expect(b.label.length).toBeLessThanOrEqual(75);
    expect(b.value.length).toBeLessThanOrEqual(2000);
    expect(parseActionValue(b.actionId, b.value)).not.toBeNull();
  }
}

describe("message builders", () => {
  it("summarises a run: score, delta, category scores, worst findings first, show-more beyond the limit", () => {
    const findings = Array.from({ length: 25 }, (_, i) => finding(i, 1000 + i));
    findings.push({ ...finding(99, 0), affected: [] });
    const samples = new Map([["contact.check-3", ["Ann Lee (ann@example.com)", "Bob", "Cy", "Dee"]]]);
    const message = auditSummaryMessage(run(findings, true), samples, { visibility: "private" });
    expectCompact(message);
    expect(message.text).toContain("72/100");
    // The score block shows the score; the heading does not repeat it.
    expect(message.blocks[0]).toEqual({ type: "heading", text: "CRM audit" });
    const score = message.blocks.find((b) => b.type === "score");
    expect(score).toMatchObject({ value: 72, delta: 3.2 });
    const fields = message.blocks.find((b) => b.type === "fields");
    expect(JSON.stringify(fields)).toContain("Process");
    expect(JSON.stringify(fields)).toContain("−5");
    const list = message.blocks.find((b) => b.type === "findings");
    if (list?.type !== "findings") throw new Error("no findings block");
    expect(list.items).toHaveLength(SUMMARY_FINDINGS);
    expect(list.items[0]!.severity).toBe("critical");
    expect(list.items.find((i) => i.checkId === "contact.check-3")?.samples).toHaveLength(3);
    expect(list.items.find((i) => i.checkId === "contact.check-1")).toBeUndefined(); // low severity falls off
    const actions = message.blocks.find((b) => b.type === "actions");
    expect(JSON.stringify(actions)).toContain("Show all 25 findings");
    expect(JSON.stringify(message)).toContain("2 new issues, 1 fixed issue");
  });

  it("names the checks that were not measured, with why, and a category without a score", () => {
    const unmeasured: FindingResult = {
      ...finding(1, 0),
      checkId: "user.inactive",
      category: "usage",
      status: "not-measured",
      reason: "HubSpot exports carry no login dates",
    };
    const r = {
      ...run([finding(2, 3), unmeasured]),
      scores: { overall: 71.6, categories: {}, notMeasured: ["usage" as const] },
    };
    const summary = auditSummaryMessage(r, new Map(), { visibility: "channel" });
    const text = JSON.stringify(summary);
    expect(text).toContain(
      "Not measured, so left out of the score: user.inactive (HubSpot exports carry no login dates).",
    );
    expect(summary.blocks).toContainEqual({ type: "fields", fields: [{ label: "Usage", value: "not measured" }] });
    const records = findingRecordsMessage(r, unmeasured, 0, { entity: "users", columns: ["Name"], rows: [] });
    expect(JSON.stringify(records)).toContain("Not measured: HubSpot exports carry no login dates.");
    const none = auditSummaryMessage(
      { ...r, findings: [unmeasured], scores: { overall: 100, categories: {}, notMeasured: ["usage"] } },
      new Map(),
      { visibility: "channel" },
    );
    expect(none.blocks[0]).toEqual({ type: "heading", text: "CRM audit" });
    expect(none.blocks[1]).toEqual({
      type: "text",
      text: "CRM health score: not measured (no check could be measured on this data).",
    });
    expect(none.blocks.some((b) => b.type === "score")).toBe(false);
    const list = findingsListMessage(r, 0, new Map());
    expect(JSON.stringify(list)).toContain("user.inactive (HubSpot exports carry no login dates)");
  });

  it("says so on the first audit and when nothing was found", () => {
    const message = auditSummaryMessage(run([]), new Map(), { visibility: "channel" });
    expect(message.visibility).toBe("channel");
    expect(JSON.stringify(message)).toContain("First audit of this workspace");
    expect(message.blocks.some((b) => b.type === "findings")).toBe(false);
  });

  it("pages the findings list with a Show more button that carries the next offset", () => {
    const r = run(Array.from({ length: 25 }, (_, i) => finding(i, 5)));
    const first = findingsListMessage(r, 0, new Map());
    expectCompact(first);
    const more = first.blocks.find((b) => b.type === "actions");
    if (more?.type !== "actions") throw new Error("no show more");
    expect(parseActionValue(more.buttons[0]!.actionId, more.buttons[0]!.value)).toEqual({
      actionId: "findings.list",
      value: { runId: 7, offset: 10 },
    });
    const last = findingsListMessage(r, 20, new Map());
    const back = last.blocks.find((b) => b.type === "actions");
    if (back?.type !== "actions") throw new Error("no previous");
    // The last page can go back (in place), not forward.
    expect(back.buttons.map((b) => [b.label, parseActionValue(b.actionId, b.value)?.value])).toEqual([
      ["Previous", { runId: 7, offset: 10, back: true }],
    ]);
  });

  it("shows a page of records with Previous and Next page buttons, and duplicate groups numbered", () => {
    const f = finding(1, 25);
    const records = {
      entity: "contacts" as const,
      columns: ["Name", "Email"],
      rows: Array.from({ length: 10 }, (_, i) => ({
        id: `r${i}`,
        label: `R${i}`,
        cells: [`Name ${i}`, `r${i}@x.example`],
      })),
    };
    const page = findingRecordsMessage(run([f]), f, 0, records);
    expectCompact(page);
    expect(JSON.stringify(page)).toContain("Page 1 of 3");
    const next = page.blocks.find((b) => b.type === "actions");
    expect(next?.type === "actions" && parseActionValue(next.buttons[0]!.actionId, next.buttons[0]!.value)).toEqual({
      actionId: "findings.records",
      value: { runId: 7, checkId: "contact.check-1", page: 1 },
    });
    const lastPage = findingRecordsMessage(run([f]), f, 2, records);
    const back = lastPage.blocks.find((b) => b.type === "actions");
    expect(
      back?.type === "actions" && back.buttons.map((b) => [b.label, parseActionValue(b.actionId, b.value)?.value]),
    ).toEqual([["Previous page", { runId: 7, checkId: "contact.check-1", page: 1, back: true }]]);
    const middle = findingRecordsMessage(run([f]), f, 1, records).blocks.find((b) => b.type === "actions");
    expect(middle?.type === "actions" && middle.buttons.map((b) => b.label)).toEqual(["Previous page", "Next page"]);
    // Past the last page the records still exist: say how many pages there are, not "re-imported".
    const beyond = findingRecordsMessage(run([f]), f, 8, { ...records, rows: [] });
    expect(JSON.stringify(beyond)).toContain("There are only 3 pages of 25 records");
    expect(JSON.stringify(beyond)).toContain("/crm-audit findings contact.check-1 3");
    expect(JSON.stringify(beyond)).not.toContain("no longer stored");
    expect(beyond.text).toBe("Check number 1: only 3 pages");
    const groups = finding(2, 3, "groups");
    const grouped = findingRecordsMessage(run([groups]), groups, 0, records, new Map([["r0", 1]]));
    const table = grouped.blocks.find((b) => b.type === "table");
    expect(table?.type === "table" && table.columns[0]).toBe("Group");
    expect(table?.type === "table" && table.rows[0]![0]).toBe("1");
  });

  it("lists history oldest first with score changes, in the order of its chart", () => {
    const runs = [3, 2, 1].map((id) => ({
      id,
      asOf: T + id,
      startedAt: T,
      durationMs: 1,
      trigger: "schedule",
      requestedBy: null,
      selection: null,
      overall: 60 + id * 5,
      findingCount: 10 - id,
    }));
    const message = historyMessage(runs);
    const table = message.blocks.find((b) => b.type === "table");
    expect(table?.type === "table" && table.rows.map((r) => r[2])).toEqual(["65", "70 +5", "75 +5"]);
    const chart = message.blocks.find((b) => b.type === "chart");
    expect(chart?.type === "chart" && chart.chart.values).toEqual([65, 70, 75]);
    expect(chart?.type === "chart" && chart.chart.labels).toEqual(
      table?.type === "table" && table.rows.map((r) => r[0]),
    );
    expect(JSON.stringify(historyMessage([]))).toContain("No audits yet");
  });

  it("lists overdue tasks and deals, each with its own compact actions, counts matching what is shown", () => {
    const tasks = Array.from({ length: 12 }, (_, i) => ({
      id: `t${i}`,
      subject: `Task ${i} with a subject long enough to run past a button's edge`,
      dueAt: T - (i + 1) * 86_400_000,
      relatedTo: "Acme",
    }));
    const deals = [
      {
        id: "d1",
        name: "Renewal",
        stage: "proposal",
        expectedCloseDate: T - 86_400_000,
        lastActivityAt: null,
        reasons: ["deal.past-close-date", "deal.no-recent-activity"],
      },
    ];
    const message = overdueMessage({ id: "u1", name: "Ann" }, tasks, deals, T, 0, {
      done: 2,
      snooze: 1,
      "not-mine": 0,
    });
    expectCompact(message);
    expect(message.text).toBe("Ann: 12 overdue tasks, 1 deal needing attention");
    const text = JSON.stringify(message);
    expect(text).toContain("1 d late");
    expect(text).toContain("past close date, no recent activity");
    expect(text).toContain("2 marked done in chat, not yet closed in the CRM · 1 snoozed");
    const tables = message.blocks.filter((b) => b.type === "table");
    expect(tables.map((t) => t.type === "table" && t.caption)).toEqual(["Tasks 1–5 of 12", "Deals"]);
    const actionSets = message.blocks.filter((b) => b.type === "actions");
    // One action set per listed item (5 tasks, 1 deal), then "Show more".
    expect(actionSets).toHaveLength(7);
    const labels = actionSets.flatMap((b) => (b.type === "actions" ? b.buttons.map((x) => x.label) : []));
    expect(labels.slice(0, 4)).toEqual(["Done #1", "Snooze 1 d #1", "Snooze 1 wk #1", "Not mine #1"]);
    expect(labels.slice(20, 23)).toEqual(["Snooze 1 d #6", "Snooze 1 wk #6", "Not mine #6"]);
    expect(labels.at(-1)).toBe("Show more");
    expect(Math.max(...labels.map((l) => l.length))).toBeLessThanOrEqual(16);
    expect(JSON.stringify(overdueMessage({ id: "u1", name: "Ann" }, [], [], T))).toContain("Nothing overdue");
  });

  it("shows tasks due the same day as equally late, counting calendar days like the Due column", () => {
    // T is 12:00 UTC; both tasks were due on 2026-05-20, one in the morning, one in the evening.
    const tasks = ["2026-05-20T08:00:00Z", "2026-05-20T20:00:00Z", "2026-06-15T09:00:00Z"].map((due, i) => ({
      id: `t${i}`,
      subject: `Task ${i}`,
      dueAt: Date.parse(due),
      relatedTo: null,
    }));
    const table = overdueMessage({ id: "u1", name: "Ann" }, tasks, [], T).blocks.find((b) => b.type === "table");
    expect(table?.type === "table" && table.rows.map((r) => [r[3], r[4]])).toEqual([
      ["2026-05-20", "26 d late"],
      ["2026-05-20", "26 d late"],
      ["2026-06-15", "today"],
    ]);
  });

  it("builds the home view with and without an audit and a linked CRM user", () => {
    const withRun = homeMessage({
      latest: run([finding(1, 2)]),
      viewer: { id: "u1", name: "Ann" },
      tasks: [],
      deals: [],
      now: T,
    });
    expectCompact(withRun);
    const labels = JSON.stringify(withRun.blocks.filter((b) => b.type === "actions"));
    expect(labels).toContain("Run audit");
    expect(labels).toContain("Open findings");
    expect(withRun.blocks.find((b) => b.type === "score")).toMatchObject({ value: 72 });
    const empty = homeMessage({ latest: null, viewer: null, tasks: [], deals: [], now: T });
    expect(JSON.stringify(empty)).toContain("No audit has run yet");
    expect(JSON.stringify(empty)).toContain("not linked to a CRM user");
    expect(JSON.stringify(empty)).not.toContain("Open findings");
  });

  it("shows help, usage errors and the config view (form only for admins)", () => {
    expect(JSON.stringify(helpMessage(COMMANDS.map((c) => c.meta)))).toContain("/crm-audit overdue [@user|email|name]");
    const usage = usageMessage('unknown command "x"', "/crm-audit help");
    expect(usage.visibility).toBe("private");
    expect(usage.text).toContain('unknown command "x"');
    const configs = [
      {
        meta: {
          ...finding(1, 0),
          id: "contact.stale",
          severity: "low" as const,
          entity: "contacts" as const,
          effort: "per-record" as const,
          docs: "docs/checks.md#contactstale",
        },
        enabled: false,
        severity: "low",
        thresholds: { days: 180, other: 3 },
        overridden: ["days"],
      },
    ];
    const asAdmin = configMessage(configs, true);
    expect(JSON.stringify(asAdmin)).toContain("days=180*, other=3");
    expect(asAdmin.blocks.some((b) => b.type === "form")).toBe(true);
    expect(configMessage(configs, false).blocks.some((b) => b.type === "form")).toBe(false);
  });
});
