/**
 * The second audit thread: runs the heavy checks it is asked for (by id) over a connection of
 * its own while the audit thread runs the others, and posts back their outcomes. It looks the
 * checks up through the same checks provider as the audit thread, so both use one
 * configuration.
 */
import { parentPort } from "node:worker_threads";
import { openSqlite, tuneForScans } from "../../db/database.js";
import { collectOutcomes, type CheckOutcomes } from "./collect.js";
import { loadTaskChecks } from "./task.js";
import { serveThread, type SecondThreadJob } from "./threads.js";

serveThread<SecondThreadJob, CheckOutcomes>(parentPort!, async ({ dbFile, task, request }) => {
  const sqlite = tuneForScans(openSqlite(dbFile));
  try {
    const { checks } = await loadTaskChecks(sqlite, task);
    const wanted = new Set(request.checkIds);
    const chosen = checks.filter((c) => wanted.has(c.check.meta.id));
    if (chosen.length !== wanted.size)
      throw new Error(`second audit thread: unknown checks in ${[...wanted].join(", ")}`);
    return collectOutcomes(sqlite, request, chosen);
  } finally {
    sqlite.close();
  }
});
