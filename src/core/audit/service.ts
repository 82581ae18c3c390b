/**
 * The audit service the CLI, chat commands and scheduler use. Runs happen in a worker thread
 * with its own SQLite connection, so a 1M-record audit never blocks the event loop that
 * answers chat; reads of stored runs are small indexed queries on the caller's connection.
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Database } from "../../db/database.js";
import { silentLogger, type Logger } from "../../logger.js";
import { getLatestRun, getRun, listRuns } from "./history.js";
import { AuditSelectionError } from "./runner.js";
import { executeAuditTask, type AuditTaskRequest, type ChecksProviderModule } from "./task.js";
import type { AuditRunResult, AuditService, RunAuditOptions } from "./types.js";
import type { AuditWorkerData, AuditWorkerMessage } from "./worker.js";

export interface AuditServiceOptions {
  /** Check configuration file (YAML/JSON, see docs/checks.md). */
  configFile?: string;
  logger?: Logger;
  /**
   * URL of the module that provides the effective checks (a ChecksProviderModule).
   * Default: the built-in catalogue. Tests and plugins pass their own.
   */
  checksModule?: string | URL;
}

const DEFAULT_CHECKS_MODULE = sibling("catalogue");
const WORKER_ENTRY = new URL("./worker-entry.mjs", import.meta.url);
const WORKER_MODULE = sibling("worker");

/** This folder's module `name`, as .ts when running from sources (tsx), else .js. */
function sibling(name: string): string {
  const ts = new URL(`./${name}.ts`, import.meta.url);
  return fs.existsSync(fileURLToPath(ts)) ? ts.href : new URL(`./${name}.js`, import.meta.url).href;
}

function runInWorker(
  dbFile: string,
  request: AuditTaskRequest,
  onProgress?: (done: number, total: number) => void,
): Promise<AuditRunResult> {
  return new Promise((resolve, reject) => {
    const workerData: AuditWorkerData = { entry: WORKER_MODULE, dbFile, request };
    const worker = new Worker(WORKER_ENTRY, { workerData });
    let settled = false;
    worker.on("message", (message: AuditWorkerMessage) => {
      if (message.type === "progress") onProgress?.(message.done, message.total);
      else if (message.type === "done") {
        settled = true;
        resolve(message.result);
      } else {
        settled = true;
        const error =
          message.name === "AuditSelectionError"
            ? new AuditSelectionError(message.message)
            : new Error(message.message);
        reject(error);
      }
    });
    worker.on("error", (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    worker.on("exit", (code) => {
      if (!settled) reject(new Error(`audit worker stopped with exit code ${code} before finishing`));
      settled = true;
    });
  });
}

export function createAuditService(db: Database, options: AuditServiceOptions = {}): AuditService {
  const logger = options.logger ?? silentLogger;
  const checksModule = options.checksModule ? String(options.checksModule) : DEFAULT_CHECKS_MODULE;
  return {
    async run(runOptions: RunAuditOptions, onProgress) {
      const provider = (await import(checksModule)) as ChecksProviderModule;
      const settings = await provider.prepareSettings?.({
        db,
        workspaceId: runOptions.workspaceId,
        ...(options.configFile ? { configFile: options.configFile } : {}),
      });
      const request: AuditTaskRequest = {
        options: runOptions,
        checksModule,
        ...(options.configFile ? { configFile: options.configFile } : {}),
        ...(settings !== undefined ? { settings } : {}),
      };
      logger.info("audit started", { workspaceId: runOptions.workspaceId, trigger: runOptions.trigger });
      // An in-memory database cannot be shared with another thread: audit it here.
      const result =
        db.file === ":memory:"
          ? await executeAuditTask(db.sqlite, request, onProgress)
          : await runInWorker(db.file, request, onProgress);
      logger.info("audit finished", {
        workspaceId: result.workspaceId,
        runId: result.id,
        overall: result.scores.overall,
        durationMs: result.durationMs,
      });
      return result;
    },
    async latest(workspaceId) {
      return getLatestRun(db.sqlite, workspaceId);
    },
    async get(workspaceId, runId) {
      return getRun(db.sqlite, workspaceId, runId);
    },
    async history(workspaceId, limit) {
      return listRuns(db.sqlite, workspaceId, limit);
    },
  };
}
