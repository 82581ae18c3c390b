/**
 * The audit worker thread: its own SQLite connection (WAL lets it read while the main
 * thread keeps writing), one request per thread, results posted back as plain data.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openSqlite, tuneForScans } from "../../db/database.js";
import { executeAuditTask, type AuditTaskRequest } from "./task.js";
import type { AuditRunResult } from "./types.js";

export interface AuditWorkerData {
  entry: string;
  dbFile: string;
  request: AuditTaskRequest;
}

export type AuditWorkerMessage =
  | { type: "progress"; done: number; total: number }
  | { type: "done"; result: AuditRunResult }
  | { type: "error"; name: string; message: string };

const data = workerData as AuditWorkerData;
const port = parentPort!;
const sqlite = tuneForScans(openSqlite(data.dbFile));
try {
  const result = await executeAuditTask(sqlite, data.request, (done, total) =>
    port.postMessage({ type: "progress", done, total } satisfies AuditWorkerMessage),
  );
  port.postMessage({ type: "done", result } satisfies AuditWorkerMessage);
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  port.postMessage({ type: "error", name: e.name, message: e.message } satisfies AuditWorkerMessage);
} finally {
  sqlite.close();
}
