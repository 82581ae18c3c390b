/**
 * A small AuditService for chat-core tests: it computes two real findings from the stored
 * data (task.overdue, contact.missing-email-and-phone) per workspace and keeps runs in memory,
 * so the core's scoping and rendering can be tested without the full audit engine.
 */
import { z } from "zod";
import type { SqlDriver, SqlParam } from "../../../src/db/sql.js";
import type { AuditRunResult, AuditService, FindingResult, RunSummary } from "../../../src/core/audit/types.js";
import { defineCheck, type Check } from "../../../src/core/checks/types.js";
import { resolveSelection } from "../../../src/core/checks/select.js";
import { metricsWithCounts } from "../../helpers/audit-metrics.js";

export const TEST_CHECKS: Check[] = [
  defineCheck({
    meta: {
      id: "task.overdue",
      title: "Overdue tasks",
      category: "process",
      severity: "medium",
      entity: "tasks",
      shape: "records",
      effort: "per-record",
      why: "Overdue tasks are promises not kept.",
      fix: "Do them, reschedule them or close them.",
    },
    thresholds: z.object({ graceDays: z.number().int().min(0).max(365).default(0) }),
    create: () => ({}),
  }),
  defineCheck({
    meta: {
      id: "contact.missing-email-and-phone",
      title: "Contacts with no email or phone",
      category: "data-quality",
      severity: "high",
      entity: "contacts",
      shape: "records",
      effort: "per-record",
      why: "Nobody can reach them.",
      fix: "Add an email or a phone number.",
    },
    thresholds: z.object({}),
    create: () => ({}),
  }),
];

export function createTestAuditService(
  db: { sql: SqlDriver },
  asOf: number,
): AuditService & { runs: AuditRunResult[] } {
  const runs: AuditRunResult[] = [];
  // Portable SQL (docs/storage.md): end-to-end tests use this on SQLite and PostgreSQL.
  const ids = (sql: string, ...params: SqlParam[]) => db.sql.all<{ id: string }>(sql, params).map((r) => r.id);
  return {
    runs,
    async close() {},
    async run(options) {
      const ws = options.workspaceId;
      const findings: FindingResult[] = [];
      const add = (check: Check, affected: string[]) =>
        findings.push({ ...check.meta, count: affected.length, affected, checkId: check.meta.id });
      add(
        TEST_CHECKS[0]!,
        ids(
          `SELECT "id" FROM "tasks" WHERE "workspaceId" = ? AND "status" = 'open' AND "dueAt" < ${db.sql.ts} ORDER BY "id"`,
          ws,
          asOf,
        ),
      );
      add(
        TEST_CHECKS[1]!,
        ids(
          `SELECT "id" FROM "contacts" WHERE "workspaceId" = ? AND "email" IS NULL AND "phone" IS NULL ORDER BY "id"`,
          ws,
        ),
      );
      const selection = resolveSelection(
        TEST_CHECKS.map((c) => c.meta),
        options.select,
      );
      const sameKind = (r: AuditRunResult) => JSON.stringify(r.selection) === JSON.stringify(selection);
      const previous = [...runs].reverse().find((r) => r.workspaceId === ws && sameKind(r)) ?? null;
      const overall = 100 - findings.reduce((n, f) => n + f.count, 0) * 5;
      const result: AuditRunResult = {
        id: runs.length + 1,
        workspaceId: ws,
        asOf,
        startedAt: asOf,
        durationMs: 12,
        trigger: options.trigger,
        requestedBy: options.requestedBy ?? null,
        selection,
        scores: { overall, categories: { process: overall, "data-quality": 90 } },
        metrics: metricsWithCounts({
          users: 2,
          companies: 1,
          contacts: 2,
          deals: 2,
          tasks: 3,
          activities: 1,
          customer_feedback: 0,
        }),
        findings,
        changes: previous
          ? {
              previousRunId: previous.id,
              overallDelta: overall - previous.scores.overall,
              categoryDeltas: {},
              checks: [],
            }
          : null,
      };
      runs.push(result);
      return result;
    },
    async latest(ws) {
      const newest = [...runs].reverse().filter((r) => r.workspaceId === ws);
      return newest.find((r) => r.selection === null) ?? newest[0] ?? null;
    },
    async get(ws, id) {
      return runs.find((r) => r.workspaceId === ws && r.id === id) ?? null;
    },
    async history(ws, limit): Promise<RunSummary[]> {
      return [...runs]
        .reverse()
        .filter((r) => r.workspaceId === ws)
        .slice(0, limit)
        .map((r) => ({ ...r, overall: r.scores.overall, findingCount: r.findings.length }));
    },
  };
}
