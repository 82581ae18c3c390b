/**
 * The set-based checks' SQL on PostgreSQL (Check.setBased): the same conditions as SQLite's
 * (src/db/sqlite/check-sql.ts) in PostgreSQL's spelling, evaluated like there: one statement per
 * table flags every requested check for each row in one scan and returns only flagged rows.
 * Instants ({asOf}, {cutoff}, {today}) are bound as timestamps, so the comparisons use the
 * columns' own type; test/db/contract/audit.test.ts checks the findings equal SQLite's.
 */
import type { SetBasedRequest } from "../../core/audit/stores.js";
import { entitySpec, type EntityName } from "../../core/dataset/entities.js";
import { checkSql, JS_WHITESPACE, type CheckSqlDialect } from "../sqlite/check-sql.js";
import type { SqlParam, SyncPg } from "./sync-client.js";

export const POSTGRES_DIALECT: CheckSqlDialect = {
  // ascii() gives the first character's code point in a UTF8 database.
  firstCodePoint: (column) => `ascii(${column})`,
  trim: (column) => `BTRIM(${column}, '${JS_WHITESPACE}')`,
  epochZero: `TIMESTAMP '1970-01-01 00:00:00'`,
  inJsonArray: (value, array) => `${value} IN (SELECT jsonb_array_elements_text(${array}::jsonb))`,
};

export const POSTGRES_CHECK_SQL = checkSql(POSTGRES_DIALECT);

/** Parameters that are instants (epoch ms in, timestamps in the SQL). */
const INSTANTS = new Set(["asOf", "cutoff", "today"]);

export function postgresFlagSetBased(
  pg: SyncPg,
  workspaceId: string,
  asOf: number,
  requests: readonly SetBasedRequest[],
): Record<string, string[]> {
  const byEntity = new Map<EntityName, { checks: { checkId: string; condition: string }[]; params: SqlParam[] }>();
  for (const request of requests) {
    const sql = POSTGRES_CHECK_SQL[request.checkId];
    if (!sql) continue;
    let table = byEntity.get(sql.entity);
    // $1 is the workspace in every statement.
    if (!table) byEntity.set(sql.entity, (table = { checks: [], params: [workspaceId] }));
    const { params } = table;
    const condition = sql.condition.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (name === "ws") return "$1";
      const value = name === "asOf" ? asOf : request.params[name];
      if (value === undefined) throw new Error(`${request.checkId}: its SQL needs the parameter ${name}`);
      params.push(value);
      const at = `$${params.length}`;
      return INSTANTS.has(name) ? `to_timestamp(${at}::double precision / 1000)` : at;
    });
    table.checks.push({ checkId: request.checkId, condition });
  }
  const flagged: Record<string, string[]> = {};
  for (const [entity, { checks, params }] of byEntity) {
    const ids = checks.map((c) => (flagged[c.checkId] = [] as string[]));
    const flags = checks.map((c) => `CASE WHEN ${c.condition} THEN 1 ELSE 0 END`);
    const rows = pg.queryArrays(
      `SELECT t."id", ${flags.join(", ")} FROM "${entitySpec(entity).table}" t ` +
        `WHERE t."workspaceId" = $1 AND (${checks.map((c) => `(${c.condition})`).join(" OR ")})`,
      params,
    );
    for (const row of rows) {
      for (let i = 0; i < ids.length; i++) if (row[i + 1] === 1) ids[i]!.push(row[0] as string);
    }
  }
  return flagged;
}
