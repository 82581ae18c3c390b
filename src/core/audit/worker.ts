/**
 * The audit thread: its own SQLite connection (WAL lets it read while the main thread keeps
 * writing), one request per thread, the result posted back as plain data.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openSqlite, tuneForScans } from "../../db/database.js";
import { executeAuditTask } from "./task.js";
import { secondThreadFor, serveThread, type ThreadData, type ThreadMessage } from "./threads.js";
import type { AuditRunResult } from "./types.js";

const data = workerData as ThreadData;
const sqlite = tuneForScans(openSqlite(data.dbFile));
await serveThread(
  (message: ThreadMessage<AuditRunResult>) => parentPort!.postMessage(message),
  (onProgress) => executeAuditTask(sqlite, data.task, onProgress, secondThreadFor(data.dbFile, data.task)),
  () => sqlite.close(),
);
