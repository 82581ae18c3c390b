/**
 * The charts the bot draws, built from data the core already has: audit runs (score over time,
 * findings by category), KPI series and survey answer counts. Inputs are plain data so that the
 * KPI and survey modules can feed them without this module knowing their stores.
 */
import type { AuditRunResult } from "../audit/types.js";
import { CATEGORIES, type Category } from "../checks/types.js";
import { categoryLabel } from "../messages/format.js";
import type { ChartSpec } from "./spec.js";
import { chartValue } from "./text.js";

/** One full audit run as a point of the score trend. */
export interface ScorePoint {
  runId: number;
  asOf: number;
  overall: number;
  categories: Partial<Record<Category, number>>;
}

export function scorePointOf(run: Pick<AuditRunResult, "id" | "asOf" | "scores">): ScorePoint {
  return { runId: run.id, asOf: run.asOf, overall: run.scores.overall, categories: run.scores.categories };
}

/** "2026-06-30 #12": the run's as-of day and id, unique even when two runs share a day. */
function runLabel(p: ScorePoint): string {
  return `${new Date(p.asOf).toISOString().slice(0, 10)} #${p.runId}`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** The overall score of full audits, oldest first. */
export function scoreTrendChart(points: readonly ScorePoint[]): ChartSpec {
  const values = points.map((p) => round(p.overall));
  const last = values[values.length - 1];
  const first = values[0];
  return {
    id: "score",
    kind: "line",
    title: "CRM health score over time",
    labels: points.map(runLabel),
    series: [{ name: "Overall", values }],
    valueLabel: "score (0–100)",
    domain: [0, 100],
    altText:
      last === undefined || first === undefined
        ? "CRM health score over time: no full audit yet."
        : points.length === 1
          ? `CRM health score of the only full audit: ${chartValue(last)} of 100.`
          : `CRM health score over ${points.length} full audits, from ${chartValue(first)} to ${chartValue(last)} of 100.`,
  };
}

/** Each category's score over the same runs; a category without a score in a run is a gap. */
export function categoryTrendChart(points: readonly ScorePoint[]): ChartSpec {
  const present = CATEGORIES.filter((c) => points.some((p) => p.categories[c] !== undefined));
  const series = present.map((c) => ({
    name: categoryLabel(c),
    values: points.map((p) => (p.categories[c] === undefined ? null : round(p.categories[c]!))),
  }));
  const latest = points[points.length - 1];
  return {
    id: "category-scores",
    kind: "line",
    title: "Category scores over time",
    labels: points.map(runLabel),
    series,
    valueLabel: "score (0–100)",
    domain: [0, 100],
    altText: latest
      ? `Category scores over ${points.length} full audits; latest: ${present
          .map(
            (c) =>
              `${categoryLabel(c)} ${latest.categories[c] === undefined ? "not measured" : chartValue(latest.categories[c]!)}`,
          )
          .join(", ")}.`
      : "Category scores over time: no full audit yet.",
  };
}

/** Affected records per category in one run (measured checks only; a record counts once per check). */
export function findingsByCategoryChart(run: Pick<AuditRunResult, "findings">): ChartSpec {
  const totals = new Map<Category, number>();
  for (const f of run.findings) {
    if (f.status === "not-measured") continue;
    totals.set(f.category, (totals.get(f.category) ?? 0) + f.count);
  }
  const categories = CATEGORIES.filter((c) => totals.has(c));
  const values = categories.map((c) => totals.get(c)!);
  return {
    id: "findings",
    kind: "bar",
    title: "Findings by category (affected records)",
    labels: categories.map(categoryLabel),
    series: [{ name: "Affected records", values }],
    valueLabel: "records",
    altText: categories.length
      ? `Affected records by category: ${categories.map((c, i) => `${categoryLabel(c)} ${values[i]!.toLocaleString("en")}`).join(", ")}.`
      : "No measured check in this run.",
  };
}

/** A KPI's values per period, as the KPI module computes them (generic: name, unit, points). */
export interface KpiSeriesInput {
  id: string;
  name: string;
  /** "%", " days", "" … appended to values. */
  unit?: string;
  points: { period: string; value: number | null }[];
}

export function kpiTrendChart(input: KpiSeriesInput): ChartSpec {
  const values = input.points.map((p) => (p.value === null ? null : round(p.value)));
  const present = input.points.filter((p) => p.value !== null);
  const last = present[present.length - 1];
  return {
    id: `kpi:${input.id}`,
    kind: "line",
    title: `${input.name} by period`,
    labels: input.points.map((p) => p.period),
    series: [{ name: input.name, values }],
    valueLabel: input.name,
    ...(input.unit ? { unit: input.unit } : {}),
    altText: last
      ? `${input.name} over ${input.points.length} periods; ${last.period}: ${chartValue(last.value, input.unit)}` +
        (present.length < input.points.length ? `; ${input.points.length - present.length} periods not measured.` : ".")
      : `${input.name}: no period measured yet.`,
  };
}

/** How often each answer was given to one survey question (generic counts). */
export interface DistributionInput {
  id: string;
  question: string;
  counts: { answer: string; count: number }[];
}

export function distributionChart(input: DistributionInput): ChartSpec {
  const total = input.counts.reduce((n, c) => n + c.count, 0);
  return {
    id: `survey:${input.id}`,
    kind: "bar",
    title: input.question,
    labels: input.counts.map((c) => c.answer),
    series: [{ name: "Answers", values: input.counts.map((c) => c.count) }],
    valueLabel: "answers",
    altText: total
      ? `${total.toLocaleString("en")} answers to "${input.question}": ${input.counts.map((c) => `${c.answer} ${c.count}`).join(", ")}.`
      : `No answers yet to "${input.question}".`,
  };
}
