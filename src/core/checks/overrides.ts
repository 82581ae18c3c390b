/**
 * Per-workspace overrides of check settings, stored in check_overrides through a CheckOverrideStore
 * (set by admins from chat).
 * Thresholds are a JSON object validated against the check's schema when written and again when
 * read, because a check's schema may have changed since the row was written.
 * The checks come in as parameters (the registry in production, a test's own checks in tests):
 * this is the one module that reads and writes the table, for the audit and for chat alike.
 */
import { z } from "zod";
import type { CheckOverrideStore } from "../stores/check-overrides.js";
import type { CheckOverrideSettings } from "./config.js";
import { didYouMean } from "./did-you-mean.js";
import { type Check, SEVERITIES, type Severity } from "./types.js";

export interface StoredOverrides {
  overrides: CheckOverrideSettings[];
  /** Rows or fields ignored because they no longer fit (unknown check, invalid thresholds). */
  problems: string[];
}

/** A change to one check's override: undefined keeps a field, null clears it. */
export interface OverrideChange {
  enabled?: boolean | null;
  severity?: Severity | null;
  /** Merged key by key into the stored thresholds; a key set to null is removed; null clears all. */
  thresholds?: Record<string, unknown> | null;
}

/** Thrown when an override cannot be written; the message is fit to show the admin. */
export class CheckOverrideError extends Error {
  override name = "CheckOverrideError";
  /** The schema's complaints when the thresholds were refused (chat shows them per input). */
  readonly issues: readonly z.core.$ZodIssue[];

  constructor(message: string, issues: readonly z.core.$ZodIssue[] = []) {
    super(message);
    this.issues = issues;
  }
}

/** The check with this id among `checks`; throws with a did-you-mean hint when there is none. */
export function requireCheck(checks: readonly Check[], checkId: string): Check {
  const check = checks.find((c) => c.meta.id === checkId);
  if (check) return check;
  const ids = checks.map((c) => c.meta.id);
  throw new CheckOverrideError(`unknown check id "${checkId}"${didYouMean(checkId, ids)}`);
}

const storedThresholds = z.record(z.string(), z.unknown());

/** A workspace's overrides of `checks`; rows of other checks are reported as problems. */
export async function readCheckOverrides(
  store: CheckOverrideStore,
  workspaceId: string,
  checks: readonly Check[],
): Promise<StoredOverrides> {
  const rows = await store.list(workspaceId);
  const byId = new Map(checks.map((c) => [c.meta.id, c]));
  const overrides: CheckOverrideSettings[] = [];
  const problems: string[] = [];
  for (const row of rows) {
    const check = byId.get(row.checkId);
    if (!check) {
      problems.push(`override for unknown check "${row.checkId}" ignored`);
      continue;
    }
    const override: CheckOverrideSettings = { checkId: row.checkId };
    if (row.enabled !== null) override.enabled = row.enabled;
    if (row.severity !== null) {
      const severity = z.enum(SEVERITIES).safeParse(row.severity);
      if (severity.success) override.severity = severity.data;
      else problems.push(`${row.checkId}: stored severity "${row.severity}" ignored`);
    }
    if (row.thresholds !== null) {
      const thresholds = parseStoredThresholds(check, row.thresholds);
      if (typeof thresholds === "string") problems.push(`${row.checkId}: stored thresholds ignored: ${thresholds}`);
      else override.thresholds = thresholds;
    }
    overrides.push(override);
  }
  return { overrides, problems };
}

/** Applies a change to a workspace's override of one check and returns the stored result. */
export async function writeCheckOverride(
  store: CheckOverrideStore,
  workspaceId: string,
  check: Check,
  change: OverrideChange,
  updatedBy: string | null = null,
): Promise<CheckOverrideSettings> {
  const checkId = check.meta.id;
  if (change.severity !== undefined && change.severity !== null && !SEVERITIES.includes(change.severity)) {
    throw new CheckOverrideError(`severity must be one of ${SEVERITIES.join(", ")}`);
  }

  const existing = await store.get(workspaceId, checkId);
  let thresholds: Record<string, unknown> | null = null;
  if (existing?.thresholds) {
    const stored = parseStoredThresholds(check, existing.thresholds);
    thresholds = typeof stored === "string" ? null : stored;
  }
  if (change.thresholds === null) thresholds = null;
  else if (change.thresholds !== undefined) {
    const merged: Record<string, unknown> = { ...thresholds };
    for (const [key, value] of Object.entries(change.thresholds)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    const result = check.thresholds.safeParse(merged);
    if (!result.success) {
      throw new CheckOverrideError(`${checkId}: ${z.prettifyError(result.error)}`, result.error.issues);
    }
    thresholds = Object.keys(merged).length > 0 ? merged : null;
  }
  // A change that leaves the thresholds alone leaves the stored text alone too, even text that
  // no longer parses: reads skip it with a problem message, and a schema change may make it fit again.
  const thresholdsText =
    change.thresholds === undefined
      ? (existing?.thresholds ?? null)
      : thresholds === null
        ? null
        : JSON.stringify(thresholds);

  const data = {
    enabled: change.enabled === undefined ? (existing?.enabled ?? null) : change.enabled,
    severity: change.severity === undefined ? (existing?.severity ?? null) : change.severity,
    thresholds: thresholdsText,
    updatedBy,
  };
  await store.put(workspaceId, { checkId, ...data });
  const override: CheckOverrideSettings = { checkId };
  if (data.enabled !== null) override.enabled = data.enabled;
  if (data.severity !== null) override.severity = data.severity as Severity;
  if (thresholds !== null) override.thresholds = thresholds;
  return override;
}

/** Removes a workspace's override of one check; true when there was one. */
export async function clearCheckOverride(
  store: CheckOverrideStore,
  workspaceId: string,
  check: Check,
): Promise<boolean> {
  return store.delete(workspaceId, check.meta.id);
}

/** The stored JSON as a thresholds layer, or a message saying why it cannot be used. */
function parseStoredThresholds(check: Check, json: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return "not valid JSON";
  }
  const layer = storedThresholds.safeParse(value);
  if (!layer.success) return "not a JSON object";
  const result = check.thresholds.safeParse(layer.data);
  return result.success ? layer.data : z.prettifyError(result.error).replace(/\n/g, "; ");
}
