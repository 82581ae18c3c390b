// The thread behind SyncPg (sync-client.ts): one `pg` connection, answering one request at a
// time. The caller waits on `signal` with Atomics.wait and reads the answer with
// receiveMessageOnPort, so the store interfaces the core declares synchronously (the audit's
// reader, the import's writer) run unchanged on PostgreSQL. Plain JavaScript: a worker thread
// does not inherit the tsx loader.
//
// Requests run one after another in the order sent. A copy sent "ahead" (copyFromAhead) gets no
// answer: the caller goes on preparing the next batch while this thread streams it, and reads
// `signal[1]` (copies ahead finished) to bound how many are in flight. The first failure of one
// fails the next answered request, so it cannot pass unseen.
import { workerData } from "node:worker_threads";
import pg from "pg";
import copyStreams from "pg-copy-streams";

const { url, port, signal, queryTimeoutMs } = workerData;
/** [0]: the answer to the waiting request is in; [1]: copies sent ahead that have finished. */
const flag = new Int32Array(signal);
/** The first failure of a copy sent ahead, not yet reported. */
let aheadFailure = null;

// Rows look as they do on SQLite (docs/storage.md): timestamps are epoch milliseconds, booleans
// 1/0, 64-bit counts numbers (every count here is far below 2^53).
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;
const BOOL = 16;
const INT8 = 20;
const NUMERIC = 1700;
const parsers = {
  [TIMESTAMP]: (s) => Date.parse(`${s.replace(" ", "T")}Z`),
  [TIMESTAMPTZ]: (s) => Date.parse(s.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00")),
  [BOOL]: (s) => (s === "t" ? 1 : 0),
  [INT8]: (s) => Number(s),
  [NUMERIC]: (s) => Number(s),
};
const types = {
  getTypeParser: (oid, format) => parsers[oid] ?? pg.types.getTypeParser(oid, format),
};

let client = null;
let connected = null;
/** Whether the caller has a transaction open, and whether its connection was lost meanwhile. */
let inTransaction = false;
let transactionLost = false;

function lost(which) {
  if (client !== which) return;
  client = null;
  // A COMMIT on a new connection would "succeed" with nothing to commit: refuse until ROLLBACK.
  if (inTransaction) transactionLost = true;
}

/**
 * The connection, opened on first use and again after it was lost (the server restarted, a
 * network blip): the request that finds it lost fails, the next one reconnects.
 */
function connection() {
  if (!client) {
    const fresh = new pg.Client({
      connectionString: url,
      types,
      application_name: "crm-audit",
      // An unreachable host (packets dropped, no refusal) fails instead of hanging the caller.
      connectionTimeoutMillis: 10_000,
      ...(queryTimeoutMs ? { query_timeout: queryTimeoutMs } : {}),
    });
    // A lost connection must not crash the thread: it is replaced on the next request.
    fresh.on("error", () => lost(fresh));
    fresh.on("end", () => lost(fresh));
    client = fresh;
    connected = fresh.connect().then(() => fresh.query("SET TIME ZONE 'UTC'"));
    connected.catch(() => lost(fresh));
  }
  return { current: client, ready: connected };
}

function answer(message) {
  port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

/** Streams `data` (COPY text format) into the statement `sql` (`COPY … FROM STDIN`); rows copied. */
function copyIn(client, sql, data) {
  return new Promise((resolve, reject) => {
    const stream = client.query(copyStreams.from(sql));
    stream.on("error", reject);
    stream.on("finish", () => resolve(stream.rowCount));
    stream.end(data);
  });
}

/** Runs one statement or copy on the connection, noticing a session that ended under it. */
async function execute(request) {
  const { current, ready } = connection();
  await ready;
  try {
    if (request.op === "copy") {
      const rowCount = await copyIn(current, request.sql, request.data);
      return { rows: [], rowCount };
    }
    return await current.query({ text: request.sql, values: request.params, rowMode: request.rowMode });
  } catch (error) {
    // The session ended under this statement: do not wait for the client's "end" event to
    // notice, or the next request would meet the dead client too.
    if (
      current._queryable === false ||
      current._ending ||
      /Connection terminated|ECONNRESET/i.test(error?.message ?? "")
    ) {
      lost(current);
    }
    throw error;
  }
}

async function copyAhead(request) {
  try {
    if (aheadFailure) return;
    if (transactionLost) {
      throw Object.assign(new Error("the connection to PostgreSQL was lost inside a transaction"), { code: "08006" });
    }
    await execute(request);
  } catch (error) {
    aheadFailure ??= { ok: false, message: error?.message ?? String(error), code: error?.code };
  } finally {
    Atomics.add(flag, 1, 1);
    Atomics.notify(flag, 1);
  }
}

let queue = Promise.resolve();
port.on("message", (request) => {
  queue = queue.then(() => (request.ahead ? copyAhead(request) : handle(request)));
});

async function handle(request) {
  try {
    if (aheadFailure && request.op !== "end") {
      const failure = aheadFailure;
      aheadFailure = null;
      // A ROLLBACK still runs: it ends the transaction the failed copy aborted.
      if (!/^\s*ROLLBACK\b/i.test(request.sql ?? "")) return answer(failure);
    }
    if (request.op === "end") {
      const open = client;
      client = null;
      if (open) await open.end().catch(() => {});
      answer({ ok: true });
      port.close();
      return;
    }
    const ends = /^\s*(COMMIT|ROLLBACK|END)\b/i.test(request.sql);
    if (transactionLost) {
      if (ends) inTransaction = transactionLost = false;
      if (/^\s*ROLLBACK\b/i.test(request.sql)) return answer({ ok: true, rows: [], rowCount: 0 });
      throw Object.assign(new Error("the connection to PostgreSQL was lost inside a transaction"), { code: "08006" });
    }
    const result = await execute(request);
    if (/^\s*(BEGIN|START TRANSACTION)\b/i.test(request.sql)) inTransaction = true;
    else if (ends) inTransaction = false;
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    answer({ ok: true, rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 });
  } catch (error) {
    answer({ ok: false, message: error?.message ?? String(error), code: error?.code });
  }
}
