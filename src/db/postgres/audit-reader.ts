/**
 * The audit's reads on PostgreSQL (AuditDataReader, src/core/audit/stores.ts): the same rows
 * as the SQLite reader (the field lists and row builders are shared with
 * src/db/sqlite/audit-reader.ts), streamed through a server-side cursor in batches, so a 1M-row
 * table never sits in memory. A snapshot is one REPEATABLE READ transaction: every read in it
 * sees the database as of its first query, whatever imports commit meanwhile.
 */
import type { AuditRows } from "../../core/checks/types.js";
import { ENTITIES, entitySpec, type EntityName } from "../../core/dataset/entities.js";
import type { AuditDataReader, RecordCounts } from "../../core/audit/stores.js";
import { auditRowFields, builderFor, DERIVED } from "../sqlite/audit-reader.js";
import { postgresDriver } from "../sql.js";
import { postgresFlagSetBased } from "./check-sql.js";
import { duplicateDecisionStore } from "../stores/duplicate-decisions.js";
import type { SyncPg } from "./sync-client.js";

const quote = (name: string) => `"${name}"`;

/** Rows per FETCH: large enough that a round trip costs little per row, small enough to stay light. */
const FETCH_ROWS = 5000;

/** The SELECT producing AuditRows[entity] (or its `only` fields); $1 workspaceId, $2 asOf. */
function auditRowsSql(entity: EntityName, only?: ReadonlySet<string>): string {
  const spec = entitySpec(entity);
  const fields = auditRowFields(entity, only);
  const derived = DERIVED[entity];
  const columns = fields.filter((f) => f !== derived?.field).map((field) => `t.${quote(field)}`);
  if (derived && fields.includes(derived.field)) {
    columns.push(
      `(SELECT MAX(a."occurredAt") FROM "activities" a WHERE a."workspaceId" = $1 ` +
        `AND a.${quote(derived.activityKey)} = t."id" AND a."occurredAt" <= to_timestamp($2::double precision / 1000))`,
    );
  }
  return `SELECT ${columns.join(", ")} FROM ${quote(spec.table)} t WHERE t."workspaceId" = $1`;
}

let cursors = 0;

/** Rows of one table of one workspace through a cursor, inside the caller's snapshot or a transaction of its own. */
function* readAuditRows<E extends EntityName>(
  pg: SyncPg,
  workspaceId: string,
  entity: E,
  asOf: number,
  only?: ReadonlySet<string>,
): Generator<AuditRows[E]> {
  const sql = auditRowsSql(entity, only);
  const build = builderFor(entity, only);
  const own = !pg.inTransaction;
  if (own) pg.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  const cursor = `audit_rows_${++cursors}`;
  try {
    pg.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`, sql.includes("$2") ? [workspaceId, asOf] : [workspaceId]);
    for (;;) {
      const batch = pg.queryArrays(`FETCH ${FETCH_ROWS} FROM ${cursor}`);
      for (const values of batch) yield build(values) as unknown as AuditRows[E];
      if (batch.length < FETCH_ROWS) break;
    }
  } finally {
    // Also when the consumer stops early (return()): the cursor goes, and our own transaction ends.
    try {
      pg.exec(`CLOSE ${cursor}`);
    } finally {
      if (own) pg.exec("COMMIT");
    }
  }
}

function countRecords(pg: SyncPg, workspaceId: string): RecordCounts {
  const counts = {} as RecordCounts;
  for (const spec of ENTITIES) {
    const [row] = pg.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quote(spec.table)} WHERE "workspaceId" = $1`, [
      workspaceId,
    ]);
    counts[spec.name] = row!.n;
  }
  return counts;
}

function dataVersion(pg: SyncPg, workspaceId: string): number {
  const [row] = pg.query<{ version: number }>(
    `SELECT COALESCE(MAX("id"), 0) AS version FROM "import_log" WHERE "workspaceId" = $1`,
    [workspaceId],
  );
  return row!.version;
}

/** Blank is null, and for text columns also ''. */
function fillCounts(
  pg: SyncPg,
  workspaceId: string,
  entity: EntityName,
  fields: readonly string[],
): { filled: number[]; total: number } {
  const spec = entitySpec(entity);
  const textual = new Set(
    spec.columns
      .filter((c) => typeof c.type === "object" || ["string", "tags", "country"].includes(c.type))
      .map((c) => c.field),
  );
  const sums = fields.map((f) =>
    textual.has(f) ? `COUNT(*) FILTER (WHERE ${quote(f)} IS NOT NULL AND ${quote(f)} <> '')` : `COUNT(${quote(f)})`,
  );
  const [row] = pg.query<Record<string, number>>(
    `SELECT COUNT(*) AS total${sums.map((e, i) => `, ${e} AS f${i}`).join("")} FROM ${quote(spec.table)} WHERE "workspaceId" = $1`,
    [workspaceId],
  );
  return { filled: fields.map((_, i) => row![`f${i}`] ?? 0), total: row!.total ?? 0 };
}

export function postgresAuditReader(pg: SyncPg): AuditDataReader {
  const decisions = duplicateDecisionStore(postgresDriver(pg));
  return {
    notDuplicatePairs: (workspaceId, entity) => decisions.notDuplicatePairs(workspaceId, entity),
    dataVersion: (workspaceId) => dataVersion(pg, workspaceId),
    inReadSnapshot: (read) => pg.transaction(read, "REPEATABLE READ"),
    countRecords: (workspaceId) => countRecords(pg, workspaceId),
    readRows: (workspaceId, entity, asOf, only) => readAuditRows(pg, workspaceId, entity, asOf, only),
    fillCounts: (workspaceId, entity, fields) => fillCounts(pg, workspaceId, entity, fields),
    flagSetBased: (workspaceId, asOf, requests) => postgresFlagSetBased(pg, workspaceId, asOf, requests),
  };
}
