/**
 * A synchronous PostgreSQL connection: the core declares some store interfaces synchronously
 * (the audit's reader and run store, the import's writer: they were written for better-sqlite3),
 * and a `pg` connection is asynchronous. A worker thread (sync-worker.mjs) owns the connection;
 * each call posts the request and blocks this thread with Atomics.wait until the answer is in.
 * Audits and imports run this on their own threads or processes; on the server's event loop it
 * is used only for short indexed queries (docs/storage.md, "Synchronous stores").
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";

export type SqlParam = string | number | boolean | null | readonly (string | null)[] | readonly number[];

export interface SyncPg {
  /** Rows of one statement with `$1…` parameters, as objects (or arrays with `rowMode: "array"`). */
  query<R = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): R[];
  queryArrays(sql: string, params?: readonly SqlParam[]): unknown[][];
  /** Rows changed by one statement. */
  run(sql: string, params?: readonly SqlParam[]): number;
  /** Runs a script of statements without parameters (migrations). */
  exec(sql: string): void;
  /** Streams `data`, rows in COPY's text format, into `sql` (`COPY … FROM STDIN`); rows copied. */
  copyFrom(sql: string, data: string): number;
  /**
   * Like copyFrom, but returns at once so the caller prepares the next rows while these stream
   * (at most COPIES_AHEAD in flight; beyond that it waits). Only inside `transaction`: a failure
   * fails the transaction's next statement, so the transaction cannot commit without them.
   */
  copyFromAhead(sql: string, data: string): void;
  /** Whether a transaction begun through `transaction` is open. */
  readonly inTransaction: boolean;
  /** Runs `fn` in a transaction (nested calls join the outer one). */
  transaction<T>(fn: () => T, isolation?: "REPEATABLE READ" | "SERIALIZABLE"): T;
  close(): void;
}

/** A PostgreSQL error as the server reported it (`code` is the SQLSTATE). */
export class PgError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = "PgError";
  }
}

/**
 * Whether an error means "no connection to PostgreSQL" (down, starting, unreachable, lost),
 * as opposed to a bad statement: the former is worth waiting for. A database that does not
 * exist yet (3D000) counts: it may be being created.
 */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return /connect|terminat|Connection/i.test(String((error as Error)?.message ?? ""));
  return (
    [
      "ECONNREFUSED",
      "ECONNRESET",
      "ETIMEDOUT",
      "ENOTFOUND",
      "EAI_AGAIN",
      "EHOSTUNREACH",
      "57P01",
      "57P03",
      "3D000",
    ].includes(code) || code.startsWith("08")
  );
}

const WORKER = new URL("./sync-worker.mjs", import.meta.url);

/** Copies sent ahead and not yet finished, at most: enough to overlap, bounded in memory. */
const COPIES_AHEAD = 2;

/** How long one statement may take by default (a bulk upsert of 1M rows fits). */
const STATEMENT_WAIT_MS = 30 * 60_000;

/**
 * `queryTimeoutMs`: how long a statement may take before it fails. The server's own connection
 * sets a short one: its calls block the event loop, and a database that stops answering (a
 * network partition drops packets, nothing refuses) must cost /healthz seconds, not minutes.
 */
export function openSyncPg(url: string, options: { queryTimeoutMs?: number } = {}): SyncPg {
  const waitMs = options.queryTimeoutMs ? options.queryTimeoutMs + 1000 : STATEMENT_WAIT_MS;
  if (!fs.existsSync(fileURLToPath(WORKER))) throw new Error(`missing ${fileURLToPath(WORKER)}`);
  interface Link {
    worker: Worker;
    port: MessagePort;
    flag: Int32Array;
    failure: Error | null;
    /** Copies sent ahead on this thread (flag[1] counts those finished). */
    aheadSent: number;
  }
  let link: Link | null = null;
  /** The thread and its connection, started on first use and again after one stopped answering. */
  function current(): Link {
    if (link) return link;
    const signal = new SharedArrayBuffer(8);
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(WORKER, {
      workerData: { url, port: port2, signal, queryTimeoutMs: options.queryTimeoutMs ?? 0 },
      transferList: [port2],
    });
    // The thread must not keep the process alive on its own, nor crash it unseen.
    worker.unref();
    const started: Link = { worker, port: port1, flag: new Int32Array(signal), failure: null, aheadSent: 0 };
    worker.on("error", (error) => (started.failure = error));
    link = started;
    return started;
  }
  let depth = 0;
  /** Set when the thread was replaced inside a transaction: its statements fail until ROLLBACK. */
  let transactionLost = false;
  let closed = false;

  interface Request {
    op?: string;
    sql?: string;
    params?: readonly SqlParam[];
    rowMode?: "array";
    data?: string;
  }

  /** The thread to send to, or the error that stopped it. */
  function usable(): Link {
    if (closed) throw new Error("the PostgreSQL connection is closed");
    const open = current();
    if (open.failure) {
      link = null;
      throw open.failure;
    }
    return open;
  }

  /** Its late answer would pair with the next request: the thread goes, the next call starts another. */
  function abandon(open: Link): Error {
    link = null;
    open.port.close();
    void open.worker.terminate();
    if (depth > 0) transactionLost = true;
    return Object.assign(new Error(`PostgreSQL did not answer within ${waitMs / 1000} s`), { code: "ETIMEDOUT" });
  }

  function call(request: Request) {
    if (closed) throw new Error("the PostgreSQL connection is closed");
    if (transactionLost) {
      if (request.sql === "ROLLBACK") return { ok: true as const, rows: [], rowCount: 0 };
      throw Object.assign(new Error("the connection to PostgreSQL was lost inside a transaction"), { code: "08006" });
    }
    const open = usable();
    const { port, flag, failure } = open;
    Atomics.store(flag, 0, 0);
    port.postMessage(request);
    if (Atomics.wait(flag, 0, 0, waitMs) === "timed-out") throw abandon(open);
    const message = receiveMessageOnPort(port)?.message as
      { ok: true; rows: unknown[]; rowCount: number } | { ok: false; message: string; code?: string } | undefined;
    if (!message) {
      link = null;
      throw failure ?? new Error("the PostgreSQL thread stopped");
    }
    if (!message.ok) throw new PgError(message.message, message.code);
    return message;
  }

  const pg: SyncPg = {
    query: <R>(sql: string, params?: readonly SqlParam[]) => call({ sql, params: params ?? [] }).rows as R[],
    queryArrays: (sql, params) => call({ sql, params: params ?? [], rowMode: "array" }).rows as unknown[][],
    run: (sql, params) => call({ sql, params: params ?? [] }).rowCount,
    exec: (sql) => void call({ sql }),
    copyFrom: (sql, data) => call({ op: "copy", sql, data }).rowCount,
    copyFromAhead(sql, data) {
      if (depth === 0) throw new Error("copyFromAhead runs only inside a transaction");
      if (transactionLost) {
        throw Object.assign(new Error("the connection to PostgreSQL was lost inside a transaction"), { code: "08006" });
      }
      const open = usable();
      for (;;) {
        const finished = Atomics.load(open.flag, 1);
        if (open.aheadSent - finished < COPIES_AHEAD) break;
        if (Atomics.wait(open.flag, 1, finished, waitMs) === "timed-out") throw abandon(open);
      }
      open.port.postMessage({ op: "copy", sql, data, ahead: true });
      open.aheadSent++;
    },
    get inTransaction() {
      return depth > 0;
    },
    transaction(fn, isolation) {
      if (depth > 0) {
        depth++;
        try {
          return fn();
        } finally {
          depth--;
        }
      }
      call({ sql: isolation ? `BEGIN ISOLATION LEVEL ${isolation}` : "BEGIN" });
      depth = 1;
      let done = false;
      try {
        const result = fn();
        call({ sql: "COMMIT" });
        done = true;
        return result;
      } finally {
        depth = 0;
        if (!done) {
          try {
            call({ sql: "ROLLBACK" });
          } catch {
            // The connection is gone: the server rolled the transaction back itself.
          }
        }
        transactionLost = false;
      }
    },
    close() {
      if (closed) return;
      const open = link;
      try {
        if (open) call({ op: "end" });
      } catch {
        // Closing a connection that failed: nothing left to end.
      }
      closed = true;
      if (open) {
        open.port.close();
        void open.worker.terminate();
      }
      link = null;
    },
  };
  return pg;
}
