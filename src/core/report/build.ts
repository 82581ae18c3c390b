/**
 * The report of one stored audit run: its scores, findings with samples, the audit record and
 * the score history of the full audits up to it. Samples are masked when the report is for a
 * channel (the CLI writing a file is the private reader); sections other modules compute
 * (KPIs, plan, surveys) are passed in as data and left out when absent (docs/report.md).
 */
import { z } from "zod";
import { isMeasured, type AuditRunResult, type AuditService } from "../audit/types.js";
import { nothingMeasured, rankFindings } from "../audit/scores.js";
import { CATEGORIES } from "../checks/types.js";
import {
  categoryTrendChart,
  findingsByCategoryChart,
  scorePointOf,
  scoreTrendChart,
  type ScorePoint,
} from "../charts/build.js";
import { sampleLabels } from "../commands/audit-views.js";
import { categoryLabel } from "../messages/format.js";
import { maskText } from "../messages/mask.js";
import type { RecordStore } from "../stores/records.js";
import type { RunRecordStore } from "../stores/run-records.js";
import type { AuditRecord, ReportModel } from "./model.js";

/** Full audits shown in the trend (and read for their category scores). */
export const TREND_RUNS = 12;
/** Findings listed in the report, most important first; the rest are counted. */
export const REPORT_FINDINGS = 50;

export interface ReportInput {
  run: AuditRunResult;
  /** The full audits up to and including the run, oldest first. */
  history: readonly ScorePoint[];
  samples: ReadonlyMap<string, string[]>;
  audience: ReportModel["audience"];
  generatedAt: number;
  /** What the run kept beyond the stored run itself, when its store offers it. */
  recordExtras?: Partial<Pick<AuditRecord, "checkConfig">>;
  sections?: Pick<ReportModel, "kpis" | "plan" | "surveys" | "extra">;
}

export function buildReport(input: ReportInput): ReportModel {
  const { run, audience } = input;
  const mask = audience === "channel" ? maskText : (s: string) => s;
  const changes = run.changes;
  const ranked = rankFindings(run);
  const counts = (run.metrics.counts ?? {}) as Record<string, number>;
  return {
    title: run.selection ? "CRM audit report (partial audit)" : "CRM audit report",
    workspaceId: run.workspaceId,
    generatedAt: input.generatedAt,
    audience,
    record: {
      runId: run.id,
      asOf: run.asOf,
      startedAt: run.startedAt,
      durationMs: run.durationMs,
      trigger: run.trigger,
      requestedBy: run.requestedBy === null ? null : mask(run.requestedBy),
      selection: run.selection,
      recordCounts: counts,
      // Stored with the run; null for runs stored before runs kept them.
      dataVersion: run.dataVersion ?? null,
      checkConfig: input.recordExtras?.checkConfig ?? null,
      checksRelease: run.checksRelease ?? null,
    },
    score: {
      overall: run.scores.overall,
      delta: changes ? changes.overallDelta : null,
      nothingMeasured: nothingMeasured(run.scores),
      categories: CATEGORIES.filter(
        (c) => run.scores.categories[c] !== undefined || run.scores.notMeasured?.includes(c),
      ).map((c) => ({
        category: c,
        label: categoryLabel(c),
        score: run.scores.categories[c] ?? null,
        delta: changes?.categoryDeltas[c] ?? null,
      })),
    },
    charts: {
      scoreTrend: scoreTrendChart(input.history),
      categoryTrend: categoryTrendChart(input.history),
      findings: findingsByCategoryChart(run),
    },
    findings: ranked.slice(0, REPORT_FINDINGS).map((f) => ({
      checkId: f.checkId,
      title: f.title,
      category: f.category,
      severity: f.severity,
      count: f.count,
      change: changes ? (changes.checks.find((c) => c.checkId === f.checkId)?.countDelta ?? null) : null,
      samples: (input.samples.get(f.checkId) ?? []).map(mask),
      why: f.why,
      fix: f.fix,
    })),
    notMeasured: run.findings
      .filter((f) => !isMeasured(f))
      .map((f) => ({ checkId: f.checkId, title: f.title, reason: f.reason ?? "the data could not tell" })),
    ...(input.sections ?? {}),
  };
}

/** The run a report is about: `runId`, or the latest full audit. Null when there is none. */
export async function reportRun(
  audit: AuditService,
  workspaceId: string,
  runId?: number,
): Promise<AuditRunResult | null> {
  return runId === undefined ? audit.latest(workspaceId) : audit.get(workspaceId, runId);
}

/** The full audits up to `run` (at most `runs`), oldest first, from their stored scores alone. */
export async function scoreHistory(
  runRecords: RunRecordStore,
  run: AuditRunResult,
  runs = TREND_RUNS,
): Promise<ScorePoint[]> {
  // Scores only: the runs' findings (millions of ids on a large workspace) are not read.
  const stored = await runRecords.scores(run.workspaceId, 500);
  const earlier = stored.filter((s) => s.selection === null && s.id < run.id).slice(0, runs - 1);
  const points = earlier.reverse().map((s) => scorePointOf({ id: s.id, asOf: s.asOf, scores: s.scores }));
  // A partial run's score is not the workspace's: the trend is of full audits, plus this one.
  if (run.selection === null) points.push(scorePointOf(run));
  return points;
}

const StoredConfig = z.object({
  checks: z.array(z.object({ id: z.string(), severity: z.string(), thresholds: z.unknown() })),
});

/** The check configuration a run was made with, as the audit record shows it; null when not kept. */
export async function runConfig(
  runRecords: RunRecordStore,
  workspaceId: string,
  runId: number,
): Promise<AuditRecord["checkConfig"]> {
  const parsed = StoredConfig.safeParse(await runRecords.config(workspaceId, runId));
  if (!parsed.success) return null;
  return parsed.data.checks.map((c) => {
    const thresholds = c.thresholds && typeof c.thresholds === "object" ? Object.entries(c.thresholds) : [];
    return {
      checkId: c.id,
      severity: c.severity,
      thresholds: thresholds.length ? thresholds.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(", ") : "—",
    };
  });
}

export interface ReportServices {
  audit: AuditService;
  records: RecordStore;
  runRecords: RunRecordStore;
}

/** Everything a report needs, read from the stores; null when the workspace has no such run. */
export async function loadReport(
  services: ReportServices,
  options: {
    workspaceId: string;
    runId?: number;
    audience: ReportModel["audience"];
    now: number;
    /** The sections, or how to compute them for the run once it is found (sections.ts, reportSections). */
    sections?: ReportInput["sections"] | ((run: AuditRunResult) => Promise<ReportInput["sections"]>);
  },
): Promise<ReportModel | null> {
  const run = await reportRun(services.audit, options.workspaceId, options.runId);
  if (!run) return null;
  const history = await scoreHistory(services.runRecords, run);
  const checkConfig = await runConfig(services.runRecords, run.workspaceId, run.id);
  const samples = await sampleLabels(services.records, run.workspaceId, rankFindings(run).slice(0, REPORT_FINDINGS));
  const sections = typeof options.sections === "function" ? await options.sections(run) : options.sections;
  return buildReport({
    run,
    history,
    samples,
    audience: options.audience,
    generatedAt: options.now,
    recordExtras: { checkConfig },
    ...(sections ? { sections } : {}),
  });
}
