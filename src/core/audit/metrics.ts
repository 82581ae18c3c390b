/**
 * Metrics reported beside findings. They are computed from the same single pass over the
 * tables as the checks (the collector below is one more set of visitors, reading only the
 * fields in `reads`), as of T. Fill rates come from one aggregate query per table
 * (AuditDataReader.fillCounts), so no row is handed to JavaScript only to count its blanks and
 * a pass reads only the columns its visitors declared.
 * Exact definitions (also in docs/audit.md); the period is the 365 days before T, (T−365d, T]:
 *
 * - fill rate: share of the entity's records where an optional field is not blank;
 *   a field under 5% (with at least one record) is listed as unused.
 * - adoption rate: active users whose last login is at or after T−30d / active users.
 * - retention rate: of the companies that were customers at the period start (a won deal
 *   closed at or before T−365d), the share that bought again in the period (a won deal closed
 *   in the period). Lifecycle stages have no history in the data, deals do.
 * - conversion rate: deals created in the period that are won and closed by T / deals created
 *   in the period.
 * - win rate: won / (won + lost) over the deals closed in the period.
 * - CSAT mean: mean score of `csat5` feedback submitted in the period.
 * - NPS: % promoters (9–10) − % detractors (0–6) of `nps10` feedback submitted in the period,
 *   −100..100.
 * - counts and their relative change since the previous run: (now − before) / before, per
 *   entity that had records before.
 */
import { DAY_MS, type AuditRows, type CheckVisitors } from "../checks/types.js";
import { ENTITIES, type EntityName } from "../dataset/entities.js";
import type { AuditMetrics } from "./types.js";

export const UNUSED_FIELD_THRESHOLD = 0.05;
export const METRICS_PERIOD_DAYS = 365;
export const ADOPTION_LOGIN_DAYS = 30;

/**
 * Optional (non-required) fields per entity that people fill in: the ones whose fill rate says
 * something about how the CRM is used (not deals.last_activity_at, which the CRM keeps itself).
 */
export const OPTIONAL_FIELDS: Record<EntityName, string[]> = Object.fromEntries(
  ENTITIES.map((e) => [
    e.name,
    e.columns.filter((c) => !c.required && c.field !== "id" && c.filledByPeople !== false).map((c) => c.field),
  ]),
) as Record<EntityName, string[]>;

const isBlank = (value: unknown) => value === null || value === undefined || value === "";

export interface MetricsCollector {
  /** Visitors that need rows of their table (users, deals, customer_feedback). */
  visitors: CheckVisitors;
  /** The fields those visitors read, per table (a pass then reads only the declared columns). */
  reads: { readonly [E in EntityName]?: readonly string[] };
  /** Counts blanks of one row (call for every row of a streamed table). */
  countFill(entity: EntityName, row: object): void;
  /** Fill counts of a table that was not streamed, from AuditDataReader.fillCounts. */
  setFill(entity: EntityName, filled: readonly number[], total: number): void;
  result(counts: Record<EntityName, number>, previousCounts: Record<EntityName, number> | null): AuditMetrics;
}

export function createMetricsCollector(asOf: number): MetricsCollector {
  const periodStart = asOf - METRICS_PERIOD_DAYS * DAY_MS;
  const inPeriod = (t: number | null) => t !== null && t > periodStart && t <= asOf;

  const filled = Object.fromEntries(
    ENTITIES.map((e) => [e.name, new Array<number>(OPTIONAL_FIELDS[e.name].length).fill(0)]),
  ) as Record<EntityName, number[]>;
  const seen = Object.fromEntries(ENTITIES.map((e) => [e.name, 0])) as Record<EntityName, number>;
  const countFill = (entity: EntityName, row: object) => {
    const fields = OPTIONAL_FIELDS[entity];
    const tally = filled[entity];
    const record = row as Record<string, unknown>;
    for (let i = 0; i < fields.length; i++) if (!isBlank(record[fields[i]!])) tally[i]!++;
    seen[entity]++;
  };

  let activeUsers = 0;
  let adoptedUsers = 0;
  const customersAtStart = new Set<string>();
  const boughtInPeriod = new Set<string>();
  let createdInPeriod = 0;
  let convertedInPeriod = 0;
  let wonInPeriod = 0;
  let lostInPeriod = 0;
  let csatSum = 0;
  let csatCount = 0;
  let promoters = 0;
  let detractors = 0;
  let npsCount = 0;

  const visitors: CheckVisitors = {
    users(row: AuditRows["users"]) {
      if (!row.active) return;
      activeUsers++;
      if (row.lastLoginAt !== null && row.lastLoginAt >= asOf - ADOPTION_LOGIN_DAYS * DAY_MS) adoptedUsers++;
    },
    deals(row) {
      const closedByT = row.closedAt !== null && row.closedAt <= asOf;
      if (row.status === "won" && row.companyId !== null && row.closedAt !== null) {
        if (row.closedAt <= periodStart) customersAtStart.add(row.companyId);
        else if (row.closedAt <= asOf) boughtInPeriod.add(row.companyId);
      }
      if (inPeriod(row.createdAt)) {
        createdInPeriod++;
        if (row.status === "won" && closedByT) convertedInPeriod++;
      }
      if (inPeriod(row.closedAt)) {
        if (row.status === "won") wonInPeriod++;
        else if (row.status === "lost") lostInPeriod++;
      }
    },
    customer_feedback(row) {
      if (!inPeriod(row.submittedAt)) return;
      if (row.scale === "csat5") {
        csatSum += row.score;
        csatCount++;
      } else if (row.scale === "nps10") {
        npsCount++;
        if (row.score >= 9) promoters++;
        else if (row.score <= 6) detractors++;
      }
    },
  };

  return {
    visitors,
    reads: {
      users: ["active", "lastLoginAt"],
      deals: ["status", "companyId", "closedAt", "createdAt"],
      customer_feedback: ["submittedAt", "scale", "score"],
    },
    countFill,
    setFill(entity, counts, total) {
      filled[entity] = [...counts];
      seen[entity] = total;
    },
    result(counts, previousCounts) {
      const fillRates: AuditMetrics["fillRates"] = {};
      const unusedFields: string[] = [];
      for (const spec of ENTITIES) {
        const total = seen[spec.name];
        const rates: Record<string, number> = {};
        OPTIONAL_FIELDS[spec.name].forEach((field, i) => {
          const rate = total === 0 ? 0 : filled[spec.name][i]! / total;
          rates[field] = rate;
          if (total > 0 && rate < UNUSED_FIELD_THRESHOLD) unusedFields.push(`${spec.name}.${field}`);
        });
        fillRates[spec.name] = rates;
      }
      let retained = 0;
      for (const company of customersAtStart) if (boughtInPeriod.has(company)) retained++;
      let countChanges: AuditMetrics["countChanges"] = null;
      if (previousCounts) {
        countChanges = {};
        for (const spec of ENTITIES) {
          const before = previousCounts[spec.name] ?? 0;
          if (before > 0) countChanges[spec.name] = (counts[spec.name] - before) / before;
        }
      }
      const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
      return {
        counts,
        countChanges,
        fillRates,
        unusedFields,
        adoptionRate: ratio(adoptedUsers, activeUsers),
        retentionRate: ratio(retained, customersAtStart.size),
        conversionRate: ratio(convertedInPeriod, createdInPeriod),
        winRate: ratio(wonInPeriod, wonInPeriod + lostInPeriod),
        csatMean: ratio(csatSum, csatCount),
        nps: npsCount === 0 ? null : (100 * (promoters - detractors)) / npsCount,
        period: { start: periodStart, end: asOf },
      };
    },
  };
}
