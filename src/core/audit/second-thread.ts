/**
 * The second audit thread: runs the heavy checks it is asked for (by id) over a connection of
 * its own while the audit thread runs the others, and posts back their outcomes. It looks the
 * checks up through the same checks provider as the audit thread, so both use one
 * configuration.
 */
import { parentPort } from "node:worker_threads";
import { collectOutcomes, DataChangedError, type CheckOutcomes } from "./collect.js";
import { loadTaskChecks } from "./task.js";
import { openThreadConnection, serveThread, type SecondThreadJob } from "./threads.js";

const SECOND_THREAD_CACHE_KIB = 8 * 1024;

serveThread<SecondThreadJob, CheckOutcomes>(parentPort!, async ({ source, task, request }) => {
  // Its checks scan tables in storage order and seek nothing: a small page cache does (64 MiB
  // more would only add to the audit's peak memory).
  const db = await openThreadConnection(source, SECOND_THREAD_CACHE_KIB);
  try {
    const { checks } = await loadTaskChecks(task);
    const wanted = new Set(request.checkIds);
    const chosen = checks.filter((c) => wanted.has(c.check.meta.id));
    if (chosen.length !== wanted.size)
      throw new Error(`second audit thread: unknown checks in ${[...wanted].join(", ")}`);
    // The same data as the audit thread's snapshot, or nothing: findings of two versions would not match.
    return db.inReadSnapshot(() => {
      if (db.dataVersion(request.workspaceId) !== request.dataVersion) throw new DataChangedError();
      return collectOutcomes(db, request, chosen);
    });
  } finally {
    db.close();
  }
});
