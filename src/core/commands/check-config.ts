/**
 * Per-workspace check settings as chat shows and changes them. Reading and writing go through
 * checks/overrides.ts (the one writer of check_overrides: only the changed keys are stored and
 * the check's zod schema validates them) and the layering is checks/config.ts's
 * layerCheckSettings, the same the audit applies; this module only adds what chat needs:
 * values typed as text, the list of a check's settings, and which of them an admin set.
 */
import { z } from "zod";
import {
  type CheckOverrideSettings,
  type CheckSettings,
  layerCheckSettings,
  thresholdNames,
} from "../checks/config.js";
import {
  CheckOverrideError,
  clearCheckOverride,
  type OverrideChange,
  readCheckOverrides,
  writeCheckOverride,
} from "../checks/overrides.js";
import { type Check, type CheckMeta, SEVERITIES } from "../checks/types.js";
import type { CheckOverrideStore } from "../stores/check-overrides.js";

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
  store: CheckOverrideStore,
  workspaceId: string,
  checks: readonly Check[],
  fileSettings: Readonly<Record<string, CheckSettings>> = {},
): Promise<EffectiveCheckConfig[]> {
  const { overrides } = await readCheckOverrides(store, workspaceId, checks);
  const byId = new Map(overrides.map((o) => [o.checkId, o]));
  return checks.map((check) => effective(check, byId.get(check.meta.id), fileSettings[check.meta.id]));
}

/** The schema under .default()/.optional() wrappers. */
function innerSchema(schema: z.ZodType): z.ZodType {
  let inner = schema as z.ZodType & { def: { innerType?: z.ZodType } };
  while (inner.def.innerType) inner = inner.def.innerType as typeof inner;
  return inner;
}

function settingSchema(check: Check, key: string): z.ZodType | undefined {
  return check.thresholds instanceof z.ZodObject
    ? (check.thresholds.shape as Record<string, z.ZodType>)[key]
    : undefined;
}

/** "a whole number of at least 1", "a number from 0 to 1": read from the number's zod checks. */
function describeNumber(schema: z.ZodNumber): string {
  let whole = false;
  let low: string | undefined;
  let high: string | undefined;
  for (const check of schema.def.checks ?? []) {
    const def = check._zod.def as { check: string; format?: string; value?: number; inclusive?: boolean };
    if (def.check === "number_format" && /int/.test(def.format ?? "")) whole = true;
    if (def.check === "greater_than") low = def.inclusive ? `${def.value}` : `more than ${def.value}`;
    if (def.check === "less_than") high = def.inclusive ? `${def.value}` : `less than ${def.value}`;
  }
  // A whole number above 0 is "at least 1": the way people count.
  if (whole && low?.startsWith("more than ")) low = String(Number(low.slice(10)) + 1);
  const kind = whole ? "a whole number" : "a number";
  if (low !== undefined && high !== undefined) return `${kind} from ${low} to ${high}`;
  if (low !== undefined) return low.startsWith("more") ? `${kind} ${low}` : `${kind} of at least ${low}`;
  if (high !== undefined) return high.startsWith("less") ? `${kind} ${high}` : `${kind} of at most ${high}`;
  return kind;
}

/** What a setting accepts and an example value, as typed in chat. */
export function describeSetting(check: Check, key: string): { accepts: string; example: string } {
  const schema = innerSchema(settingSchema(check, key)!);
  const defaults = defaultsOf(check);
  const current = defaults[key];
  if (schema instanceof z.ZodNumber) return { accepts: describeNumber(schema), example: String(current ?? 1) };
  if (schema instanceof z.ZodBoolean) return { accepts: "true or false", example: "true" };
  if (schema instanceof z.ZodEnum) {
    const options = schema.options.map(String);
    return { accepts: `one of ${options.join(", ")}`, example: options[0]! };
  }
  if (schema instanceof z.ZodArray) {
    const sample = Array.isArray(current) && current.length ? current.slice(0, 2).map(String) : ["a", "b"];
    return { accepts: "a list separated by commas or spaces", example: sample.join(",") };
  }
  return { accepts: "text", example: typeof current === "string" ? current : "text" };
}

/** Text typed in chat as the setting's type: "30" → 30, "DE,FR" or "DE FR" → ["DE", "FR"]. */
export function parseSettingText(check: Check, key: string, text: string): unknown {
  const schema = innerSchema(settingSchema(check, key)!);
  const value = text.trim();
  if (schema instanceof z.ZodNumber) return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (schema instanceof z.ZodBoolean) {
    if (/^(true|on|yes)$/i.test(value)) return true;
    if (/^(false|off|no)$/i.test(value)) return false;
    return value;
  }
  if (schema instanceof z.ZodArray) {
    if (value.startsWith("[")) {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        return value;
      }
    }
    return value.split(/[\s,]+/).filter(Boolean);
  }
  return value;
}

/** One line that names the setting, what it accepts and an example. */
function refusal(check: Check, key: string, typed: unknown, issue: z.core.$ZodIssue | undefined): string {
  const { accepts, example } = describeSetting(check, key);
  const item = issue && typeof issue.path[1] === "number" && Array.isArray(typed) ? typed[issue.path[1]] : undefined;
  const why = item === undefined ? "" : ` ("${String(item)}": ${issue!.message})`;
  return `${check.meta.id} ${key} must be ${accepts}${why}, e.g. \`config set ${check.meta.id} ${key} ${example}\``;
}

const severityText = `one of ${SEVERITIES.join(", ")}`;

/**
 * Sets one setting typed in chat: `severity`, or one of the check's thresholds. A refusal
 * names the setting, what it accepts and an example, and writes nothing.
 */
export async function setCheckSetting(
  store: CheckOverrideStore,
  workspaceId: string,
  check: Check,
  key: string,
  text: string,
  updatedBy: string,
  file?: CheckSettings,
): Promise<ChangeResult> {
  const id = check.meta.id;
  if (key.toLowerCase() === "severity") {
    const severity = SEVERITIES.find((s) => s === text.trim().toLowerCase());
    if (!severity) {
      const error = `${id} severity must be ${severityText}, e.g. \`config set ${id} severity high\``;
      return { ok: false, field: "value", error };
    }
    const saved = await writeCheckOverride(store, workspaceId, check, { severity }, updatedBy);
    return { ok: true, config: effective(check, saved, file) };
  }
  const keys = thresholdNames(check);
  if (!keys.includes(key)) {
    return {
      ok: false,
      field: "key",
      error: `${id} has no setting "${key}" (settings: ${[...keys, "severity"].join(", ")})`,
    };
  }
  const value = parseSettingText(check, key, text);
  const change: OverrideChange = { thresholds: { [key]: value } };
  try {
    const saved = await writeCheckOverride(store, workspaceId, check, change, updatedBy);
    return { ok: true, config: effective(check, saved, file) };
  } catch (error) {
    if (!(error instanceof CheckOverrideError) || error.issues.length === 0) throw error;
    return { ok: false, field: "value", error: refusal(check, key, value, error.issues[0]) };
  }
}

/** Turns a check on or off; `changed` is false when it already was (nothing is written then). */
export async function setCheckEnabled(
  store: CheckOverrideStore,
  workspaceId: string,
  check: Check,
  enabled: boolean,
  updatedBy: string,
  file?: CheckSettings,
): Promise<{ config: EffectiveCheckConfig; changed: boolean }> {
  const [before] = await readCheckConfigs(store, workspaceId, [check], file ? { [check.meta.id]: file } : {});
  if (before!.enabled === enabled) return { config: before!, changed: false };
  const saved = await writeCheckOverride(store, workspaceId, check, { enabled }, updatedBy);
  return { config: effective(check, saved, file), changed: true };
}

export type ResetResult =
  { ok: true; config: EffectiveCheckConfig; removed: boolean } | { ok: false; error: string; field: "key" };

/**
 * Removes this workspace's override of a check (all of it, or one setting: a threshold,
 * `severity` or `enabled`), so the file's or the default value applies again.
 */
export async function resetCheckSetting(
  store: CheckOverrideStore,
  workspaceId: string,
  check: Check,
  key: string | undefined,
  updatedBy: string,
  file?: CheckSettings,
): Promise<ResetResult> {
  const id = check.meta.id;
  const fileLayer = file ? { [id]: file } : {};
  if (key === undefined) {
    const removed = await clearCheckOverride(store, workspaceId, check);
    const [config] = await readCheckConfigs(store, workspaceId, [check], fileLayer);
    return { ok: true, config: config!, removed };
  }
  const { overrides } = await readCheckOverrides(store, workspaceId, [check]);
  const stored = overrides[0];
  let change: OverrideChange;
  let removed: boolean;
  if (key === "severity" || key === "enabled") {
    change = { [key]: null };
    removed = stored?.[key] !== undefined;
  } else if (thresholdNames(check).includes(key)) {
    change = { thresholds: { [key]: null } };
    removed = stored?.thresholds?.[key] !== undefined;
  } else {
    const keys = [...thresholdNames(check), "severity", "enabled"];
    return { ok: false, field: "key", error: `${id} has no setting "${key}" (settings: ${keys.join(", ")})` };
  }
  if (removed) {
    const left = await writeCheckOverride(store, workspaceId, check, change, updatedBy);
    // An override with nothing left in it is no override: later resets then say there is none.
    if (Object.keys(left).length === 1) await clearCheckOverride(store, workspaceId, check);
  }
  const [config] = await readCheckConfigs(store, workspaceId, [check], fileLayer);
  return { ok: true, config: config!, removed };
}
