/**
 * The three forms of a report from one hand-built model: optional sections render when present,
 * hostile text stays text (HTML escaped, Markdown cells intact), and the PDF's text layer holds
 * the KPI, plan and survey rows.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { AuditRunResult } from "../../src/core/audit/types.js";
import { distributionChart } from "../../src/core/charts/build.js";
import { buildReport } from "../../src/core/report/build.js";
import type { ReportModel } from "../../src/core/report/model.js";
import { renderReportHtml } from "../../src/render/report-html.js";
import { renderReportMarkdown } from "../../src/render/report-md.js";
import { renderReportPdf } from "../../src/render/report-pdf.js";
import { metricsWithCounts } from "../helpers/audit-metrics.js";
import { tempDir } from "../helpers/tmp.js";

const T = Date.UTC(2026, 5, 30, 12);
const HOSTILE = `<script>alert(1)</script> | 王 "x"`;

const run: AuditRunResult = {
  id: 7,
  workspaceId: "acme",
  asOf: T,
  startedAt: T + 1000,
  durationMs: 83_000,
  trigger: "slack",
  requestedBy: "Ann Lee",
  selection: null,
  scores: { overall: 81.4, categories: { "data-quality": 77, process: 90 }, notMeasured: ["usage"] },
  metrics: metricsWithCounts({
    users: 3,
    companies: 2,
    contacts: 40,
    deals: 0,
    tasks: 0,
    activities: 0,
    customer_feedback: 0,
  }),
  findings: [
    {
      checkId: "contact.invalid-email",
      title: "Contacts with an invalid email",
      category: "data-quality",
      severity: "high",
      entity: "contacts",
      shape: "records",
      count: 4,
      affected: ["c1", "c2", "c3", "c4"],
      why: "Mail bounces.",
      fix: "Correct them.",
    },
    {
      checkId: "user.inactive",
      title: "Inactive users",
      category: "usage",
      severity: "low",
      entity: "users",
      shape: "records",
      count: 0,
      affected: [],
      why: "x",
      fix: "y",
      status: "not-measured",
      reason: "the export carries no login dates",
    },
  ],
  changes: {
    previousRunId: 5,
    overallDelta: 3.2,
    categoryDeltas: { "data-quality": 4 },
    checks: [{ checkId: "contact.invalid-email", added: [], resolved: ["c9"], countDelta: -1 }],
  },
};

function model(sections: Partial<ReportModel> = {}): ReportModel {
  return buildReport({
    run,
    history: [
      { runId: 5, asOf: T - 7 * 86_400_000, overall: 78.2, categories: { "data-quality": 73, process: 90 } },
      { runId: 7, asOf: T, overall: 81.4, categories: { "data-quality": 77, process: 90 } },
    ],
    samples: new Map([["contact.invalid-email", [HOSTILE, "Bo Li (bo@@example)"]]]),
    audience: "private",
    generatedAt: T + 60_000,
    sections: {
      kpis: {
        period: "2026-Q2",
        rows: [{ name: "Win rate", value: "38%", previous: "31%", change: "+7 pts", formula: "won / closed deals" }],
      },
      plan: {
        items: [
          {
            checkId: "contact.invalid-email",
            title: "Contacts with an invalid email",
            horizon: "now",
            impact: "high",
            effort: "bulk fix",
            owners: ["Ann Lee"],
            expectedGain: "+2.1 points",
          },
        ],
      },
      surveys: {
        tables: [{ title: "CRM satisfaction", columns: ["Answer", "Count"], rows: [["Очень", "5"]] }],
        charts: [distributionChart({ id: "q1", question: "Useful?", counts: [{ answer: "Очень", count: 5 }] })],
      },
      ...sections,
    },
  });
}

describe("report rendering", () => {
  it("HTML: one file, every section present, hostile text escaped, the not-measured check named", async () => {
    const html = await renderReportHtml(model());
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("CRM health score: 81/100 (+3.2 since the previous full audit)");
    expect(html).toContain("<td>Win rate</td><td>38%</td><td>31%</td><td>+7 pts</td>");
    expect(html).toContain("+2.1 points");
    expect(html).toContain("the export carries no login dates");
    expect(html).toContain('data-chart="survey:q1"');
    expect(html).toContain("1 min 23 s");
  });

  it("Markdown: a pipe in a name stays in its cell; absent sections say they were not computed", () => {
    const md = renderReportMarkdown(model({ kpis: undefined, plan: undefined, surveys: undefined }));
    const row = md.split("\n").find((l) => l.includes("Contacts with an invalid email (contact.invalid-email)"))!;
    expect(row).toContain("\\|");
    expect(row.split(/(?<!\\)\|/).length).toBe(8);
    expect(md).toContain("Not computed in this report. KPIs");
    expect(md).toContain("Not computed in this report. The prioritised fix plan");
    expect(md).toContain("No survey yet.");
  });

  it("PDF: the text layer holds the score, a KPI, a plan item, a Cyrillic survey answer and a CJK sample", async () => {
    const file = path.join(tempDir("report-pdf"), "r.pdf");
    fs.writeFileSync(file, await renderReportPdf(model()));
    const text = spawnSync("pdftotext", [file, "-"], { encoding: "utf8" }).stdout;
    for (const expected of ["81/100", "Win rate", "38%", "+2.1 points", "Очень", "王", "Audit record", "Ann Lee"]) {
      expect(text).toContain(expected);
    }
  });
});
