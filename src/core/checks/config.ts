/**
 * The audit configuration: a YAML file (crm-audit.config.yml) that enables or disables checks,
 * changes thresholds and severities and sets the as-of instant, validated with zod with errors
 * that point at the file's line and column; and the effective configuration of a run:
 * check defaults ← file ← per-workspace overrides (stored in check_overrides, see overrides.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { z } from "zod";
import { didYouMean } from "./did-you-mean.js";
import { kpiConfigSchema, type KpiConfig } from "../kpis/config.js";
import { CHECKS, checkIds, findCheck } from "./registry.js";
import { type Check, type Severity, SEVERITIES } from "./types.js";
import type { EffectiveCheck } from "./select.js";

export const CONFIG_FILE_NAME = "crm-audit.config.yml";

/** One check's settings as a layer (file or override) gives them; absent fields inherit. */
export interface CheckSettings {
  enabled?: boolean;
  severity?: Severity;
  /** Only the thresholds this layer sets; merged over the layers below, key by key. */
  thresholds?: Record<string, unknown>;
}

export interface AuditConfigFile {
  /** Where it was read from (for messages); "<defaults>" when there is no file. */
  source: string;
  /** The as-of instant T in epoch ms, when the file fixes it (reproducible runs). */
  asOf: number | null;
  /** Settings by check id (only ids of the registry). */
  checks: Record<string, CheckSettings>;
  /**
   * Ids or emails of users that are system or integration accounts, beside those the rule of
   * src/core/checks/system-users.ts recognises; left out of the user checks and adoption.
   */
  systemUsers?: string[];
  /** Seats, costs and gains for the KPIs and the ROI (docs/kpis.md); absent when the file has none. */
  kpis?: KpiConfig;
}

export interface CheckOverrideSettings extends CheckSettings {
  checkId: string;
}

export interface ConfigIssue {
  file: string;
  line: number;
  column: number;
  /** Dotted path inside the file, e.g. "checks.contact.stale.thresholds.days". */
  path: string;
  message: string;
}

/** A config file that cannot be used; `message` has one "file:line:col: path: problem" line per issue. */
export class AuditConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(
      [...issues]
        .sort((a, b) => a.line - b.line || a.column - b.column)
        .map(formatIssue)
        .join("\n"),
    );
    this.name = "AuditConfigError";
  }
}

export function formatIssue(issue: ConfigIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

// ISO 8601 as in the CSV bundle: a date alone (00:00 UTC) or a date-time with Z or an offset.
// A date-time without a zone would depend on the server's time zone, so it is refused.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

const instantSchema = z
  .string({ error: "expected an ISO 8601 instant such as 2026-05-01T12:00:00Z" })
  .regex(ISO_INSTANT, "expected an ISO 8601 date or date-time with Z or an offset, e.g. 2026-05-01T12:00:00Z")
  .refine((text) => !Number.isNaN(Date.parse(text)), "not a real date")
  .transform((text) => Date.parse(text));

const checkSettingsSchema = z
  .strictObject({
    enabled: z.boolean().optional(),
    severity: z.enum(SEVERITIES).optional(),
    thresholds: z.record(z.string(), z.unknown()).optional(),
  })
  .nullable();

const fileSchema = z
  .strictObject({
    asOf: instantSchema.optional(),
    checks: z.record(z.string(), checkSettingsSchema).nullable().optional(),
    systemUsers: z.array(z.string().trim().min(1, "expected a user id or email")).optional(),
    kpis: kpiConfigSchema.nullable().optional(),
  })
  .nullable();

/** Reads and validates a config file; throws AuditConfigError listing every problem. */
export function loadAuditConfigFile(path: string): AuditConfigFile {
  return parseAuditConfig(fs.readFileSync(path, "utf8"), path);
}

/**
 * The file configuration of a run: `explicitPath` (CRM_AUDIT_CONFIG or a CLI flag) must exist;
 * without it, crm-audit.config.yml in `cwd` is used when present, else the defaults.
 */
export function loadAuditConfig(explicitPath?: string, cwd: string = process.cwd()): AuditConfigFile {
  if (explicitPath !== undefined) return loadAuditConfigFile(explicitPath);
  const local = path.join(cwd, CONFIG_FILE_NAME);
  return fs.existsSync(local) ? loadAuditConfigFile(local) : defaultAuditConfig();
}

/** Validates config text; `source` names the file in messages. */
export function parseAuditConfig(text: string, source: string = CONFIG_FILE_NAME): AuditConfigFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number, path: string, message: string): ConfigIssue => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: source, line, column: col, path, message };
  };

  if (doc.errors.length > 0) {
    throw new AuditConfigError(doc.errors.map((error) => at(error.pos[0], "", error.message.split("\n")[0]!)));
  }

  const issues: ConfigIssue[] = [];
  const addZodIssues = (error: z.ZodError, prefix: readonly PropertyKey[], knownKeys: readonly string[]) => {
    for (const issue of error.issues) {
      const path = [...prefix, ...issue.path];
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) {
          const offset = locate(doc, path, key);
          issues.push(at(offset, dotted([...path, key]), `unknown setting${didYouMean(key, knownKeys)}`));
        }
      } else {
        issues.push(at(locate(doc, path), dotted(path), describeIssue(issue)));
      }
    }
  };

  // One pass collects every problem: the file's shape, unknown ids and each check's thresholds.
  const raw: unknown = doc.toJS();
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success)
    addZodIssues(parsed.error, [], ["asOf", "checks", "systemUsers", "kpis", "enabled", "severity", "thresholds"]);

  const checks: Record<string, CheckSettings> = {};
  const rawChecks = isRecord(raw) && isRecord(raw.checks) ? raw.checks : {};
  for (const [id, settings] of Object.entries(rawChecks)) {
    const check = findCheck(id);
    if (!check) {
      issues.push(
        at(locate(doc, ["checks"], id), dotted(["checks", id]), `unknown check id${didYouMean(id, checkIds())}`),
      );
      continue;
    }
    const thresholds = isRecord(settings) && isRecord(settings.thresholds) ? settings.thresholds : undefined;
    // Validated alone (defaults fill the rest), so every wrong value is reported at its line.
    const result = thresholds === undefined ? null : check.thresholds.safeParse(thresholds);
    if (result && !result.success) addZodIssues(result.error, ["checks", id, "thresholds"], thresholdNames(check));

    const valid = parsed.success ? parsed.data?.checks?.[id] : undefined;
    const entry: CheckSettings = {};
    if (valid?.enabled !== undefined) entry.enabled = valid.enabled;
    if (valid?.severity !== undefined) entry.severity = valid.severity;
    if (valid?.thresholds !== undefined) entry.thresholds = valid.thresholds;
    checks[id] = entry;
  }
  if (issues.length > 0 || !parsed.success) throw new AuditConfigError(issues);
  const systemUsers = parsed.data?.systemUsers;
  const kpis = parsed.data?.kpis;
  return {
    source,
    asOf: parsed.data?.asOf ?? null,
    checks,
    ...(systemUsers?.length ? { systemUsers } : {}),
    ...(kpis ? { kpis } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The configuration with no file: every check enabled with its own severity and thresholds. */
export function defaultAuditConfig(): AuditConfigFile {
  return { source: "<defaults>", asOf: null, checks: {} };
}

/** One check's settings after layering, before its schema fills in the thresholds' defaults. */
export interface LayeredCheckSettings {
  enabled: boolean;
  severity: Severity;
  /** Every layer's thresholds merged key by key (later layers win). */
  thresholds: Record<string, unknown>;
}

/**
 * The one place the layers meet: the check's defaults, then each layer in order (the file, then
 * the workspace's override, the last word since admins set it from chat). Absent fields inherit.
 */
export function layerCheckSettings(check: Check, layers: readonly (CheckSettings | undefined)[]): LayeredCheckSettings {
  let enabled = true;
  let severity = check.meta.severity;
  let thresholds: Record<string, unknown> = {};
  for (const layer of layers) {
    if (layer === undefined) continue;
    if (layer.enabled !== undefined) enabled = layer.enabled;
    if (layer.severity !== undefined) severity = layer.severity;
    if (layer.thresholds !== undefined) thresholds = { ...thresholds, ...layer.thresholds };
  }
  return { enabled, severity, thresholds };
}

/**
 * The effective settings of every check, in registry order: defaults ← file ← the workspace's
 * overrides (see layerCheckSettings); the merged thresholds are parsed with the check's schema.
 */
export function resolveEffectiveChecks(
  fileConfig: AuditConfigFile | null,
  overrides: readonly CheckOverrideSettings[] = [],
): EffectiveCheck[] {
  const overrideById = new Map(overrides.map((o) => [o.checkId, o]));
  return CHECKS.map((check) => {
    const id = check.meta.id;
    const { enabled, severity, thresholds } = layerCheckSettings(check, [fileConfig?.checks[id], overrideById.get(id)]);
    const parsed = check.thresholds.safeParse(thresholds);
    if (!parsed.success) {
      throw new Error(`${id}: thresholds ${JSON.stringify(thresholds)} are invalid: ${z.prettifyError(parsed.error)}`);
    }
    return { check, enabled, severity, thresholds: parsed.data };
  });
}

/** The threshold names a check accepts (for hints). */
export function thresholdNames(check: Check): string[] {
  return check.thresholds instanceof z.ZodObject ? Object.keys(check.thresholds.shape) : [];
}

/** A zod issue as a short phrase, e.g. "expected a number". */
export function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return issue.message;
  }
}

const TYPE_NAMES: Record<string, string> = {
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  string: "a string",
  array: "a list",
  object: "a mapping of names to values",
  record: "a mapping of names to values",
};

function dotted(path: readonly PropertyKey[]): string {
  return path.map((seg, i) => (typeof seg === "number" ? `[${seg}]` : `${i > 0 ? "." : ""}${String(seg)}`)).join("");
}

/**
 * Source offset for a path: the key of the deepest mapping entry on the path (or the list item),
 * so the position names the setting that is wrong; with `key`, that key inside the mapping at `path`.
 */
function locate(doc: Document, path: readonly PropertyKey[], key?: string): number {
  let node: unknown = doc.contents;
  let offset = isNode(node) && node.range ? node.range[0] : 0;
  const segments = key === undefined ? path : [...path, key];
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      if (isNode(pair.key) && pair.key.range) offset = pair.key.range[0];
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment];
      if (!isNode(item) || !item.range) break;
      offset = item.range[0];
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

/** A JSON-safe record of the settings a run used (stored with the run). */
export function snapshotEffectiveChecks(checks: readonly EffectiveCheck[]): Array<{
  id: string;
  enabled: boolean;
  severity: Severity;
  thresholds: unknown;
}> {
  return checks.map((c) => ({
    id: c.check.meta.id,
    enabled: c.enabled !== false,
    severity: c.severity,
    thresholds: c.thresholds,
  }));
}

export type { EffectiveCheck } from "./select.js";
export {
  CheckOverrideError,
  clearCheckOverride,
  readCheckOverrides,
  requireCheck,
  writeCheckOverride,
} from "./overrides.js";
export type { OverrideChange, StoredOverrides } from "./overrides.js";
