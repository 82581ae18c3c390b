// The thread behind SyncPg (sync-client.ts): one `pg` connection, answering one request at a
// time. The caller waits on `signal` with Atomics.wait and reads the answer with
// receiveMessageOnPort, so the store interfaces the core declares synchronously (the audit's
// reader, the import's writer) run unchanged on PostgreSQL. Plain JavaScript: a worker thread
// does not inherit the tsx loader.
import { workerData } from "node:worker_threads";
import pg from "pg";

const { url, port, signal } = workerData;
const flag = new Int32Array(signal);

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

const client = new pg.Client({ connectionString: url, types, application_name: "crm-audit" });
let connected = null;
// A lost connection fails the next request with this error instead of crashing the thread.
let broken = null;
client.on("error", (error) => {
  broken = error;
});

function answer(message) {
  port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

port.on("message", async (request) => {
  try {
    if (!connected) {
      connected = client.connect().then(() => client.query("SET TIME ZONE 'UTC'"));
    }
    await connected;
    if (broken) throw broken;
    if (request.op === "end") {
      await client.end();
      answer({ ok: true });
      port.close();
      return;
    }
    const result = await client.query({ text: request.sql, values: request.params, rowMode: request.rowMode });
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    answer({ ok: true, rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 });
  } catch (error) {
    answer({ ok: false, message: error?.message ?? String(error), code: error?.code });
  }
});
