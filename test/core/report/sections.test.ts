/**
 * The report's KPI, plan and survey sections on a constructed workspace in a real SQLite file:
 * two imports (so retention is measured across their snapshots), a full audit and a closed
 * fitness survey. Each of the three forms carries the KPI rows, the plan items and the survey
 * tables (the PDF read back with pdftotext); a workspace without surveys says "No survey yet.";
 * an anonymous round under the minimum group is withheld in the report as in `survey results`.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAuditService } from "../../../src/core/audit/service.js";
import { importBundle } from "../../../src/core/import/index.js";
import { NO_KPI_SETTINGS } from "../../../src/core/kpis/config.js";
import { loadReport } from "../../../src/core/report/build.js";
import type { ReportModel } from "../../../src/core/report/model.js";
import { reportPeriod, reportSections, type SectionServices } from "../../../src/core/report/sections.js";
import type { Answers } from "../../../src/core/stores/surveys.js";
import type { Database } from "../../../src/db/database.js";
import { silentLogger } from "../../../src/logger.js";
import { renderReportHtml } from "../../../src/render/report-html.js";
import { renderReportMarkdown } from "../../../src/render/report-md.js";
import { renderReportPdf } from "../../../src/render/report-pdf.js";
import { freshDatabase } from "../../helpers/db.js";
import { surveyWithRound } from "../../helpers/surveys.js";
import { tempDir } from "../../helpers/tmp.js";
import { seedWorkspace } from "../commands/seed.js";

const at = (iso: string) => Date.parse(iso);
const AS_OF = at("2026-12-02T08:00:00Z");
const NOW = at("2026-12-03T09:00:00Z");

let db: Database;
let audit: ReturnType<typeof createAuditService>;

function bundle(companies: string): string {
  const dir = tempDir("report-sections-bundle");
  fs.writeFileSync(path.join(dir, "companies.csv"), "id,name,lifecycle_stage,created_at,updated_at\n" + companies);
  return dir;
}

/** An import as of `iso`: the snapshot it writes is stamped with the import's start. */
async function importAt(ws: string, iso: string, companies: string) {
  vi.setSystemTime(at(iso));
  const report = await importBundle(db.stores, ws, bundle(companies));
  expect(report.issues).toEqual([]);
}

function services(): SectionServices {
  return {
    audit,
    records: db.stores.chat.records,
    kpis: db.stores.chat.kpis,
    surveys: db.stores.chat.surveys,
    kpiSettings: NO_KPI_SETTINGS,
  };
}

function report(ws: string, audience: ReportModel["audience"] = "private") {
  return loadReport(
    { audit, records: db.stores.chat.records, runRecords: db.stores.chat.runRecords },
    { workspaceId: ws, audience, now: NOW, sections: (run) => reportSections(services(), { run, audience, now: NOW }) },
  );
}

const closedSurvey = (ws: string, template: string, anonymous: boolean, answers: Answers[], closedAt: number) =>
  surveyWithRound(db.stores.chat.surveys, {
    workspaceId: ws,
    template,
    anonymous,
    answers,
    closedAt,
    startedAt: closedAt - 86_400_000,
  });

const fitness = (n: number): Answers => ({
  customer_data: n,
  sales: n,
  marketing: 3,
  service: 3,
  analytics: 4,
  usability: n,
  integration: 2,
  extensibility: 3,
  support: 4,
  cost: 3,
});

/** The body of `<section id="…">` in the HTML report. */
function htmlSection(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}">`);
  expect(start, id).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf("</section>", start));
}

let pdfDir: string;
function pdfText(bytes: Buffer, name: string): string {
  const file = path.join(pdfDir, `${name}.pdf`);
  fs.writeFileSync(file, bytes);
  const result = spawnSync("pdftotext", [file, "-"], { encoding: "utf8" });
  if (result.error) throw new Error("pdftotext is missing: install poppler-utils (.ci/run does)");
  return result.stdout;
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  db = freshDatabase("report-sections");
  audit = createAuditService(db.stores, { logger: silentLogger });
  pdfDir = tempDir("report-sections-pdf");
  // October: three customers; late November: co3 went back to "lead". November keeps 2 of 3.
  await importAt(
    "acme",
    "2026-10-20T10:00:00Z",
    "co1,One,customer,2026-01-01,2026-01-01\nco2,Two,customer,2026-01-01,2026-01-01\nco3,Three,customer,2026-01-01,2026-01-01\n",
  );
  await importAt(
    "acme",
    "2026-11-25T10:00:00Z",
    "co1,One,customer,2026-01-01,2026-01-01\nco2,Two,customer,2026-01-01,2026-01-01\nco3,Three,lead,2026-01-01,2026-01-01\n",
  );
  seedWorkspace(db, "acme", "a");
  vi.setSystemTime(AS_OF);
  await audit.run({ workspaceId: "acme", asOf: AS_OF, trigger: "cli" });
  await closedSurvey("acme", "crm-fitness", false, [fitness(5), fitness(4), fitness(5)], at("2026-11-30T17:00:00Z"));

  await importAt("beta", "2026-11-10T10:00:00Z", "bo1,Solo,customer,2026-01-01,2026-01-01\n");
  seedWorkspace(db, "beta", "b");
  vi.setSystemTime(AS_OF);
  await audit.run({ workspaceId: "beta", asOf: AS_OF, trigger: "cli" });
  vi.setSystemTime(NOW);
});
afterAll(async () => {
  vi.useRealTimers();
  await audit.close();
  await db.close();
});

describe("the report's computed sections", () => {
  it("takes the last complete month before the run's as-of and measures retention across the two imports", async () => {
    expect(reportPeriod({ asOf: AS_OF }).label).toBe("2026-11");
    const model = (await report("acme"))!;
    expect(model.kpis?.period).toBe("2026-11, compared with 2026-10");
    const retention = model.kpis!.rows.find((r) => r.name === "Customer retention")!;
    expect(retention.value).toBe("66.7%");
    expect(retention.formula).toMatch(/customers/);
    // ROI without configured costs says so instead of a number.
    expect(model.kpis!.rows.find((r) => r.name.includes("ROI"))!.value).toMatch(/^not configured/);
  });

  it("carries the plan of the full audit, ranked as `plan` ranks it, with owners", async () => {
    const model = (await report("acme"))!;
    const { buildPlan, findingOwners, HORIZONS } = await import("../../../src/core/plan/index.js");
    const { rankFindings } = await import("../../../src/core/audit/scores.js");
    const run = (await audit.latest("acme"))!;
    const plan = buildPlan(run, { owners: await findingOwners(db.stores.chat.records, "acme", rankFindings(run)) });
    expect(plan.items.length).toBeGreaterThan(0);
    // Grouped by horizon, ranked within: the order `plan` shows.
    expect(model.plan!.items.map((i) => i.checkId)).toEqual(HORIZONS.flatMap((h) => plan.horizons[h]));
    expect(model.plan!.items[0]!.horizon).toBe("Now");
    expect(new Set(model.plan!.items.map((i) => i.horizon)).size).toBeGreaterThan(1);
    expect(model.plan!.note).toContain(`full audit #${run.id}`);
    expect(model.plan!.items.some((i) => i.owners.some((o) => o.startsWith("a Rep (")))).toBe(true);
  });

  it("shows the latest closed survey round as tables and charts, and the fitness scorecard", async () => {
    const model = (await report("acme"))!;
    const [overview, ...rest] = model.surveys!.tables;
    expect(overview!.title).toMatch(/^Survey #\d+ "CRM fitness scorecard", round 1$/);
    expect(overview!.note).toContain("3 of 3 answered (100%)");
    const sales = rest.find((t) => t.rows.some((r) => r[0]?.startsWith("5")))!;
    expect(sales.columns).toEqual(["Answer", "Count", "Share"]);
    expect(model.surveys!.charts!.length).toBe(10);
    const scorecard = model.extra!.find((t) => t.title === "CRM fitness scorecard")!;
    expect(scorecard.rows[0]![0]).toBe("Overall");
    expect(Number(scorecard.rows[0]![1])).toBeGreaterThan(0);
  });

  it("renders KPI rows, plan items and survey tables in Markdown, HTML and PDF", async () => {
    const model = (await report("acme"))!;
    const planTitle = model.plan!.items[0]!.title;
    const md = renderReportMarkdown(model);
    const html = await renderReportHtml(model);
    const pdf = pdfText(await renderReportPdf(model), "acme");
    for (const [form, text] of [
      ["md", md],
      ["html", html],
      ["pdf", pdf],
    ] as const) {
      expect(text, form).toContain("Customer retention");
      expect(text, form).toContain("66.7%");
      expect(text, form).toContain(planTitle);
      expect(text, form).toContain("CRM fitness scorecard");
      expect(text, form).toContain("3 of 3 answered");
      expect(text, form).not.toContain("Not computed in this report");
      expect(text, form).not.toContain("No survey yet");
    }
    // HTML: each row sits in its own section, and the KPI trend and survey distribution charts
    // are inline SVG figures of those sections.
    const kpis = htmlSection(html, "kpis");
    expect(kpis).toContain("<td>Customer retention</td><td>66.7%</td>");
    expect(kpis).toContain("<svg");
    expect(htmlSection(html, "plan")).toContain(`<td>Now</td><td>${model.plan!.items[0]!.title} (`);
    const surveys = htmlSection(html, "surveys");
    expect(surveys).toContain("<td>5 · Very good</td><td>2</td><td>67%</td>");
    expect(surveys.match(/<svg/g)).toHaveLength(10);
    expect(htmlSection(html, "extra-1")).toMatch(
      /<h2>CRM fitness scorecard<\/h2>[\s\S]*<td>Overall<\/td><td>\d+<\/td>/,
    );
  });

  it('says "No survey yet." without a closed round, and withholds an anonymous round under the minimum group', async () => {
    const before = (await report("beta"))!;
    expect(before.surveys).toBeUndefined();
    expect(renderReportMarkdown(before)).toContain("No survey yet.");
    expect(pdfText(await renderReportPdf(before), "beta")).toContain("No survey yet.");

    // Two anonymous answers of a usage survey, minimum group 3.
    const answer = (recommend: number): Answers => ({
      frequency: "about_once_a_day",
      effect: "much_harder",
      effect_why: "secret complaint",
      recommend,
    });
    await closedSurvey("beta", "crm-usage", true, [answer(1), answer(2)], at("2026-12-01T12:00:00Z"));
    const after = (await report("beta"))!;
    expect(after.surveys!.charts).toBeUndefined();
    const text = JSON.stringify(after.surveys);
    expect(text).toContain("Results are withheld until at least 3 people have answered");
    expect(text).not.toContain("Much harder");
    expect(text).not.toContain("secret complaint");
    for (const form of [renderReportMarkdown(after), await renderReportHtml(after)]) {
      expect(form).toContain("withheld until at least 3");
      expect(form).not.toContain("Much harder");
      expect(form).not.toContain("secret complaint");
    }
  });

  it("masks owners in a channel's copy as it masks the examples", async () => {
    // A CRM user whose name is their email address (a common import default).
    db.sqlite
      .prepare(`UPDATE crm_users SET name = ? WHERE "workspaceId" = 'acme' AND id = 'au2'`)
      .run("boss.person@example.com");
    const shared = JSON.stringify((await report("acme", "channel"))!.plan);
    const own = JSON.stringify((await report("acme", "private"))!.plan);
    expect(own).toContain("boss.person@example.com (1)");
    expect(shared).not.toContain("boss.person@");
    expect(shared).toContain("b.•••@example.com (1)");
  });

  it("never shows another workspace's survey, even a later one", async () => {
    const usage = { frequency: "rarely_or_never", effect: "much_harder" };
    await closedSurvey("beta", "crm-usage", false, [usage, usage, usage], at("2026-12-02T07:00:00Z"));
    const model = (await report("acme"))!;
    expect(model.surveys!.tables[0]!.title).toContain("CRM fitness scorecard");
    expect(JSON.stringify(model.surveys)).not.toContain("CRM usage");
  });
});
