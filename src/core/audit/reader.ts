/**
 * Streams one workspace's CRM tables for an audit, one row at a time, with the facts that
 * depend on the as-of instant T computed by SQLite (not in JS) so a 1M-row table never sits
 * in memory: `.iterate()` hands rows over as the statement steps.
 *
 * Storage facts this relies on (verified against Prisma's adapter with
 * timestampFormat "unixepoch-ms" and the importer's raw writes): DateTime columns hold
 * INTEGER epoch milliseconds, Boolean columns hold INTEGER 0/1, blanks are NULL.
 */
import type { SqliteDatabase } from "../../db/database.js";
import { ENTITIES, entitySpec, type EntityName } from "../dataset/entities.js";
import type { AuditRows } from "../checks/types.js";

export type RecordCounts = Record<EntityName, number>;

/** Latest linked activity at or before T, per key column; joined into the scanned table. */
const DERIVED: Partial<Record<EntityName, { field: string; activityKey: string }>> = {
  users: { field: "lastActivityAt", activityKey: "userId" },
  contacts: { field: "lastLinkedActivityAt", activityKey: "contactId" },
  deals: { field: "lastActivityAt", activityKey: "dealId" },
};

const quote = (name: string) => `"${name}"`;

/** The SELECT that produces AuditRows[entity] (before boolean conversion). Exposed for the benchmark. */
export function auditRowsSql(entity: EntityName): string {
  const spec = entitySpec(entity);
  const columns = spec.columns.map((c) => `t.${quote(c.field)}`);
  const derived = DERIVED[entity];
  if (!derived) {
    return `SELECT ${columns.join(", ")} FROM ${quote(spec.table)} t WHERE t."workspaceId" = @workspaceId`;
  }
  // GROUP BY over the (workspaceId, key, occurredAt) index: SQLite reads the max per key from
  // the index without touching the activity rows.
  const key = quote(derived.activityKey);
  return (
    `SELECT ${columns.join(", ")}, d.last AS ${quote(derived.field)} ` +
    `FROM ${quote(spec.table)} t LEFT JOIN (` +
    `SELECT ${key} AS k, MAX("occurredAt") AS last FROM "activities" ` +
    `WHERE "workspaceId" = @workspaceId AND ${key} IS NOT NULL AND "occurredAt" <= @asOf GROUP BY ${key}` +
    `) d ON d.k = t."id" WHERE t."workspaceId" = @workspaceId`
  );
}

const BOOLEAN_FIELDS: Record<EntityName, string[]> = Object.fromEntries(
  ENTITIES.map((e) => [e.name, e.columns.filter((c) => c.type === "boolean").map((c) => c.field)]),
) as Record<EntityName, string[]>;

/** Rows of one table of one workspace, as the checks see them. */
export function* readAuditRows<E extends EntityName>(
  sqlite: SqliteDatabase,
  workspaceId: string,
  entity: E,
  asOf: number,
): Generator<AuditRows[E]> {
  const statement = sqlite.prepare(auditRowsSql(entity));
  const params = DERIVED[entity] ? { workspaceId, asOf } : { workspaceId };
  const booleans = BOOLEAN_FIELDS[entity];
  for (const row of statement.iterate(params) as IterableIterator<Record<string, unknown>>) {
    for (const field of booleans) {
      const value = row[field];
      if (value !== null && value !== undefined) row[field] = value === 1 || value === true;
    }
    yield row as unknown as AuditRows[E];
  }
}

/** Number of records per entity in the workspace (index-only counts). */
export function countRecords(sqlite: SqliteDatabase, workspaceId: string): RecordCounts {
  const counts = {} as RecordCounts;
  for (const spec of ENTITIES) {
    const row = sqlite
      .prepare(`SELECT COUNT(*) AS n FROM ${quote(spec.table)} WHERE "workspaceId" = ?`)
      .get(workspaceId) as { n: number };
    counts[spec.name] = row.n;
  }
  return counts;
}
