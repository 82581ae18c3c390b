import type { AuditMetrics } from "../../src/core/audit/types.js";

/** Audit metrics with these record counts and nothing else measured: for hand-built runs in tests. */
export function metricsWithCounts(counts: AuditMetrics["counts"]): AuditMetrics {
  return {
    counts,
    countChanges: null,
    fillRates: {},
    unusedFields: [],
    adoptionRate: null,
    retentionRate: null,
    conversionRate: null,
    winRate: null,
    csatMean: null,
    nps: null,
  };
}
