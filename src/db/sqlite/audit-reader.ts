/**
 * The audit's reads on SQLite (AuditDataReader, src/core/audit/stores.ts). Streams one
 * workspace's CRM tables for an audit, one row at a time, with the facts that depend on the
 * as-of instant T computed by SQLite in the same statement, so a 1M-row table never sits in
 * memory: `.iterate()` hands rows over as the statement steps.
 *
 * Storage facts this relies on (verified against Prisma's adapter with
 * timestampFormat "unixepoch-ms" and the importer's raw writes): DateTime columns hold
 * INTEGER epoch milliseconds, Boolean columns hold INTEGER 0/1, blanks are NULL.
 *
 * Measured choices (bench/, 1M contacts, 3M activities):
 * - rows come back as arrays (`.raw()`) and are turned into objects by a small function
 *   generated from the entity's column list: about half the cost of better-sqlite3 building
 *   the objects itself;
 * - when the table holds only this workspace, it is scanned in storage order (NOT INDEXED):
 *   reaching 1M rows through a workspaceId index means 1M random page reads, ~3× slower;
 * - the latest activity per user/contact/deal is a correlated MAX over the
 *   (workspaceId, key, occurredAt) index: one index seek per row, nothing materialised
 *   (a GROUP BY subquery joined in was no faster and builds a temporary 1M-row index).
 */
import type { AuditRows } from "../../core/checks/types.js";
import { ENTITIES, entitySpec, type EntityName } from "../../core/dataset/entities.js";
import type { AuditDataReader, RecordCounts } from "../../core/audit/stores.js";
import type { SqliteDatabase } from "./connection.js";
import { duplicateDecisionStore } from "../stores/duplicate-decisions.js";
import { SQLITE_CHECK_SQL } from "./check-sql.js";
import { STORED_KEYS } from "../../core/duplicates/stored-keys.js";
import type { SetBasedRequest } from "../../core/audit/stores.js";

/** Latest linked activity at or before T, per key column of activities. */
export const DERIVED: Partial<Record<EntityName, { field: string; activityKey: string }>> = {
  users: { field: "lastActivityAt", activityKey: "userId" },
  contacts: { field: "lastLinkedActivityAt", activityKey: "contactId" },
  deals: { field: "lastLinkedActivityAt", activityKey: "dealId" },
};

/**
 * Stored columns beyond the contract's (not CSV columns): phone facts parsed once at import, the
 * normalised blocking fields of duplicate detection (src/core/duplicates/stored-keys.ts), and
 * the users' extra columns, which can flag system users (src/core/checks/system-users.ts).
 */
const IMPORT_DERIVED: Partial<Record<EntityName, string[]>> = {
  users: ["extra"],
  contacts: ["phoneE164", "phoneValid", ...Object.values(STORED_KEYS.contacts).map(([column]) => column)],
  companies: ["phoneE164", "phoneValid", ...Object.values(STORED_KEYS.companies).map(([column]) => column)],
};
const IMPORT_DERIVED_BOOLEANS = ["phoneValid"];

const quote = (name: string) => `"${name}"`;

/** Stored field names of AuditRows[entity]: the contract's columns, then import-derived ones. */
function storedFields(entity: EntityName): string[] {
  return [...entitySpec(entity).columns.map((c) => c.field), ...(IMPORT_DERIVED[entity] ?? [])];
}

/**
 * Field names of AuditRows[entity], in SELECT order; with `only`, just those fields (and the
 * id), for a pass whose checks all declared what they read (CheckMeta.reads).
 */
export function auditRowFields(entity: EntityName, only?: ReadonlySet<string>): string[] {
  const derived = DERIVED[entity];
  const fields = derived ? [...storedFields(entity), derived.field] : storedFields(entity);
  return only ? fields.filter((f) => f === "id" || only.has(f)) : fields;
}

/**
 * The SELECT that produces AuditRows[entity] (before boolean conversion), or the `only` fields
 * of it; parameters @workspaceId and @asOf. `fullScan` reads the table in storage order.
 */
function auditRowsSql(entity: EntityName, fullScan = false, only?: ReadonlySet<string>): string {
  const spec = entitySpec(entity);
  const fields = auditRowFields(entity, only);
  const derived = DERIVED[entity];
  const columns = fields.filter((f) => f !== derived?.field).map((field) => `t.${quote(field)}`);
  if (derived && fields.includes(derived.field)) {
    columns.push(
      `(SELECT MAX(a."occurredAt") FROM "activities" a WHERE a."workspaceId" = @workspaceId ` +
        `AND a.${quote(derived.activityKey)} = t."id" AND a."occurredAt" <= @asOf)`,
    );
  }
  return (
    `SELECT ${columns.join(", ")} FROM ${quote(spec.table)} t${fullScan ? " NOT INDEXED" : ""} ` +
    `WHERE t."workspaceId" = @workspaceId`
  );
}

type RowBuilder = (values: unknown[]) => Record<string, unknown>;

/**
 * A function turning a raw row (array) into a record object with a fixed shape; booleans
 * 0/1 → true/false. Generated from our own column list (no user input reaches the source).
 */
function rowBuilder(entity: EntityName, only?: ReadonlySet<string>): RowBuilder {
  const booleans = new Set(
    entitySpec(entity)
      .columns.filter((c) => c.type === "boolean")
      .map((c) => c.field)
      .concat(IMPORT_DERIVED[entity] ? IMPORT_DERIVED_BOOLEANS : []),
  );
  const body = auditRowFields(entity, only)
    .map((field, i) =>
      booleans.has(field)
        ? `${JSON.stringify(field)}: v[${i}] === null ? null : v[${i}] === 1`
        : `${JSON.stringify(field)}: v[${i}]`,
    )
    .join(", ");
  return new Function("v", `return { ${body} };`) as RowBuilder;
}

const BUILDERS = new Map<string, RowBuilder>(ENTITIES.map((e) => [e.name, rowBuilder(e.name)]));

export function builderFor(entity: EntityName, only?: ReadonlySet<string>): RowBuilder {
  if (!only) return BUILDERS.get(entity)!;
  const key = `${entity}:${[...only].sort().join(",")}`;
  let build = BUILDERS.get(key);
  if (!build) BUILDERS.set(key, (build = rowBuilder(entity, only)));
  return build;
}

/** True when every row of the table belongs to this workspace (two index seeks). */
export function tableHoldsOnly(sqlite: SqliteDatabase, workspaceId: string, entity: EntityName): boolean {
  const table = quote(entitySpec(entity).table);
  const row = sqlite
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM ${table} WHERE "workspaceId" < @ws) OR EXISTS (SELECT 1 FROM ${table} WHERE "workspaceId" > @ws) AS others`,
    )
    .get({ ws: workspaceId }) as { others: number };
  return row.others === 0;
}

/**
 * Rows of one table of one workspace, as the checks see them. With `only`, rows carry just
 * those fields and the id (a wide table reads faster when few of its columns are needed).
 */
function* readAuditRows<E extends EntityName>(
  sqlite: SqliteDatabase,
  workspaceId: string,
  entity: E,
  asOf: number,
  only?: ReadonlySet<string>,
): Generator<AuditRows[E]> {
  const fullScan = tableHoldsOnly(sqlite, workspaceId, entity);
  const sql = auditRowsSql(entity, fullScan, only);
  const statement = sqlite.prepare(sql).raw();
  const params = sql.includes("@asOf") ? { workspaceId, asOf } : { workspaceId };
  const build = builderFor(entity, only);
  for (const values of statement.iterate(params) as IterableIterator<unknown[]>) {
    yield build(values) as unknown as AuditRows[E];
  }
}

/** Number of records per entity in the workspace (index-only counts). */
function countRecords(sqlite: SqliteDatabase, workspaceId: string): RecordCounts {
  const counts = {} as RecordCounts;
  for (const spec of ENTITIES) {
    const row = sqlite
      .prepare(`SELECT COUNT(*) AS n FROM ${quote(spec.table)} WHERE "workspaceId" = ?`)
      .get(workspaceId) as { n: number };
    counts[spec.name] = row.n;
  }
  return counts;
}

/**
 * The workspace's data version: the id of its latest import_log row. Every import writes that
 * row inside the transaction that writes its records.
 */
function dataVersion(sqlite: SqliteDatabase, workspaceId: string): number {
  const row = sqlite
    .prepare(`SELECT COALESCE(MAX(id), 0) AS version FROM import_log WHERE workspaceId = ?`)
    .get(workspaceId) as { version: number };
  return row.version;
}

/**
 * One read transaction around `read`: in WAL mode the snapshot is fixed by the first read.
 * Inside a caller's transaction it just runs `read`.
 */
function inReadSnapshot<T>(sqlite: SqliteDatabase, read: () => T): T {
  if (sqlite.inTransaction) return read();
  sqlite.exec("BEGIN");
  try {
    return read();
  } finally {
    // Read-only: COMMIT only ends the snapshot.
    sqlite.exec("COMMIT");
  }
}

/**
 * Fill counts of one table by SQL, in `fields` order: one aggregate scan in SQLite, so a big
 * table no check visits (activities) is not handed to JavaScript row by row to count blanks.
 */
function fillCounts(
  sqlite: SqliteDatabase,
  workspaceId: string,
  entity: EntityName,
  fields: readonly string[],
): { filled: number[]; total: number } {
  const spec = entitySpec(entity);
  const sums = fields.map((f) => `SUM(CASE WHEN "${f}" IS NULL OR "${f}" = '' THEN 0 ELSE 1 END)`);
  const row = sqlite
    .prepare(
      `SELECT COUNT(*) AS total${sums.map((e, i) => `, ${e} AS f${i}`).join("")} FROM "${spec.table}"` +
        // Same reasoning as the reader: storage order beats 1M index-driven random reads.
        `${tableHoldsOnly(sqlite, workspaceId, entity) ? " NOT INDEXED" : ""} WHERE "workspaceId" = ?`,
    )
    .get(workspaceId) as Record<string, number | null>;
  return { filled: fields.map((_, i) => row[`f${i}`] ?? 0), total: row.total ?? 0 };
}

/**
 * The set-based checks' ids by their SQL (check-sql.ts): one statement per table computes every
 * requested check's flag for each row in a single scan and returns only the rows some check
 * flags, with one 0/1 column per check. Checks without SQL here are left out of the result.
 */
function flagSetBased(
  sqlite: SqliteDatabase,
  workspaceId: string,
  asOf: number,
  requests: readonly SetBasedRequest[],
): Record<string, string[]> {
  // Per table: its checks' conditions and the parameters they bind.
  const byEntity = new Map<
    EntityName,
    { checks: { checkId: string; condition: string }[]; params: Record<string, number | string> }
  >();
  requests.forEach((request, i) => {
    const sql = SQLITE_CHECK_SQL[request.checkId];
    if (!sql) return;
    let table = byEntity.get(sql.entity);
    if (!table) byEntity.set(sql.entity, (table = { checks: [], params: { ws: workspaceId } }));
    const { params } = table;
    const condition = sql.condition.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (name === "ws") return "@ws";
      if (name === "asOf") {
        params.asOf = asOf;
        return "@asOf";
      }
      const value = request.params[name];
      if (value === undefined) throw new Error(`${request.checkId}: its SQL needs the parameter ${name}`);
      params[`p${i}_${name}`] = value;
      return `@p${i}_${name}`;
    });
    table.checks.push({ checkId: request.checkId, condition });
  });
  const flagged: Record<string, string[]> = {};
  for (const [entity, { checks, params }] of byEntity) {
    const ids = checks.map((c) => (flagged[c.checkId] = [] as string[]));
    const flags = checks.map((c) => `CASE WHEN ${c.condition} THEN 1 ELSE 0 END`);
    const fullScan = tableHoldsOnly(sqlite, workspaceId, entity) ? " NOT INDEXED" : "";
    const statement = sqlite
      .prepare(
        `SELECT t."id", ${flags.join(", ")} FROM ${quote(entitySpec(entity).table)} t${fullScan} ` +
          `WHERE t."workspaceId" = @ws AND (${checks.map((c) => `(${c.condition})`).join(" OR ")})`,
      )
      .raw();
    for (const row of statement.iterate(params) as IterableIterator<unknown[]>) {
      for (let i = 0; i < ids.length; i++) if (row[i + 1] === 1) ids[i]!.push(row[0] as string);
    }
  }
  return flagged;
}

/** The audit's reads on one connection. */
export function sqliteAuditReader(sqlite: SqliteDatabase): AuditDataReader {
  const decisions = duplicateDecisionStore(sqlite);
  return {
    notDuplicatePairs: (workspaceId, entity) => decisions.notDuplicatePairs(workspaceId, entity),
    dataVersion: (workspaceId) => dataVersion(sqlite, workspaceId),
    inReadSnapshot: (read) => inReadSnapshot(sqlite, read),
    countRecords: (workspaceId) => countRecords(sqlite, workspaceId),
    readRows: (workspaceId, entity, asOf, only) => readAuditRows(sqlite, workspaceId, entity, asOf, only),
    fillCounts: (workspaceId, entity, fields) => fillCounts(sqlite, workspaceId, entity, fields),
    flagSetBased: (workspaceId, asOf, requests) => flagSetBased(sqlite, workspaceId, asOf, requests),
  };
}
