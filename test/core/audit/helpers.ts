/** Small builders for audit tests: rows written straight into the canonical tables, as the importer stores them. */
import type { SqliteDatabase } from "../../../src/db/database.js";
import { entitySpec, type EntityName } from "../../../src/core/dataset/entities.js";
import {
  DAY_MS,
  defineCheck,
  type Category,
  type CheckVisitors,
  type Severity,
} from "../../../src/core/checks/types.js";
import type { EffectiveCheck } from "../../../src/core/audit/runner.js";
import { z } from "zod";

export const T = Date.UTC(2026, 4, 1, 12); // 2026-05-01T12:00:00Z
export const days = (n: number) => n * DAY_MS;

const REQUIRED_DEFAULTS: Record<EntityName, Record<string, unknown>> = {
  users: { name: "User", email: "user@example.com", active: 1 },
  companies: { name: "Company", createdAt: T - days(400), updatedAt: T - days(10) },
  contacts: { createdAt: T - days(400), updatedAt: T - days(10) },
  deals: { name: "Deal", stage: "proposal", status: "open", createdAt: T - days(100), updatedAt: T - days(10) },
  tasks: { subject: "Task", status: "open", createdAt: T - days(10) },
  activities: { type: "call", userId: "u1", occurredAt: T - days(1) },
  customer_feedback: { score: 5, scale: "csat5", submittedAt: T - days(5) },
};

export function ensureWorkspace(sqlite: SqliteDatabase, workspaceId: string): void {
  sqlite
    .prepare(`INSERT OR IGNORE INTO workspaces (id, name, createdAt) VALUES (?, ?, ?)`)
    .run(workspaceId, workspaceId, T);
}

/** Inserts rows (id + the fields that matter to the test; required columns get defaults). */
export function insertRows(
  sqlite: SqliteDatabase,
  workspaceId: string,
  entity: EntityName,
  rows: Array<Record<string, unknown> & { id: string }>,
): void {
  ensureWorkspace(sqlite, workspaceId);
  const spec = entitySpec(entity);
  const fields = spec.columns.map((c) => c.field);
  const insert = sqlite.prepare(
    `INSERT INTO "${spec.table}" ("workspaceId", ${fields.map((f) => `"${f}"`).join(", ")}) VALUES (?, ${fields.map(() => "?").join(", ")})`,
  );
  sqlite.transaction(() => {
    for (const row of rows) {
      const full: Record<string, unknown> = { ...REQUIRED_DEFAULTS[entity], ...row };
      insert.run(
        workspaceId,
        ...fields.map((f) => (typeof full[f] === "boolean" ? (full[f] ? 1 : 0) : (full[f] ?? null))),
      );
    }
  })();
}

/** A test check that flags the rows of `entity` matching `predicate`. */
export function flagCheck<E extends EntityName>(
  id: string,
  category: Category,
  entity: E,
  predicate: (row: never, asOf: number) => boolean,
  severity: Severity = "medium",
): EffectiveCheck {
  const check = defineCheck({
    meta: {
      id,
      title: `Test ${id}`,
      category,
      severity,
      entity,
      shape: "records",
      effort: "per-record",
      why: "test",
      fix: "fix it",
    },
    thresholds: z.object({}),
    create(context) {
      return {
        [entity]: (row: { id: string }) => {
          if (predicate(row as never, context.asOf)) context.report(row.id);
        },
      } as CheckVisitors;
    },
  });
  return { check, severity, thresholds: {} };
}
