/**
 * The tiny driver a store needs to run the same SQL on SQLite and on PostgreSQL
 * (docs/storage.md, "Writing a portable store"): `?` placeholders (numbered for PostgreSQL
 * here), double-quoted identifiers, and the few fragments the two dialects spell differently.
 * Rows come back alike from both: timestamps as epoch milliseconds, booleans as 1/0.
 */
import type BetterSqlite3 from "better-sqlite3";
import type { SqliteDatabase } from "./sqlite/connection.js";
import type { SqlParam, SyncPg } from "./postgres/sync-client.js";

export type { SqlParam } from "./postgres/sync-client.js";
export type Dialect = "sqlite" | "postgres";

export interface SqlDriver {
  readonly dialect: Dialect;
  all<R>(sql: string, params?: readonly SqlParam[]): R[];
  get<R>(sql: string, params?: readonly SqlParam[]): R | undefined;
  /** Rows changed. */
  run(sql: string, params?: readonly SqlParam[]): number;
  /** Runs `fn` in a write transaction, or inside the caller's when one is open. */
  transaction<T>(fn: () => T): T;
  readonly inTransaction: boolean;
  /** Where a timestamp parameter goes: epoch milliseconds in, the column's type out. */
  readonly ts: string;
  /** `column IN (the ids of list(ids))`. */
  inList(column: string): string;
  /** The parameter value inList expects. */
  list(values: readonly string[]): SqlParam;
  /** A number at `key` of a JSON text column. */
  jsonNumber(column: string, key: string): string;
  /** The JSON text at `key` of a JSON text column. */
  jsonText(column: string, key: string): string;
  /** Null-safe equality (`IS` on SQLite). */
  readonly isSame: string;
  /** Column names of a table (cached per driver). */
  columns(table: string): ReadonlySet<string>;
}

function cachedColumns(read: (table: string) => string[]): (table: string) => ReadonlySet<string> {
  const cache = new Map<string, ReadonlySet<string>>();
  return (table) => {
    let columns = cache.get(table);
    if (!columns) cache.set(table, (columns = new Set(read(table))));
    return columns;
  };
}

/** `?` → `$1, $2, …`, outside string literals and quoted identifiers. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  let out = "";
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "?") {
      out += `$${++n}`;
      continue;
    }
    out += ch;
  }
  return out;
}

const sqlitePrepared = new WeakMap<SqliteDatabase, SqlDriver>();

export function sqliteDriver(sqlite: SqliteDatabase): SqlDriver {
  let driver = sqlitePrepared.get(sqlite);
  if (driver) return driver;
  const bind = (params?: readonly SqlParam[]) => (params ?? []) as unknown[];
  // Stores run the same few texts over and over (an outbox claim, a ledger row): each is prepared
  // once per connection. Texts are bounded by the stores' code, but a cap keeps a text built per
  // call (a variable-length IN list) from growing the cache without end.
  const statements = new Map<string, BetterSqlite3.Statement<unknown[]>>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= 1000) statements.clear();
      statements.set(sql, (statement = sqlite.prepare(sql)));
    }
    return statement;
  };
  driver = {
    dialect: "sqlite",
    all: <R>(sql: string, params?: readonly SqlParam[]) => prepare(sql).all(...bind(params)) as R[],
    get: <R>(sql: string, params?: readonly SqlParam[]) => prepare(sql).get(...bind(params)) as R | undefined,
    run: (sql, params) => prepare(sql).run(...bind(params)).changes,
    transaction: (fn) => (sqlite.inTransaction ? fn() : sqlite.transaction(fn).immediate()),
    get inTransaction() {
      return sqlite.inTransaction;
    },
    ts: "?",
    inList: (column) => `${column} IN (SELECT value FROM json_each(?))`,
    list: (values) => JSON.stringify(values),
    jsonNumber: (column, key) => `json_extract(${column}, '$.${key}')`,
    jsonText: (column, key) => `json_extract(${column}, '$.${key}')`,
    isSame: "IS",
    columns: cachedColumns((table) =>
      (sqlite.pragma(`table_info("${table.replace(/"/g, '""')}")`) as { name: string }[]).map((c) => c.name),
    ),
  };
  sqlitePrepared.set(sqlite, driver);
  return driver;
}

export function postgresDriver(pg: SyncPg): SqlDriver {
  return {
    dialect: "postgres",
    all: <R>(sql: string, params?: readonly SqlParam[]) => pg.query<R>(numberPlaceholders(sql), params),
    get: <R>(sql: string, params?: readonly SqlParam[]) => pg.query<R>(numberPlaceholders(sql), params)[0],
    run: (sql, params) => pg.run(numberPlaceholders(sql), params),
    transaction: (fn) => pg.transaction(fn),
    get inTransaction() {
      return pg.inTransaction;
    },
    // to_timestamp gives a timestamptz; the session's zone is UTC (sync-worker.mjs).
    ts: "to_timestamp(?::double precision / 1000)",
    inList: (column) => `${column} = ANY(?::text[])`,
    list: (values) => values,
    jsonNumber: (column, key) => `((${column})::jsonb ->> '${key}')::double precision`,
    jsonText: (column, key) => `((${column})::jsonb -> '${key}')::text`,
    isSame: "IS NOT DISTINCT FROM",
    columns: cachedColumns((table) =>
      pg
        .query<{ name: string }>(
          `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
          [table],
        )
        .map((c) => c.name),
    ),
  };
}

/** A store's argument: the raw SQLite handle (as callers had it) or a driver. */
export type SqlSource = SqliteDatabase | SqlDriver;

export function asDriver(source: SqlSource): SqlDriver {
  return "dialect" in source ? source : sqliteDriver(source);
}
