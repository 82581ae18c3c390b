/**
 * The audit service the CLI, chat commands and scheduler use. Runs happen in a worker thread
 * with its own database connection, so a 1M-record audit never blocks the event loop that
 * answers chat; reads of stored runs are small indexed queries on the caller's connection.
 */
import { silentLogger, type Logger } from "../../logger.js";
import type { AuditStorage, AuditWorkspaces, CheckOverridesReader } from "./stores.js";
import { getRun, latestRunId } from "./history.js";
import { executeAuditTask, type AuditTaskRequest, type ChecksProviderModule } from "./task.js";
import { createThreadPool, sibling, type AuditThreadJob } from "./threads.js";
import {
  NothingToAuditError,
  UnknownWorkspaceError,
  type AuditRunResult,
  type AuditService,
  type RunAuditOptions,
} from "./types.js";

/** The stores the service reads and writes through (src/db/stores.ts builds them for SQLite). */
export interface AuditServiceStores {
  auditStorage: AuditStorage;
  auditWorkspaces: AuditWorkspaces;
  checkOverrides: CheckOverridesReader;
}

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

/** Workspaces whose headline run is kept in memory (the most recently asked). */
const LATEST_CACHE_WORKSPACES = 8;

export function createAuditService(stores: AuditServiceStores, options: AuditServiceOptions = {}): AuditService {
  const { auditStorage, auditWorkspaces } = stores;
  const runs = auditStorage.local.runs;
  const logger = options.logger ?? silentLogger;
  const checksModule = options.checksModule ? String(options.checksModule) : DEFAULT_CHECKS_MODULE;
  // Started on the first run, then kept warm (see threads.ts); concurrent runs get threads of their own.
  const threads = createThreadPool<AuditThreadJob, AuditRunResult>("worker");
  // The headline run with its comparison, per workspace: every `status` asks for it, and on a
  // large workspace loading two runs' ids and diffing them costs far more than the command.
  // Stored runs never change and run ids are never reused, so the latest run's id (one
  // indexed query) says whether the kept one is still the headline.
  const latestRuns = new Map<string, AuditRunResult>();
  return {
    async run(runOptions: RunAuditOptions, onProgress) {
      const known = auditWorkspaces.ids();
      if (!known.includes(runOptions.workspaceId)) throw new UnknownWorkspaceError(runOptions.workspaceId, known);
      if (!auditWorkspaces.hasRecords(runOptions.workspaceId)) throw new NothingToAuditError(runOptions.workspaceId);
      const provider = (await import(checksModule)) as ChecksProviderModule;
      const settings = await provider.prepareSettings?.({
        checkOverrides: stores.checkOverrides,
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
      const result = auditStorage.shared
        ? await threads.run({ source: auditStorage.shared, task: request }, onProgress)
        : await executeAuditTask(auditStorage.local, request, onProgress);
      logger.info("audit finished", {
        workspaceId: result.workspaceId,
        runId: result.id,
        overall: result.scores.overall,
        durationMs: result.durationMs,
      });
      return result;
    },
    async latest(workspaceId) {
      const id = latestRunId(runs, workspaceId);
      if (id === null) return null;
      const kept = latestRuns.get(workspaceId);
      if (kept?.id === id) return kept;
      const run = getRun(runs, workspaceId, id);
      latestRuns.delete(workspaceId);
      if (run) {
        latestRuns.set(workspaceId, run);
        if (latestRuns.size > LATEST_CACHE_WORKSPACES) latestRuns.delete(latestRuns.keys().next().value!);
      }
      return run;
    },
    async get(workspaceId, runId) {
      return getRun(runs, workspaceId, runId);
    },
    async history(workspaceId, limit) {
      return runs.list(workspaceId, limit);
    },
    close: () => threads.close(),
  };
}
