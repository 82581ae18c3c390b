/**
 * The server's connections must never hold the event loop while another process (an import,
 * an audit) has SQLite's write lock: better-sqlite3 waits for the busy timeout synchronously,
 * so /healthz and Slack's 3-second acknowledgements would stall with it. The server's
 * connections get a busy timeout of a few milliseconds, and a write that still finds the
 * database locked is retried asynchronously with backoff (docs/import.md, "Imports while the
 * bot runs").
 */
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQueryable } from "@prisma/driver-adapter-utils";

/** Busy timeout of the server's main-thread connections (CLI and worker threads keep 5 s). */
export const SERVER_BUSY_TIMEOUT_MS = 10;

/** How long a write keeps retrying before it fails with the lock error. */
export const BUSY_RETRY_LIMIT_MS = 60_000;

/** SQLITE_BUSY from better-sqlite3, or as Prisma's driver adapter wraps it. */
export function isBusyError(error: unknown): boolean {
  const e = error as { code?: unknown; cause?: { originalCode?: unknown } } | null;
  return e?.code === "SQLITE_BUSY" || e?.cause?.originalCode === "SQLITE_BUSY";
}

/** Runs `attempt` until it does not fail with SQLITE_BUSY, waiting 2, 4, … 100 ms in between. */
export async function retryBusy<T>(attempt: () => T | Promise<T>, limitMs = BUSY_RETRY_LIMIT_MS): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (let waitMs = 2; ; waitMs = Math.min(waitMs * 2, 100)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusyError(error) || Date.now() + waitMs > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}

function retrying<Q extends SqlQueryable>(queryable: Q): Q {
  const queryRaw = queryable.queryRaw.bind(queryable);
  const executeRaw = queryable.executeRaw.bind(queryable);
  queryable.queryRaw = (query) => retryBusy(() => queryRaw(query));
  queryable.executeRaw = (query) => retryBusy(() => executeRaw(query));
  return queryable;
}

/**
 * A connection that never checkpoints the WAL itself: after an import commits, the next commit
 * on a connection would copy the import's whole WAL (hundreds of MB at 100k contacts) into
 * the file, synchronously. The importing process checkpoints its own commit; the server
 * checkpoints on a timer (src/app.ts).
 */
export const NO_AUTO_CHECKPOINT = "PRAGMA wal_autocheckpoint = 0";

/**
 * The same Prisma driver adapter, with every query (in or out of a transaction) retried on
 * SQLITE_BUSY, and `setup` (SQL) run on each connection it opens.
 */
export function retryingOnBusy(factory: SqlDriverAdapterFactory, setup?: string): SqlDriverAdapterFactory {
  const connect = factory.connect.bind(factory);
  factory.connect = async (): Promise<SqlDriverAdapter> => {
    const adapter = retrying(await connect());
    if (setup) await adapter.executeScript(setup);
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => retrying(await startTransaction(isolationLevel));
    return adapter;
  };
  return factory;
}
