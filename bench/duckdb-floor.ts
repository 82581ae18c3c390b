/**
 * The analytical floor: the set-based checks' own SQL (src/db/sqlite/check-sql.ts, one
 * statement per table, as the audit runs it) on DuckDB, over the same workspace's canonical
 * tables. DuckDB cannot read the SQLite file offline (its extension is downloaded), so the
 * tables are exported to CSV first (not timed) and loaded with read_csv (timed apart from the
 * queries). Beside it, the same statements on SQLite in the same process. A benchmark
 * dependency only (@duckdb/node-api, devDependencies).
 */
import fs from "node:fs";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { stringify } from "csv-stringify/sync";
import type { SetBasedRequest } from "../src/core/audit/stores.js";
import { CHECKS } from "../src/core/checks/registry.js";
import { entitySpec, type EntityName } from "../src/core/dataset/entities.js";
import type { SqliteDatabase } from "../src/db/database.js";
import { sqliteAuditReader } from "../src/db/sqlite/audit-reader.js";
import { SQLITE_CHECK_SQL } from "../src/db/sqlite/check-sql.js";

/** The set-based checks with their default settings, as the audit asks for them. */
export function setBasedRequests(asOf: number): SetBasedRequest[] {
  return CHECKS.filter((c) => c.setBased).map((c) => ({
    checkId: c.meta.id,
    params: c.setBased!(c.thresholds.parse({}), asOf)!,
  }));
}

const literal = (value: number | string) =>
  typeof value === "number" ? String(value) : `'${value.replace(/'/g, "''")}'`;

/** One statement per table, as flagSetBased builds it, with values inlined (our own numbers and codes). */
function duckDbStatements(
  workspaceId: string,
  asOf: number,
  requests: SetBasedRequest[],
): { table: string; ids: string[]; conditions: string[]; sql: string }[] {
  const byEntity = new Map<EntityName, { ids: string[]; conditions: string[] }>();
  for (const request of requests) {
    const sql = SQLITE_CHECK_SQL[request.checkId];
    if (!sql) continue;
    const condition = sql.condition
      // A JSON array parameter: DuckDB reads the list directly instead of SQLite's json_each.
      .replace(/\(SELECT value FROM json_each\(\{(\w+)\}\)\)/g, (_, name: string) => {
        const list = JSON.parse(String(request.params[name])) as string[];
        return `(${list.map(literal).join(", ")})`;
      })
      .replace(/\{(\w+)\}/g, (_, name: string) =>
        name === "ws" ? literal(workspaceId) : name === "asOf" ? String(asOf) : literal(request.params[name]!),
      );
    const table = byEntity.get(sql.entity) ?? { ids: [], conditions: [] };
    table.ids.push(request.checkId);
    table.conditions.push(condition);
    byEntity.set(sql.entity, table);
  }
  return [...byEntity].map(([entity, { ids, conditions }]) => ({
    table: entitySpec(entity).table,
    ids,
    conditions,
    sql:
      `SELECT t."id", ${conditions.map((c) => `CASE WHEN ${c} THEN 1 ELSE 0 END`).join(", ")} ` +
      `FROM "${entitySpec(entity).table}" t WHERE t."workspaceId" = ${literal(workspaceId)} ` +
      `AND (${conditions.map((c) => `(${c})`).join(" OR ")})`,
  }));
}

const TABLES: EntityName[] = ["users", "contacts", "deals", "tasks", "activities"];

function duckType(declared: string): string {
  const type = declared.toUpperCase();
  if (type.includes("INT") || type.includes("DATE") || type.includes("BOOL")) return "BIGINT";
  if (type.includes("REAL") || type.includes("FLOA") || type.includes("DOUB") || type.includes("DEC")) return "DOUBLE";
  return "VARCHAR";
}

/** NULL in the exported CSV: an empty field is an empty string. */
const NULL = "\\N";

/** Writes each table the checks read as CSV; returns the column types. */
function exportTables(
  sqlite: SqliteDatabase,
  dir: string,
): Map<EntityName, { file: string; columns: [string, string][] }> {
  fs.mkdirSync(dir, { recursive: true });
  const out = new Map<EntityName, { file: string; columns: [string, string][] }>();
  for (const entity of TABLES) {
    const table = entitySpec(entity).table;
    const info = sqlite.pragma(`table_info("${table}")`) as { name: string; type: string }[];
    const columns = info.map((c) => [c.name, duckType(c.type)] as [string, string]);
    const file = path.join(dir, `${table}.csv`);
    const fd = fs.openSync(file, "w");
    fs.writeSync(fd, stringify([columns.map(([name]) => name)]));
    let batch: unknown[][] = [];
    const flush = () => {
      fs.writeSync(fd, stringify(batch));
      batch = [];
    };
    for (const row of sqlite.prepare(`SELECT * FROM "${table}"`).raw().iterate() as IterableIterator<unknown[]>) {
      batch.push(row.map((v) => (v === null ? NULL : v)));
      if (batch.length === 50_000) flush();
    }
    flush();
    fs.closeSync(fd);
    out.set(entity, { file, columns });
  }
  return out;
}

export interface DuckDbFloor {
  exportSeconds: number;
  loadSeconds: number;
  /** The statements the audit runs: one per table. */
  querySeconds: number;
  /** One statement per check. */
  perCheckSeconds: number;
  /** The same statements on SQLite, in this process, on the connection given. */
  sqliteSeconds: number;
  counts: Record<string, number>;
  /** Check ids where DuckDB and SQLite flagged different ids. */
  differ: string[];
}

export async function runDuckDbFloor(
  sqlite: SqliteDatabase,
  workspaceId: string,
  asOf: number,
  dir: string,
): Promise<DuckDbFloor> {
  let t = performance.now();
  const files = exportTables(sqlite, dir);
  const exportSeconds = (performance.now() - t) / 1000;

  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  t = performance.now();
  for (const [entity, { file, columns }] of files) {
    const types = columns.map(([name, type]) => `'${name}': '${type}'`).join(", ");
    await connection.run(
      `CREATE TABLE "${entitySpec(entity).table}" AS SELECT * FROM read_csv('${file}', header = true, ` +
        `columns = {${types}}, nullstr = '${NULL}')`,
    );
  }
  const loadSeconds = (performance.now() - t) / 1000;

  const requests = setBasedRequests(asOf);
  const statements = duckDbStatements(workspaceId, asOf, requests);
  // As the audit asks (one statement per table, a flag per check)...
  t = performance.now();
  const duck: Record<string, Set<string>> = {};
  for (const { ids, sql } of statements) {
    for (const id of ids) duck[id] = new Set();
    const rows = (await connection.runAndReadAll(sql)).getRows();
    for (const row of rows)
      for (let i = 0; i < ids.length; i++) if (Number(row[i + 1]) === 1) duck[ids[i]!]!.add(String(row[0]));
  }
  const querySeconds = (performance.now() - t) / 1000;
  // ...and one statement per check, which DuckDB's planner may prefer (its correlated EXISTS
  // become joins per statement).
  t = performance.now();
  for (const { table, ids, conditions } of statements)
    for (let i = 0; i < ids.length; i++)
      await connection.runAndReadAll(
        `SELECT t."id" FROM "${table}" t WHERE t."workspaceId" = ${literal(workspaceId)} AND (${conditions[i]})`,
      );
  const perCheckSeconds = (performance.now() - t) / 1000;
  connection.closeSync();
  instance.closeSync();

  t = performance.now();
  const lite = sqliteAuditReader(sqlite).flagSetBased!(workspaceId, asOf, requests);
  const sqliteSeconds = (performance.now() - t) / 1000;
  const differ = Object.keys(lite).filter((id) => {
    const a = duck[id] ?? new Set<string>();
    return a.size !== lite[id]!.length || lite[id]!.some((x) => !a.has(x));
  });
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    exportSeconds,
    loadSeconds,
    querySeconds,
    perCheckSeconds,
    sqliteSeconds,
    counts: Object.fromEntries(Object.entries(duck).map(([id, set]) => [id, set.size])),
    differ,
  };
}
