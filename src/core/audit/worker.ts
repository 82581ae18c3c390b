/**
 * The audit thread: one audit at a time, each over a connection of its own to the database
 * (SQLite's WAL lets it read while the main thread keeps writing), results posted back as
 * plain data. It owns the pool of second threads its large audits use for duplicate detection.
 */
import { parentPort } from "node:worker_threads";
import type { CheckOutcomes } from "./collect.js";
import { executeAuditTask } from "./task.js";
import {
  createThreadPool,
  openThreadConnection,
  secondThreadFor,
  serveThread,
  type AuditThreadJob,
  type SecondThreadJob,
} from "./threads.js";
import type { AuditRunResult } from "./types.js";

const secondThreads = createThreadPool<SecondThreadJob, CheckOutcomes>("second-thread");

serveThread<AuditThreadJob, AuditRunResult>(parentPort!, async (job, onProgress) => {
  const db = await openThreadConnection(job.source);
  try {
    return await executeAuditTask(db, job.task, onProgress, secondThreadFor(secondThreads, job));
  } finally {
    db.close();
  }
});
