/**
 * The report's KPI, fix plan and survey sections, computed by their own modules and turned into
 * the report's generic rows (docs/report.md, "Contents"). One function for
 * every place a report is made (`crm-audit report`, chat `report`, the `report` schedule kind),
 * so the three never differ. Nothing here decides a rule of its own: KPI values are
 * computeKpis', the ranking is buildPlan's, withholding is surveyResults'.
 */
import type { AuditRunResult, AuditService } from "../audit/types.js";
import { rankFindings } from "../audit/scores.js";
import { distributionChart, kpiTrendChart, type KpiSeriesInput } from "../charts/build.js";
import type { ChartSpec } from "../charts/spec.js";
import type { KpiSettings } from "../kpis/config.js";
import { formatKpiChange, formatKpiValue } from "../kpis/format.js";
import {
  computeKpis,
  computeKpiTrend,
  defaultPeriod,
  type KpiDefinition,
  type KpiTrendPoint,
  type KpiUnit,
  type Period,
} from "../kpis/index.js";
import { formatDateTime, formatScore, recordCount } from "../messages/format.js";
import { maskText } from "../messages/mask.js";
import { questionWithheldText, withheldText } from "../messages/surveys.js";
import { buildPlan, findingOwners, HORIZON_LABELS, HORIZONS, type Plan } from "../plan/index.js";
import type { KpiStore } from "../stores/kpi-snapshots.js";
import type { RecordStore } from "../stores/records.js";
import type { Survey, SurveyRound, SurveyStore } from "../stores/surveys.js";
import { isOpen, surveyResults, type SurveyResults } from "../surveys/results.js";
import type { ReportModel, ReportPlanItem, ReportTable } from "./model.js";

/** Periods a KPI trend chart in the report spans (the report's period and the five before). */
export const REPORT_KPI_PERIODS = 6;

export type ReportSections = Pick<ReportModel, "kpis" | "plan" | "surveys" | "extra">;

export interface SectionServices {
  audit: Pick<AuditService, "latest">;
  records: Pick<RecordStore, "details">;
  kpis: KpiStore;
  surveys: SurveyStore;
  kpiSettings: KpiSettings;
}

/**
 * The KPI period of a report: the last complete calendar month before the run's as-of (the
 * month the audited data covers in full), docs/report.md.
 */
export function reportPeriod(run: Pick<AuditRunResult, "asOf">): Period {
  return defaultPeriod(run.asOf);
}

/** A KPI's numbers as a chart series: ratios in percent, the rest in their unit. */
export function kpiSeries(
  kpi: Pick<KpiDefinition, "id" | "title" | "unit">,
  trend: readonly KpiTrendPoint[],
): KpiSeriesInput {
  const scale = kpi.unit === "ratio" ? 100 : 1;
  const units: Record<KpiUnit, string> = {
    ratio: "%",
    days: " days",
    amount: "",
    csat: " / 5",
    nps: "",
    "per-user": " per user",
  };
  return {
    id: kpi.id,
    name: kpi.title,
    ...(units[kpi.unit] ? { unit: units[kpi.unit] } : {}),
    points: trend.map((p) => {
      const v = p.values[kpi.id];
      return { period: p.period.label, value: v && v.status === "measured" ? v.value * scale : null };
    }),
  };
}

async function kpiSection(services: SectionServices, workspaceId: string, run: AuditRunResult, now: number) {
  const period = reportPeriod(run);
  const { config, systemUsers } = services.kpiSettings;
  const report = await computeKpis({ store: services.kpis, workspaceId, period, config, systemUsers, now });
  const trend = await computeKpiTrend({
    store: services.kpis,
    workspaceId,
    last: period,
    count: REPORT_KPI_PERIODS,
    config,
    systemUsers,
  });
  // A line needs two points: a KPI measured in fewer periods is in the table only.
  const charts = report.kpis
    .map((k) => kpiSeries(k, trend))
    .filter((s) => s.points.filter((p) => p.value !== null).length >= 2)
    .map(kpiTrendChart);
  return {
    period: `${period.label}${report.complete ? "" : ", not over yet"}, compared with ${report.previousPeriod.label}`,
    rows: report.kpis.map((k) => ({
      name: k.title,
      value: formatKpiValue(k.current, k.unit, report.currency),
      previous: formatKpiValue(k.previous, k.unit, report.currency),
      change: formatKpiChange(k.change, k.unit) || null,
      formula: k.formula,
    })),
    ...(charts.length ? { charts } : {}),
  };
}

/**
 * The plan's items as report rows, grouped by horizon (now first) and ranked within as `plan`
 * shows them; owner names pass through `mask` like the report's samples.
 */
export function planItems(plan: Plan, mask: (s: string) => string): ReportPlanItem[] {
  return HORIZONS.flatMap((h) => plan.items.filter((i) => i.horizon === h)).map((i) => ({
    checkId: i.checkId,
    title: i.title,
    horizon: HORIZON_LABELS[i.horizon],
    impact: `${i.severity}, ${recordCount(i.records, i.entity)}`,
    effort: i.effort,
    owners:
      i.entity === "users"
        ? ["admins"]
        : i.owners.map((o) => `${o.owner ? mask(o.owner) : "no owner"} (${o.records.toLocaleString("en")})`),
    expectedGain: `+${i.scoreGain.toFixed(1)} points`,
  }));
}

async function planSection(services: SectionServices, run: AuditRunResult, mask: (s: string) => string) {
  // The plan of a partial run would pose as the whole: the latest full audit stands in.
  const full = run.selection === null ? run : await services.audit.latest(run.workspaceId);
  if (!full || full.selection !== null) {
    return { items: [], note: "No full audit yet: a plan from part of the checks would pose as the whole." };
  }
  const owners = await findingOwners(services.records, full.workspaceId, rankFindings(full));
  const plan = buildPlan(full, { owners });
  const from = `From the full audit #${plan.runId} as of ${formatDateTime(plan.asOf)} (score ${formatScore(plan.overall)})`;
  const note =
    plan.items.length === 0
      ? `${from}: nothing to fix.`
      : `${from}; with every item fixed the score would be ${formatScore(plan.scoreIfAllFixed)}. Ranked by impact against effort (docs/plan.md).`;
  return { items: planItems(plan, mask), note };
}

const pct = (n: number | null) => (n === null ? "–" : `${Math.round(n * 100)}%`);
const fixed = (n: number | null | undefined, digits: number) =>
  n === null || n === undefined ? "–" : n.toFixed(digits);

/** The latest round that has closed, across the workspace's surveys; null when none has. */
export async function latestClosedRound(
  store: SurveyStore,
  workspaceId: string,
  now: number,
): Promise<{ survey: Survey; round: SurveyRound } | null> {
  let best: { survey: Survey; round: SurveyRound; at: number } | null = null;
  for (const survey of await store.list(workspaceId)) {
    for (const round of await store.rounds(survey.id)) {
      if (isOpen(round, now)) continue;
      const at = round.closedAt ?? round.closesAt ?? round.startedAt;
      if (!best || at > best.at || (at === best.at && round.id > best.round.id)) best = { survey, round, at };
    }
  }
  return best && { survey: best.survey, round: best.round };
}

/** Distribution charts of a round's questions; withheld questions (and whole rounds) give none. */
export function surveyCharts(results: SurveyResults): ChartSpec[] {
  if (results.withheld) return [];
  return results.questions.flatMap((q) =>
    !q.withheld && q.summary?.buckets
      ? [
          distributionChart({
            id: `${results.survey.id}-${q.id}`,
            question: q.text,
            counts: q.summary.buckets.map((b) => ({ answer: b.label, count: b.count })),
          }),
        ]
      : [],
  );
}

/** A round's results as report tables (and the fitness scorecard as an extra table). */
export function surveyTables(
  r: SurveyResults,
  mask: (s: string) => string,
): { tables: ReportTable[]; extra: ReportTable[] } {
  const title = `Survey #${r.survey.id} "${r.survey.title}", round ${r.round.number}`;
  const overview: ReportTable = {
    title,
    columns: ["Question", "Answers", "Result"],
    rows: [],
    note:
      `${r.responded} of ${r.invited} answered (${pct(r.responseRate)})` +
      (r.previous ? `; round ${r.previous.roundNumber}: ${r.previous.responded} answered` : "") +
      `. ${r.survey.anonymous ? "Anonymous" : "Not anonymous"}; groups under ${r.minGroup} answers are withheld.`,
  };
  if (r.withheld) {
    overview.rows.push(["All questions", String(r.responded), withheldText(r)]);
    return { tables: [overview], extra: [] };
  }
  const tables: ReportTable[] = [overview];
  for (const q of r.questions) {
    if (q.withheld || !q.summary) {
      overview.rows.push([q.text, String(q.answered), questionWithheldText(r.minGroup)]);
      continue;
    }
    const s = q.summary;
    const facts: string[] = [];
    if (s.nps) facts.push(`NPS ${fixed(s.nps.score, 0)}`);
    if (s.average !== undefined && s.average !== null) facts.push(`average ${fixed(s.average, 2)}`);
    if (s.median !== undefined && s.median !== null && q.type === "number")
      facts.push(`median ${fixed(s.median, 2)}, range ${fixed(s.min, 2)}–${fixed(s.max, 2)}`);
    if (q.themes) facts.push(q.themes.length ? "frequent words below" : "no word came up twice");
    overview.rows.push([q.text, String(q.answered), facts.join("; ") || (s.buckets ? "distribution below" : "–")]);
    if (s.buckets) {
      const total = q.type === "multiple_choice" ? q.answered : s.buckets.reduce((n, b) => n + b.count, 0);
      tables.push({
        title: q.text,
        columns: ["Answer", "Count", "Share"],
        rows: s.buckets.map((b) => [b.label, String(b.count), pct(total ? b.count / total : null)]),
      });
    }
    if (q.themes?.length) {
      tables.push({
        title: `${q.text}: frequent words`,
        columns: ["Word or phrase", "Answers"],
        rows: q.themes.map((t) => [mask(t.term), String(t.count)]),
      });
    }
  }
  const extra: ReportTable[] = [];
  if (r.fitness) {
    const rows: string[][] = [["Overall", fixed(r.fitness.overall, 0), "", ""]];
    for (const g of r.fitness.groups) {
      rows.push([g.label, fixed(g.score, 0), String(g.weight), ""]);
      for (const i of g.items)
        rows.push([`  ${i.text}`, i.withheld ? "withheld" : fixed(i.score, 0), String(i.weight), String(i.raters)]);
    }
    extra.push({
      title: "CRM fitness scorecard",
      columns: ["Area", "Score (0–100)", "Weight", "Raters"],
      rows,
      note:
        `From ${title}.` +
        (r.fitness.overall === null ? " Not measured: no item had enough raters." : "") +
        (r.fitness.change === null
          ? ""
          : ` Change since the previous round: ${r.fitness.change >= 0 ? "+" : "−"}${Math.abs(r.fitness.change).toFixed(0)}.`),
    });
  }
  return { tables, extra };
}

async function surveySection(services: SectionServices, workspaceId: string, now: number, mask: (s: string) => string) {
  const latest = await latestClosedRound(services.surveys, workspaceId, now);
  if (!latest) return null;
  const results = await surveyResults(services.surveys, latest.survey, now, latest.round.number);
  if (!results) return null;
  const { tables, extra } = surveyTables(results, mask);
  const charts = surveyCharts(results);
  return { surveys: { tables, ...(charts.length ? { charts } : {}) }, extra };
}

/**
 * The KPI, plan and survey sections of the report of `run`. Without a closed survey round the
 * survey section is left out, and the report says "No survey yet.".
 */
export async function reportSections(
  services: SectionServices,
  options: { run: AuditRunResult; audience: ReportModel["audience"]; now: number },
): Promise<ReportSections> {
  const { run, audience, now } = options;
  const mask = audience === "channel" ? maskText : (s: string) => s;
  const kpis = await kpiSection(services, run.workspaceId, run, now);
  const plan = await planSection(services, run, mask);
  const survey = await surveySection(services, run.workspaceId, now, mask);
  return {
    kpis,
    plan,
    ...(survey ? { surveys: survey.surveys } : {}),
    ...(survey?.extra.length ? { extra: survey.extra } : {}),
  };
}
