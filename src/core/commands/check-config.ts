/**
 * Per-workspace check settings as chat shows and changes them. Reading and writing go through
 * checks/overrides.ts (the one writer of check_overrides: only the changed keys are stored and
 * the check's zod schema validates them) and the layering is checks/config.ts's
 * layerCheckSettings, the same the audit applies; this module only adds what chat needs:
 * values typed as text, the list of a check's settings, and which of them an admin set.
 */
import type { PrismaClient } from "../../generated/prisma/client.js";
import { type CheckOverrideSettings, type CheckSettings, layerCheckSettings } from "../checks/config.js";
import {
  CheckOverrideError,
  type OverrideChange,
  readCheckOverrides,
  writeCheckOverride,
} from "../checks/overrides.js";
import type { Check, CheckMeta } from "../checks/types.js";

export interface EffectiveCheckConfig {
  meta: CheckMeta;
  enabled: boolean;
  severity: string;
  /** Defaults merged with the file's settings and this workspace's overrides. */
  thresholds: Record<string, unknown>;
  /** Keys of `thresholds` that differ from the defaults because an admin set them. */
  overridden: string[];
}

export type ChangeResult =
  { ok: true; config: EffectiveCheckConfig } | { ok: false; error: string; field: "key" | "value" };

/** One layer of settings below the workspace's overrides (the check configuration file). */
export type CheckSettingsLayer = CheckSettings;

function defaultsOf(check: Check): Record<string, unknown> {
  const parsed: unknown = check.thresholds.parse({});
  return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
}

/** Defaults ← configuration file ← this workspace's override, as the audit applies them. */
function effective(
  check: Check,
  override: CheckOverrideSettings | undefined,
  file?: CheckSettings,
): EffectiveCheckConfig {
  const { enabled, severity, thresholds } = layerCheckSettings(check, [file, override]);
  // The audit refuses thresholds that do not parse; the settings view still shows the check, with its defaults.
  const merged = check.thresholds.safeParse(thresholds);
  return {
    meta: check.meta,
    enabled,
    severity,
    thresholds: merged.success ? (merged.data as Record<string, unknown>) : defaultsOf(check),
    overridden: merged.success ? Object.keys(override?.thresholds ?? {}) : [],
  };
}

export async function readCheckConfigs(
  prisma: PrismaClient,
  workspaceId: string,
  checks: readonly Check[],
  fileSettings: Readonly<Record<string, CheckSettings>> = {},
): Promise<EffectiveCheckConfig[]> {
  const { overrides } = await readCheckOverrides(prisma, workspaceId, checks);
  const byId = new Map(overrides.map((o) => [o.checkId, o]));
  return checks.map((check) => effective(check, byId.get(check.meta.id), fileSettings[check.meta.id]));
}

/** Reads a value typed in chat as the type of the setting's default ("30" → 30 for a number). */
export function coerceSettingValue(defaultValue: unknown, value: unknown): unknown {
  if (typeof value !== "string") return value;
  if (typeof defaultValue === "number" && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  if (typeof defaultValue === "boolean" && /^(true|false)$/i.test(value.trim()))
    return value.trim().toLowerCase() === "true";
  return value;
}

export async function setCheckThreshold(
  prisma: PrismaClient,
  workspaceId: string,
  check: Check,
  key: string,
  rawValue: unknown,
  updatedBy: string,
  file?: CheckSettings,
): Promise<ChangeResult> {
  const defaults = defaultsOf(check);
  if (!(key in defaults)) {
    const keys = Object.keys(defaults);
    return {
      ok: false,
      field: "key",
      error: keys.length
        ? `${check.meta.id} has no setting "${key}" (settings: ${keys.join(", ")})`
        : `${check.meta.id} has no settings`,
    };
  }
  const change: OverrideChange = { thresholds: { [key]: coerceSettingValue(defaults[key], rawValue) } };
  try {
    const saved = await writeCheckOverride(prisma, workspaceId, check, change, updatedBy);
    return { ok: true, config: effective(check, saved, file) };
  } catch (error) {
    const issue = error instanceof CheckOverrideError ? error.issues[0] : undefined;
    if (!issue) throw error;
    return { ok: false, field: "value", error: `${key}: ${issue.message}` };
  }
}

export async function setCheckEnabled(
  prisma: PrismaClient,
  workspaceId: string,
  check: Check,
  enabled: boolean,
  updatedBy: string,
  file?: CheckSettings,
): Promise<EffectiveCheckConfig> {
  const saved = await writeCheckOverride(prisma, workspaceId, check, { enabled }, updatedBy);
  return effective(check, saved, file);
}
