/**
 * A report as one self-contained HTML file: inline CSS, charts as inline SVG (vector, text
 * selectable) each with its alt text and its numbers in a table, no script and nothing loaded
 * from elsewhere (docs/report.md).
 */
import type { ChartSpec } from "../core/charts/spec.js";
import type { ReportModel, ReportTable } from "../core/report/model.js";
import {
  ABSENT,
  categoryTable,
  chartDataTable,
  configTable,
  findingsTable,
  kpiTable,
  notMeasuredTable,
  planTable,
  recordFields,
  scoreLine,
} from "../core/report/text.js";
import { formatDateTime } from "../core/messages/format.js";
import { FONT_STACK, PALETTE, renderSvg } from "./chart.js";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const CSS = `
body { font-family: ${FONT_STACK}; color: #111; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { border-bottom: 2px solid ${PALETTE[0]}; padding-bottom: .2rem; margin-top: 2rem; }
.score { font-size: 1.3rem; font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #999; padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: #eee; } caption { text-align: left; font-weight: bold; padding: .3rem 0; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
.absent { font-style: italic; color: #444; } .note { color: #444; font-size: .9rem; }
.sev-critical, .sev-high { font-weight: bold; }
@media print { body { margin: 0; } h2 { break-after: avoid; } figure, tr { break-inside: avoid; } }
`;

function table(t: ReportTable): string {
  if (t.rows.length === 0) return `<p class="absent">${escapeHtml(t.title)}: none.</p>`;
  const head = `<tr>${t.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join("")}</tr>`;
  const body = t.rows
    .map((r) => `<tr>${t.columns.map((_, i) => `<td>${escapeHtml(r[i] ?? "")}</td>`).join("")}</tr>`)
    .join("\n");
  const note = t.note ? `<p class="note">${escapeHtml(t.note)}</p>` : "";
  return `<table><caption>${escapeHtml(t.title)}</caption><thead>${head}</thead><tbody>\n${body}\n</tbody></table>${note}`;
}

async function figure(spec: ChartSpec): Promise<string> {
  const svg = (await renderSvg(spec)).replace(/^<svg /, `<svg role="img" aria-label="${escapeHtml(spec.altText)}" `);
  return `<figure data-chart="${escapeHtml(spec.id)}">${svg}<figcaption>${escapeHtml(spec.altText)}</figcaption>
<details><summary>The numbers</summary>${table(chartDataTable(spec))}</details></figure>`;
}

function section(id: string, title: string, body: string): string {
  return `<section id="${id}"><h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

export async function renderReportHtml(report: ReportModel): Promise<string> {
  const sections: string[] = [];
  sections.push(
    section(
      "score",
      "Score",
      `<p class="score">${escapeHtml(scoreLine(report))}</p>
${await figure(report.charts.scoreTrend)}
${table(categoryTable(report))}
${report.charts.categoryTrend.series.length ? await figure(report.charts.categoryTrend) : ""}`,
    ),
  );
  const notMeasured = notMeasuredTable(report);
  sections.push(
    section(
      "findings",
      "Findings",
      `${await figure(report.charts.findings)}\n${table(findingsTable(report))}\n${notMeasured ? table(notMeasured) : ""}`,
    ),
  );
  const kpis = kpiTable(report);
  const kpiCharts = await Promise.all((report.kpis?.charts ?? []).map(figure));
  sections.push(
    section(
      "kpis",
      "KPIs",
      kpis ? table(kpis) + kpiCharts.join("\n") : `<p class="absent">${escapeHtml(ABSENT.kpis)}</p>`,
    ),
  );
  const plan = planTable(report);
  sections.push(section("plan", "Fix plan", plan ? table(plan) : `<p class="absent">${escapeHtml(ABSENT.plan)}</p>`));
  const surveyCharts = await Promise.all((report.surveys?.charts ?? []).map(figure));
  sections.push(
    section(
      "surveys",
      "Survey results",
      report.surveys?.tables.length
        ? report.surveys.tables.map(table).join("\n") + surveyCharts.join("\n")
        : `<p class="absent">${escapeHtml(ABSENT.surveys)}</p>`,
    ),
  );
  (report.extra ?? []).forEach((t, i) => sections.push(section(`extra-${i + 1}`, t.title, table(t))));
  const config = configTable(report);
  sections.push(
    section(
      "record",
      "Audit record",
      `<table><caption>Run</caption><tbody>${recordFields(report)
        .map((f) => `<tr><th scope="row">${escapeHtml(f.label)}</th><td>${escapeHtml(f.value)}</td></tr>`)
        .join("\n")}</tbody></table>${config ? table(config) : ""}`,
    ),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="crm-audit-bot">
<title>${escapeHtml(`${report.title}: ${report.workspaceId}`)}</title>
<style>${CSS}</style></head>
<body>
<header><h1>${escapeHtml(report.title)}</h1>
<p>Workspace <strong>${escapeHtml(report.workspaceId)}</strong>, data as of ${escapeHtml(formatDateTime(report.record.asOf))}.</p></header>
<main>
${sections.join("\n")}
</main></body></html>
`;
}
