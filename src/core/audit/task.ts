/**
 * One audit request as the worker executes it: load the effective checks through a checks
 * provider module, then run. Shared by the worker thread and the in-thread fallback.
 */
import type { AuditDatabase, CheckOverridesReader } from "./stores.js";
import { runAudit, type EffectiveCheck, type SecondThread } from "./runner.js";
import type { AuditRunResult, RunAuditOptions } from "./types.js";

/**
 * A module that tells the runner which checks exist and how they are configured for a
 * workspace (config file + per-workspace overrides). The worker imports it by URL, because
 * checks are code and cannot be posted to a thread. The default is ./catalogue.ts.
 */
export interface ChecksProviderModule {
  /**
   * Optional, runs on the caller's thread before the worker starts: gathers the settings the
   * worker needs as plain (structured-cloneable) data, e.g. the parsed config file and the
   * workspace's overrides, so configuration errors surface before any work starts.
   */
  prepareSettings?(input: {
    checkOverrides: CheckOverridesReader;
    workspaceId: string;
    configFile?: string;
  }): Promise<unknown> | unknown;
  /** Runs in the worker: the checks with their effective settings. */
  loadEffectiveChecks(input: {
    workspaceId: string;
    configFile?: string;
    /** What prepareSettings returned. */
    settings?: unknown;
  }): Promise<EffectiveChecksResult> | EffectiveChecksResult;
}

export interface EffectiveChecksResult {
  checks: EffectiveCheck[];
  /** An as-of instant set in the configuration, used when the request has none. */
  asOf?: number;
  /** Users the configuration names as system users (src/core/checks/system-users.ts). */
  systemUsers?: string[];
}

export interface AuditTaskRequest {
  options: RunAuditOptions;
  /** URL of the ChecksProviderModule. */
  checksModule: string;
  configFile?: string;
  /** What the provider's prepareSettings returned (plain data). */
  settings?: unknown;
  /** Records from which the heavy checks get a second thread (default SECOND_THREAD_MIN_RECORDS). */
  secondThreadMinRecords?: number;
  /** Every check runs as visitors, also those with an SQL form (benchmarks compare the two). */
  visitorsOnly?: boolean;
}

/** The checks with their effective settings, from the request's checks provider. */
export async function loadTaskChecks(request: AuditTaskRequest): Promise<EffectiveChecksResult> {
  const provider = (await import(request.checksModule)) as ChecksProviderModule;
  return provider.loadEffectiveChecks({
    workspaceId: request.options.workspaceId,
    ...(request.configFile ? { configFile: request.configFile } : {}),
    ...(request.settings !== undefined ? { settings: request.settings } : {}),
  });
}

export async function executeAuditTask(
  db: AuditDatabase,
  request: AuditTaskRequest,
  onProgress?: (done: number, total: number) => void,
  secondThread?: SecondThread,
): Promise<AuditRunResult> {
  const effective = await loadTaskChecks(request);
  const { options } = request;
  return runAudit(db, {
    workspaceId: options.workspaceId,
    asOf: options.asOf ?? effective.asOf ?? Date.now(),
    checks: effective.checks,
    ...(options.select ? { select: options.select } : {}),
    trigger: options.trigger,
    requestedBy: options.requestedBy ?? null,
    ...(effective.systemUsers ? { systemUsers: effective.systemUsers } : {}),
    ...(onProgress ? { onProgress } : {}),
    ...(secondThread ? { secondThread } : {}),
    ...(request.visitorsOnly ? { visitorsOnly: true } : {}),
  });
}
