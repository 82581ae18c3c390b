/**
 * The second audit thread: runs the heavy checks it is asked for (by id) over its own SQLite
 * connection while the audit thread runs the others, and posts back their outcomes. It looks
 * the checks up through the same checks provider as the audit thread, so both use one
 * configuration.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openSqlite, tuneForScans } from "../../db/database.js";
import { collectOutcomes, type CheckOutcomes } from "./collect.js";
import type { SecondThreadRequest } from "./runner.js";
import { loadTaskChecks } from "./task.js";
import { serveThread, type ThreadData, type ThreadMessage } from "./threads.js";

const data = workerData as ThreadData & { request: SecondThreadRequest };
const sqlite = tuneForScans(openSqlite(data.dbFile));
await serveThread(
  (message: ThreadMessage<CheckOutcomes>) => parentPort!.postMessage(message),
  async () => {
    const { checks } = await loadTaskChecks(sqlite, data.task);
    const wanted = new Set(data.request.checkIds);
    const chosen = checks.filter((c) => wanted.has(c.check.meta.id));
    if (chosen.length !== wanted.size)
      throw new Error(`second audit thread: unknown checks in ${[...wanted].join(", ")}`);
    return collectOutcomes(sqlite, data.request, chosen);
  },
  () => sqlite.close(),
);
