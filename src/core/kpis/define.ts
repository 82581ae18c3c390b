/**
 * The unit of extension for KPIs: one file per KPI under src/core/kpis/ (`defineKpi`), listed
 * in registry.ts and documented in docs/kpis.md (test/core/kpis/docs.test.ts keeps them in
 * step). A KPI says what it is (title, unit, formula, inputs) and computes its value for one
 * period from that period's facts; when it cannot, it says why instead of guessing.
 */
import type { PeriodFacts } from "../stores/kpi-snapshots.js";
import type { KpiConfig } from "./config.js";
import type { Period } from "./period.js";

/**
 * ratio: 0..1, shown as a percentage (changes in percentage points); days; amount (the CRM's
 * amounts, unconverted); csat: mean of 1..5; nps: −100..100; per-user: a count per user.
 */
export type KpiUnit = "ratio" | "days" | "amount" | "csat" | "nps" | "per-user";

export type KpiValue =
  | {
      status: "measured";
      value: number;
      /** The numbers the formula used, by name as the KPI's `inputs` lists them. */
      inputs: Record<string, number>;
      /** What the value rests on, when it is more than the period's records (retention's snapshots). */
      basis?: string;
      /** A caveat that does not stop the value (several currencies summed). */
      note?: string;
    }
  /** The data cannot tell (no snapshots, no feedback, no deals closed): `reason` says which. */
  | { status: "not-measured"; reason: string }
  /** The configuration file lacks the inputs (ROI without costs): `reason` says which. */
  | { status: "not-configured"; reason: string };

/** Customers kept between two snapshots, or why retention cannot be measured for a period. */
export type RetentionBasis =
  | {
      status: "measured";
      startAsOf: number;
      endAsOf: number;
      customersAtStart: number;
      kept: number;
    }
  | { status: "not-measured"; reason: string };

/**
 * The period's CRM usage with system and integration users left out (the audit's one rule,
 * src/core/checks/system-users.ts): they are no seats, no adopters, and what they log is no
 * one's work.
 */
export interface KpiUsage {
  /** Active CRM users now, system users left out: the seats when the configuration names none. */
  activeUsers: number;
  /** Of those, the ones who logged a completed activity in the period. */
  adopters: number;
  /** Completed activities in the period, except those of system users. */
  activities: number;
  /** System and integration users left out. */
  systemUsers: number;
}

export interface KpiContext {
  period: Period;
  facts: PeriodFacts;
  usage: KpiUsage;
  retention: RetentionBasis;
  /** The configuration file's `kpis:` section; null when it has none. */
  config: KpiConfig | null;
}

export interface KpiDefinition {
  /** Stable id, e.g. "win-rate"; the JSON and CSV outputs key on it. */
  id: string;
  title: string;
  unit: KpiUnit;
  /** The formula in words, as docs/kpis.md and every output show it. */
  formula: string;
  /** Names of the inputs a measured value reports, in order. */
  inputs: readonly string[];
  compute(context: KpiContext): KpiValue;
}

export function defineKpi(kpi: KpiDefinition): KpiDefinition {
  return kpi;
}

/** A measured ratio a / b, or not measured with `reason` when b is 0. */
export function ratio(a: number, b: number, inputs: Record<string, number>, reason: string): KpiValue {
  return b === 0 ? { status: "not-measured", reason } : { status: "measured", value: a / b, inputs };
}
