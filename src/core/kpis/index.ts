/**
 * CRM KPIs per period, kept over time (docs/kpis.md). `computeKpis` returns plain data (the
 * report and every output render it): each KPI of the registry with its value in the period,
 * in the period before, and the change. Values that cannot be measured say why; none is guessed.
 */
import { systemUserRule } from "../checks/system-users.js";
import type { KpiSnapshotSummary, KpiStore, PeriodFacts } from "../stores/kpi-snapshots.js";
import type { KpiConfig } from "./config.js";
import type { KpiContext, KpiDefinition, KpiUnit, KpiUsage, KpiValue, RetentionBasis } from "./define.js";
import { previousPeriod, type Period } from "./period.js";
import { KPIS } from "./registry.js";

export type { KpiConfig } from "./config.js";
export { kpiConfigSchema } from "./config.js";
export type { KpiDefinition, KpiUnit, KpiUsage, KpiValue, RetentionBasis } from "./define.js";
export { defaultPeriod, isComplete, parsePeriod, PERIOD_FORMS, previousPeriod, type Period } from "./period.js";
export { KPIS } from "./registry.js";

export interface KpiResult {
  id: string;
  title: string;
  unit: KpiUnit;
  formula: string;
  current: KpiValue;
  previous: KpiValue;
  /** current − previous when both are measured (for ratios: in fractions, 0.03 = 3 points); else null. */
  change: number | null;
}

export interface KpiReport {
  workspaceId: string;
  period: Period;
  previousPeriod: Period;
  /** When it was computed, epoch ms; a period not over yet is `complete: false`. */
  computedAt: number;
  complete: boolean;
  /** The configuration's currency label, when it names one. */
  currency: string | null;
  kpis: KpiResult[];
}

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * The two snapshots retention compares for a period [start, end): the latest at or before the
 * start (else the first inside the period) and the latest inside the period, distinct. With
 * fewer than two it is not measured (docs/kpis.md, "Customer retention").
 */
export function retentionSnapshots(
  snapshots: readonly KpiSnapshotSummary[],
  period: Pick<Period, "start" | "end">,
): { start: KpiSnapshotSummary; end: KpiSnapshotSummary } | { reason: string } {
  const sorted = [...snapshots].sort((a, b) => a.asOf - b.asOf || a.id - b.id);
  const before = sorted.filter((s) => s.asOf <= period.start);
  const inside = sorted.filter((s) => s.asOf > period.start && s.asOf < period.end);
  const start = before[before.length - 1] ?? inside[0];
  const end = inside[inside.length - 1];
  if (!start || !end || start.id === end.id) {
    const covering = (before.length ? 1 : 0) + inside.length;
    return {
      reason:
        `${covering === 0 ? "no import snapshot covers" : "only one import snapshot covers"} the period ` +
        "(retention needs one at or before its start, or inside it, and a later one inside it)",
    };
  }
  return { start, end };
}

async function retentionBasis(
  store: KpiStore,
  workspaceId: string,
  snapshots: readonly KpiSnapshotSummary[],
  period: Period,
): Promise<RetentionBasis> {
  const pair = retentionSnapshots(snapshots, period);
  if ("reason" in pair) return { status: "not-measured", reason: pair.reason };
  if (pair.start.counts.customers === 0)
    return { status: "not-measured", reason: `no customers in the import snapshot of ${day(pair.start.asOf)}` };
  const [start, end] = await Promise.all([
    store.snapshot(workspaceId, pair.start.id),
    store.snapshot(workspaceId, pair.end.id),
  ]);
  if (!start || !end) return { status: "not-measured", reason: "the import snapshots were removed meanwhile" };
  const after = new Set(end.customers);
  let kept = 0;
  for (const id of start.customers) if (after.has(id)) kept++;
  return {
    status: "measured",
    startAsOf: start.asOf,
    endAsOf: end.asOf,
    customersAtStart: start.customers.length,
    kept,
  };
}

/** The period's usage without system users (`systemUsers`: the configuration's ids and emails). */
export function usageOf(
  facts: Pick<PeriodFacts, "users" | "activitiesByUser">,
  systemUsers: readonly string[] = [],
): KpiUsage {
  const isSystem = systemUserRule(systemUsers);
  const system = new Set(facts.users.filter(isSystem).map((u) => u.id));
  const seats = facts.users.filter((u) => u.active && !system.has(u.id));
  let activities = 0;
  for (const [userId, n] of Object.entries(facts.activitiesByUser)) if (!system.has(userId)) activities += n;
  return {
    activeUsers: seats.length,
    adopters: seats.filter((u) => (facts.activitiesByUser[u.id] ?? 0) > 0).length,
    activities,
    systemUsers: system.size,
  };
}

async function valuesFor(
  store: KpiStore,
  workspaceId: string,
  snapshots: readonly KpiSnapshotSummary[],
  period: Period,
  config: KpiConfig | null,
  systemUsers: readonly string[],
  kpis: readonly KpiDefinition[],
): Promise<KpiValue[]> {
  const [facts, retention] = await Promise.all([
    store.periodFacts(workspaceId, period.start, period.end),
    retentionBasis(store, workspaceId, snapshots, period),
  ]);
  const context: KpiContext = { period, facts, usage: usageOf(facts, systemUsers), retention, config };
  return kpis.map((kpi) => kpi.compute(context));
}

/** Every KPI of `period` and of the period before, with the change. */
export async function computeKpis(options: {
  store: KpiStore;
  workspaceId: string;
  period: Period;
  config: KpiConfig | null;
  /** Ids or emails of system users beside those the rule recognises (`systemUsers:` of the configuration). */
  systemUsers?: readonly string[];
  now: number;
  kpis?: readonly KpiDefinition[];
}): Promise<KpiReport> {
  const { store, workspaceId, period, config, now } = options;
  const systemUsers = options.systemUsers ?? [];
  const kpis = options.kpis ?? KPIS;
  const previous = previousPeriod(period);
  const snapshots = await store.snapshots(workspaceId);
  const [current, before] = await Promise.all([
    valuesFor(store, workspaceId, snapshots, period, config, systemUsers, kpis),
    valuesFor(store, workspaceId, snapshots, previous, config, systemUsers, kpis),
  ]);
  return {
    workspaceId,
    period,
    previousPeriod: previous,
    computedAt: now,
    complete: period.end <= now,
    currency: config?.currency ?? null,
    kpis: kpis.map((kpi, i) => {
      const a = current[i]!;
      const b = before[i]!;
      return {
        id: kpi.id,
        title: kpi.title,
        unit: kpi.unit,
        formula: kpi.formula,
        current: a,
        previous: b,
        change: a.status === "measured" && b.status === "measured" ? a.value - b.value : null,
      };
    }),
  };
}

export interface KpiTrendPoint {
  period: Period;
  /** By KPI id, in registry order. */
  values: Record<string, KpiValue>;
}

/** Most periods a trend may span (five years of months): each costs a few aggregate queries. */
export const MAX_TREND_PERIODS = 60;

/**
 * Each KPI over the `count` periods ending with `last`, oldest first: the data of a KPI trend
 * chart. Unmeasured points stay unmeasured (a gap, not a zero).
 */
export async function computeKpiTrend(options: {
  store: KpiStore;
  workspaceId: string;
  last: Period;
  count: number;
  config: KpiConfig | null;
  systemUsers?: readonly string[];
  kpis?: readonly KpiDefinition[];
}): Promise<KpiTrendPoint[]> {
  const { store, workspaceId, config } = options;
  const kpis = options.kpis ?? KPIS;
  const count = Math.max(1, Math.min(MAX_TREND_PERIODS, Math.floor(options.count)));
  const periods: Period[] = [options.last];
  while (periods.length < count) periods.unshift(previousPeriod(periods[0]!));
  const snapshots = await store.snapshots(workspaceId);
  const points: KpiTrendPoint[] = [];
  for (const period of periods) {
    const values = await valuesFor(store, workspaceId, snapshots, period, config, options.systemUsers ?? [], kpis);
    points.push({ period, values: Object.fromEntries(kpis.map((k, i) => [k.id, values[i]!])) });
  }
  return points;
}
