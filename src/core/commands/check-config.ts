/**
 * Per-workspace check settings set from chat: stored in check_overrides as the changed keys
 * only (the check's zod schema fills in the defaults when the audit reads them), validated
 * with that same schema before anything is written.
 */
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Check, CheckMeta } from "../checks/types.js";

export interface EffectiveCheckConfig {
  meta: CheckMeta;
  enabled: boolean;
  severity: string;
  /** Defaults merged with this workspace's overrides. */
  thresholds: Record<string, unknown>;
  /** Keys of `thresholds` that differ from the defaults because an admin set them. */
  overridden: string[];
}

export type ChangeResult =
  { ok: true; config: EffectiveCheckConfig } | { ok: false; error: string; field: "key" | "value" };

function defaultsOf(check: Check): Record<string, unknown> {
  const parsed: unknown = check.thresholds.parse({});
  return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
}

function storedThresholds(json: string | null | undefined): Record<string, unknown> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** One layer of settings below the workspace's overrides (the check configuration file). */
export interface CheckSettingsLayer {
  enabled?: boolean;
  severity?: string;
  thresholds?: Record<string, unknown>;
}

/** Defaults ← configuration file ← this workspace's override, as the audit applies them. */
function effective(
  check: Check,
  row: { enabled: boolean | null; severity: string | null; thresholds: string | null } | undefined,
  file?: CheckSettingsLayer,
): EffectiveCheckConfig {
  const overrides = storedThresholds(row?.thresholds);
  const merged = check.thresholds.safeParse({ ...file?.thresholds, ...overrides });
  return {
    meta: check.meta,
    enabled: row?.enabled ?? file?.enabled ?? true,
    severity: row?.severity ?? file?.severity ?? check.meta.severity,
    thresholds: merged.success ? (merged.data as Record<string, unknown>) : defaultsOf(check),
    overridden: merged.success ? Object.keys(overrides) : [],
  };
}

export async function readCheckConfigs(
  prisma: PrismaClient,
  workspaceId: string,
  checks: readonly Check[],
  fileSettings: Readonly<Record<string, CheckSettingsLayer>> = {},
): Promise<EffectiveCheckConfig[]> {
  const rows = await prisma.checkOverride.findMany({ where: { workspaceId } });
  const byId = new Map(rows.map((r) => [r.checkId, r]));
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
  file?: CheckSettingsLayer,
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
  const row = await prisma.checkOverride.findUnique({
    where: { workspaceId_checkId: { workspaceId, checkId: check.meta.id } },
  });
  const candidate = { ...storedThresholds(row?.thresholds), [key]: coerceSettingValue(defaults[key], rawValue) };
  const parsed = check.thresholds.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, field: "value", error: `${key}: ${issue.message}` };
  }
  const saved = await prisma.checkOverride.upsert({
    where: { workspaceId_checkId: { workspaceId, checkId: check.meta.id } },
    create: { workspaceId, checkId: check.meta.id, thresholds: JSON.stringify(candidate), updatedBy },
    update: { thresholds: JSON.stringify(candidate), updatedBy },
  });
  return { ok: true, config: effective(check, saved, file) };
}

export async function setCheckEnabled(
  prisma: PrismaClient,
  workspaceId: string,
  check: Check,
  enabled: boolean,
  updatedBy: string,
  file?: CheckSettingsLayer,
): Promise<EffectiveCheckConfig> {
  const saved = await prisma.checkOverride.upsert({
    where: { workspaceId_checkId: { workspaceId, checkId: check.meta.id } },
    create: { workspaceId, checkId: check.meta.id, enabled, updatedBy },
    update: { enabled, updatedBy },
  });
  return effective(check, saved, file);
}
