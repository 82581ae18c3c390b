/**
 * The audit service the CLI, chat commands and scheduler use. Runs happen in a worker thread
 * with its own SQLite connection, so a 1M-record audit never blocks the event loop that
 * answers chat; reads of stored runs are small indexed queries on the caller's connection.
 */
import type { Database } from "../../db/database.js";
import { silentLogger, type Logger } from "../../logger.js";
import { listWorkspaceIds, workspaceHasRecords } from "../../db/records.js";
import { getLatestRun, getRun, listRuns } from "./history.js";
import { executeAuditTask, type AuditTaskRequest, type ChecksProviderModule } from "./task.js";
import { createThreadPool, sibling, type AuditThreadJob } from "./threads.js";
import {
  NothingToAuditError,
  UnknownWorkspaceError,
  type AuditRunResult,
  type AuditService,
  type RunAuditOptions,
} from "./types.js";

export interface AuditServiceOptions {
  /** Check configuration file (YAML/JSON, see docs/checks.md). */
  configFile?: string;
  logger?: Logger;
  /**
   * URL of the module that provides the effective checks (a ChecksProviderModule).
   * Default: the built-in catalogue. Tests and plugins pass their own.
   */
  checksModule?: string | URL;
  /**
   * Workspaces with at least this many records (all tables) run the heavy checks (duplicate
   * detection) in a second thread beside the others. Default SECOND_THREAD_MIN_RECORDS.
   */
  secondThreadMinRecords?: number;
}

const DEFAULT_CHECKS_MODULE = sibling("catalogue");

export function createAuditService(db: Database, options: AuditServiceOptions = {}): AuditService {
  const logger = options.logger ?? silentLogger;
  const checksModule = options.checksModule ? String(options.checksModule) : DEFAULT_CHECKS_MODULE;
  // Started on the first run, then kept warm (see threads.ts); concurrent runs get threads of their own.
  const threads = createThreadPool<AuditThreadJob, AuditRunResult>("worker");
  return {
    async run(runOptions: RunAuditOptions, onProgress) {
      const known = listWorkspaceIds(db.sqlite);
      if (!known.includes(runOptions.workspaceId)) throw new UnknownWorkspaceError(runOptions.workspaceId, known);
      if (!workspaceHasRecords(db.sqlite, runOptions.workspaceId))
        throw new NothingToAuditError(runOptions.workspaceId);
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
        ...(options.secondThreadMinRecords !== undefined
          ? { secondThreadMinRecords: options.secondThreadMinRecords }
          : {}),
      };
      logger.info("audit started", { workspaceId: runOptions.workspaceId, trigger: runOptions.trigger });
      // An in-memory database cannot be shared with another thread: audit it here.
      const result =
        db.file === ":memory:"
          ? await executeAuditTask(db.sqlite, request, onProgress)
          : await threads.run({ dbFile: db.file, task: request }, onProgress);
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
    close: () => threads.close(),
  };
}
