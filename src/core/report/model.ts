/**
 * What an audit report holds, as plain data: built in the core (build.ts) from a stored run and
 * its history, rendered outside it (src/render/report-*.ts) to HTML, PDF or Markdown. KPIs, the
 * fix plan and survey results are optional sections fed by their own modules as generic rows; a
 * report without them says so instead of leaving the reader to guess (docs/report.md).
 */
import type { Category, Severity } from "../checks/types.js";
import type { ChartSpec } from "../charts/spec.js";

/** One KPI of the period and how it moved. */
export interface ReportKpiRow {
  name: string;
  /** Already formatted ("62%", "41 days", "not configured"): units and "not measured" are the KPI module's. */
  value: string;
  previous: string | null;
  change: string | null;
  unit?: string;
  /** How it is computed, e.g. "customers kept at period end / customers at period start". */
  formula: string;
}

export interface ReportPlanItem {
  checkId: string;
  title: string;
  /** "now", "30 days", "60 days", "90 days". */
  horizon: string;
  impact: string;
  effort: string;
  owners: string[];
  /** E.g. "+3.2 points". */
  expectedGain: string;
}

/** A free-form table (survey results, a scorecard): rendered as it is given. */
export interface ReportTable {
  title: string;
  columns: string[];
  rows: string[][];
  note?: string;
}

export interface ReportFinding {
  checkId: string;
  title: string;
  category: Category;
  severity: Severity;
  count: number;
  /** Change of the count since the previous run of the same checks; null without one. */
  change: number | null;
  /** A few affected records, masked when the report is for a channel. */
  samples: string[];
  why: string;
  fix: string;
}

/** The audit record: what was audited, when, by whom and how. */
export interface AuditRecord {
  runId: number;
  /** The instant the checks evaluated the data as of (epoch ms). */
  asOf: number;
  startedAt: number;
  durationMs: number;
  /** "cli", "slack", "teams", "console", "schedule". */
  trigger: string;
  requestedBy: string | null;
  /** Null for a full audit; the checks or categories of a partial one. */
  selection: string[] | null;
  /** Records per table when the run read them. */
  recordCounts: Record<string, number>;
  /** The data version the run read (it changes with every import), when the run kept it. */
  dataVersion: number | null;
  /** The effective configuration of each check (severity, thresholds), when the run kept it. */
  checkConfig: { checkId: string; severity: string; thresholds: string }[] | null;
  /**
   * The release the checks shipped with, when the run kept it: every check ships with the
   * bot's release, so the release names the version of each check (docs/report.md).
   */
  checksRelease: string | null;
}

export interface ReportModel {
  title: string;
  workspaceId: string;
  generatedAt: number;
  /** "private": samples in full (a file the CLI writes); "channel": masked (anything posted). */
  audience: "private" | "channel";
  record: AuditRecord;
  score: {
    overall: number;
    /** Since the previous full audit; null for the first. */
    delta: number | null;
    /** True when no check could be measured: `overall` is then not a score. */
    nothingMeasured: boolean;
    categories: { category: Category; label: string; score: number | null; delta: number | null }[];
  };
  charts: {
    scoreTrend: ChartSpec;
    categoryTrend: ChartSpec;
    findings: ChartSpec;
  };
  findings: ReportFinding[];
  notMeasured: { checkId: string; title: string; reason: string }[];
  /** Absent: not computed in this report. */
  kpis?: { period: string; rows: ReportKpiRow[]; charts?: ChartSpec[] };
  plan?: { items: ReportPlanItem[]; note?: string };
  surveys?: { tables: ReportTable[]; charts?: ChartSpec[] };
  /** Other scorecards a module adds (e.g. a fitness scorecard): free-form tables. */
  extra?: ReportTable[];
}

export const NOT_COMPUTED = "Not computed in this report.";
