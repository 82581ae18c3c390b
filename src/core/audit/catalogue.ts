/**
 * The default checks provider: the built-in catalogue (src/core/checks/registry.ts) with its
 * effective settings: defaults ← config file ← the workspace's overrides from the database.
 * File and overrides are read on the caller's thread (prepareSettings, from its store) and
 * reach the worker as plain data; the worker only resolves them against the registry.
 */
import { loadAuditConfigFile, resolveEffectiveChecks } from "../checks/config.js";
import type { AuditConfigFile, CheckOverrideSettings } from "../checks/config.js";
import { CHECKS } from "../checks/registry.js";
import type { CheckOverridesReader } from "./stores.js";
import type { EffectiveChecksResult } from "./task.js";

export interface CatalogueSettings {
  fileConfig: AuditConfigFile | null;
  overrides: CheckOverrideSettings[];
  /** Stored overrides that were ignored (unknown check, invalid thresholds). */
  problems: string[];
}

export async function prepareSettings(input: {
  checkOverrides: CheckOverridesReader;
  workspaceId: string;
  configFile?: string;
}): Promise<CatalogueSettings> {
  const fileConfig = input.configFile ? loadAuditConfigFile(input.configFile) : null;
  const { overrides, problems } = await input.checkOverrides.read(input.workspaceId, CHECKS);
  return { fileConfig, overrides, problems };
}

export function loadEffectiveChecks(input: { settings?: unknown }): EffectiveChecksResult {
  const settings = (input.settings as CatalogueSettings | undefined) ?? {
    fileConfig: null,
    overrides: [],
    problems: [],
  };
  const checks = resolveEffectiveChecks(settings.fileConfig, settings.overrides);
  const asOf = settings.fileConfig?.asOf;
  const systemUsers = settings.fileConfig?.systemUsers;
  return {
    checks,
    ...(asOf !== null && asOf !== undefined ? { asOf } : {}),
    ...(systemUsers?.length ? { systemUsers } : {}),
  };
}
