/**
 * Audit run → text (terminal and local chat console), JSON (stable, schema below and in
 * docs/audit-json.md), Markdown, CSV (one row per affected record).
 */
import { z } from "zod";
import { KEY_FIELDS } from "../checks/key-fields.js";
import { CATEGORIES, SEVERITIES } from "../checks/types.js";
import type { RecordDetail, RecordDetailsLookup } from "../stores/record-details.js";
import { formatCsv } from "../csv/write.js";
import { partialNote, recordUnit } from "../messages/format.js";
import { nothingMeasured, notMeasuredFindings, orderFindings, rankFindings } from "./scores.js";
import { isMeasured, type AuditRunResult, type FindingResult } from "./types.js";
import { surveyMetricsText } from "./survey-metrics.js";

export const AUDIT_FORMATS = ["text", "json", "markdown", "csv"] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

/** Version of the JSON document; bumped only on an incompatible change. */
export const AUDIT_JSON_VERSION = 1;

const CategorySchema = z.enum(CATEGORIES);
const ScoreSchema = z.number().min(0).max(100);

/** The JSON output of an audit run (`crm-audit audit --format json`). */
export const AuditJsonSchema = z.object({
  version: z.literal(AUDIT_JSON_VERSION),
  runId: z.number().int(),
  workspaceId: z.string(),
  asOf: z.iso.datetime().describe("The as-of instant T, ISO 8601 UTC"),
  asOfMs: z.number().int().describe("T as epoch milliseconds"),
  startedAt: z.iso.datetime(),
  durationMs: z.number().int().min(0),
  trigger: z.string(),
  selection: z
    .array(z.string())
    .nullable()
    .describe("The check ids / categories of a partial run (sorted); null for a full run of every enabled check"),
  dataVersion: z
    .number()
    .int()
    .optional()
    .describe("The workspace's data version the run read: the id of its latest import (absent in older runs)"),
  checksRelease: z
    .string()
    .optional()
    .describe("The bot's release the run's checks shipped with (absent in older runs)"),
  scores: z.object({
    overall: ScoreSchema,
    categories: z
      .partialRecord(CategorySchema, ScoreSchema)
      .describe("Categories with at least one measured check; the scores leave not measured checks out"),
    notMeasured: z
      .array(CategorySchema)
      .optional()
      .describe("Categories whose checks ran but none was measured: they have no score (absent in older runs)"),
  }),
  findings: z.array(
    z.object({
      checkId: z.string(),
      title: z.string(),
      category: CategorySchema,
      severity: z.enum(SEVERITIES),
      entity: z.string().describe('The record kind (a table name), or "dataset"'),
      shape: z.enum(["records", "groups"]),
      count: z.number().int().min(0).describe("Number of affected ids, or of groups for duplicate checks"),
      affected: z
        .union([z.array(z.string()), z.array(z.array(z.string()))])
        .describe("Every affected id (sorted), or the groups of ids for duplicate checks"),
      why: z.string(),
      fix: z.string(),
      docs: z
        .string()
        .optional()
        .describe('Where the check is documented, relative to the repository root, e.g. "docs/checks.md#contactstale"'),
      notes: z
        .array(z.string())
        .optional()
        .describe("How the check read the data where it had to assume something, e.g. the region of phone numbers"),
      status: z
        .enum(["measured", "not-measured"])
        .describe(
          '"not-measured": the source did not supply what the check needs, or there were no records to examine; such a check lists nothing and counts in no score',
        ),
      reason: z
        .string()
        .optional()
        .describe('Why the check was not measured, e.g. "HubSpot exports carry no login dates"'),
      details: z
        .array(z.string())
        .optional()
        .describe("Duplicate checks: parallel to affected, why each group's records matched (evidence and weight)"),
    }),
  ),
  metrics: z
    .record(z.string(), z.unknown())
    .describe(
      "See docs/audit.md: counts, fill rates, adoption, …, and `surveys` (satisfaction, NPS and fitness of the latest closed survey rounds)",
    ),
  changes: z
    .object({
      previousRunId: z.number().int(),
      overallDelta: z.number(),
      categoryDeltas: z.partialRecord(CategorySchema, z.number()),
      checks: z.array(
        z.object({
          checkId: z.string(),
          added: z.array(z.string()),
          resolved: z.array(z.string()),
          countDelta: z.number().int(),
        }),
      ),
    })
    .nullable()
    .describe("Compared with the previous run of the workspace with the same selection; null for the first such run"),
});
export type AuditJson = z.output<typeof AuditJsonSchema>;

/** The JSON Schema (draft 2020-12) of the JSON output, for scripts in other languages. */
export function auditJsonSchema(): unknown {
  return z.toJSONSchema(AuditJsonSchema);
}

const iso = (ms: number) => new Date(ms).toISOString();

export function toAuditJson(run: AuditRunResult): AuditJson {
  return {
    version: AUDIT_JSON_VERSION,
    runId: run.id,
    workspaceId: run.workspaceId,
    asOf: iso(run.asOf),
    asOfMs: run.asOf,
    startedAt: iso(run.startedAt),
    durationMs: run.durationMs,
    trigger: run.trigger,
    selection: run.selection,
    ...(run.dataVersion != null ? { dataVersion: run.dataVersion } : {}),
    ...(run.checksRelease != null ? { checksRelease: run.checksRelease } : {}),
    scores: run.scores,
    findings: run.findings.map((f) => ({
      checkId: f.checkId,
      title: f.title,
      category: f.category,
      severity: f.severity,
      entity: f.entity,
      shape: f.shape,
      count: f.count,
      affected: f.affected,
      why: f.why,
      fix: f.fix,
      ...(f.docs ? { docs: f.docs } : {}),
      ...(f.notes?.length ? { notes: f.notes } : {}),
      status: f.status ?? "measured",
      ...(f.reason ? { reason: f.reason } : {}),
      ...(f.details ? { details: f.details } : {}),
    })),
    metrics: run.metrics as Record<string, unknown>,
    changes: run.changes,
  };
}

function scoreBar(score: number, width = 20): string {
  const full = Math.round((score / 100) * width);
  return "█".repeat(full) + "░".repeat(width - full);
}

const signed = (n: number) => (n > 0 ? `+${n}` : n === 0 ? "±0" : `${n}`);
const percent = (n: number | null) => (n === null ? "n/a" : `${(n * 100).toFixed(1)}%`);

function samples(f: FindingResult, max: number): string {
  const keys =
    f.shape === "groups" ? (f.affected as string[][]).map((g) => `[${g.join(", ")}]`) : (f.affected as string[]);
  const shown = keys.slice(0, max).join(", ");
  return keys.length > max ? `${shown} … (+${keys.length - max} more)` : shown;
}

function unitOf(f: FindingResult): string {
  if (f.shape === "groups") return f.count === 1 ? "group" : "groups";
  return recordUnit(f.count, f.entity);
}

export interface TextFormatOptions {
  /** Affected ids shown per finding. */
  samples?: number;
}

export function formatAuditText(run: AuditRunResult, options: TextFormatOptions = {}): string {
  const max = options.samples ?? 5;
  const lines: string[] = [];
  const delta = run.changes ? ` (${signed(run.changes.overallDelta)} since run #${run.changes.previousRunId})` : "";
  lines.push(
    `CRM audit #${run.id}${partialNote(run.selection)} · workspace ${run.workspaceId} · as of ${iso(run.asOf)}`,
  );
  lines.push(
    nothingMeasured(run.scores)
      ? "Health not measured: no check of this run could be measured"
      : `Health ${run.scores.overall.toFixed(1)}/100 ${scoreBar(run.scores.overall)}${delta}`,
  );
  for (const category of CATEGORIES) {
    const score = run.scores.categories[category];
    if (run.scores.notMeasured?.includes(category)) lines.push(`  ${category.padEnd(13)} not measured`);
    if (score === undefined) continue;
    const d = run.changes?.categoryDeltas[category];
    lines.push(
      `  ${category.padEnd(13)} ${score.toFixed(1).padStart(5)} ${scoreBar(score, 10)}${d ? ` ${signed(d)}` : ""}`,
    );
  }
  const ranked = rankFindings(run);
  const unmeasured = notMeasuredFindings(run);
  lines.push("");
  lines.push(
    `Findings: ${ranked.length} of ${run.findings.filter(isMeasured).length} measured checks flagged records` +
      (unmeasured.length ? `; ${unmeasured.length} not measured` : ""),
  );
  const changesById = new Map(run.changes?.checks.map((c) => [c.checkId, c]));
  for (const f of ranked) {
    const change = changesById.get(f.checkId);
    const moved =
      change && (change.added.length || change.resolved.length)
        ? `  (${change.added.length} new, ${change.resolved.length} resolved)`
        : "";
    lines.push(`  ${f.severity.toUpperCase().padEnd(8)} ${f.checkId}: ${f.count} ${unitOf(f)}${moved}`);
    lines.push(`           ${f.title}. ${f.fix}`);
    for (const note of f.notes ?? []) lines.push(`           Note: ${note}`);
    lines.push(`           ${samples(f, max)}`);
    // Why the first group matched: the evidence a reviewer checks before merging.
    if (f.details?.[0]) lines.push(`           why ${f.details[0]}`);
  }
  if (unmeasured.length) {
    lines.push("");
    lines.push("Not measured (left out of the scores):");
    for (const f of unmeasured) lines.push(`  ${f.checkId}: ${f.reason ?? "no data to examine"}`);
  }
  const m = run.metrics;
  lines.push("");
  lines.push(
    `Metrics: adoption ${percent(m.adoptionRate)} · retention ${percent(m.retentionRate)} · conversion ${percent(m.conversionRate)} · win rate ${percent(m.winRate)} · CSAT ${m.csatMean === null ? "n/a" : m.csatMean.toFixed(2)} · NPS ${m.nps === null ? "n/a" : m.nps.toFixed(0)}`,
  );
  const counts = Object.entries(m.counts)
    .map(([entity, n]) => {
      const change = m.countChanges?.[entity as keyof typeof m.counts];
      return `${entity.replace("_", " ")} ${n}${change ? ` (${signed(Math.round(change * 1000) / 10)}%)` : ""}`;
    })
    .join(" · ");
  if (m.surveys) lines.push(surveyMetricsText(m.surveys));
  lines.push(`Records: ${counts}`);
  if (m.unusedFields.length > 0) lines.push(`Unused fields (<5% filled): ${m.unusedFields.join(", ")}`);
  return lines.join("\n") + "\n";
}

const mdEscape = (s: string) => s.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`);

export function formatAuditMarkdown(run: AuditRunResult, options: TextFormatOptions = {}): string {
  const max = options.samples ?? 10;
  const out: string[] = [];
  out.push(`# CRM audit #${run.id}${mdEscape(partialNote(run.selection))}`, "");
  out.push(`Workspace \`${run.workspaceId}\`, as of ${iso(run.asOf)}, ${run.durationMs} ms.`, "");
  out.push(
    nothingMeasured(run.scores)
      ? "**Health: not measured** (no check of this run could be measured)"
      : `**Health: ${run.scores.overall.toFixed(1)}/100**${run.changes ? ` (${signed(run.changes.overallDelta)} since run #${run.changes.previousRunId})` : ""}`,
    "",
  );
  out.push("| Category | Score |", "| --- | ---: |");
  for (const category of CATEGORIES) {
    const score = run.scores.categories[category];
    if (score !== undefined) out.push(`| ${category} | ${score.toFixed(1)} |`);
    else if (run.scores.notMeasured?.includes(category)) out.push(`| ${category} | not measured |`);
  }
  out.push("", "## Findings", "");
  const ranked = rankFindings(run);
  if (ranked.length === 0) out.push("No check flagged any record.");
  else {
    out.push("| Severity | Check | Count | Title |", "| --- | --- | ---: | --- |");
    for (const f of ranked) out.push(`| ${f.severity} | \`${f.checkId}\` | ${f.count} | ${mdEscape(f.title)} |`);
    for (const f of ranked) {
      out.push("", `### ${f.checkId} (${f.severity}, ${f.count} ${unitOf(f)})`, "");
      out.push(`${mdEscape(f.why)} ${mdEscape(f.fix)}`, "");
      for (const note of f.notes ?? []) out.push(`Note: ${mdEscape(note)}`, "");
      out.push(`Affected: ${mdEscape(samples(f, max))}`);
    }
  }
  const unmeasured = notMeasuredFindings(run);
  if (unmeasured.length) {
    out.push("", "## Not measured", "", "Left out of the scores: the data cannot tell.", "");
    out.push("| Check | Why |", "| --- | --- |");
    for (const f of unmeasured) out.push(`| \`${f.checkId}\` | ${mdEscape(f.reason ?? "no data to examine")} |`);
  }
  const m = run.metrics;
  out.push("", "## Metrics", "");
  out.push("| Metric | Value |", "| --- | ---: |");
  out.push(`| Adoption rate | ${percent(m.adoptionRate)} |`, `| Retention rate | ${percent(m.retentionRate)} |`);
  out.push(`| Conversion rate | ${percent(m.conversionRate)} |`, `| Win rate | ${percent(m.winRate)} |`);
  out.push(
    `| CSAT mean | ${m.csatMean === null ? "n/a" : m.csatMean.toFixed(2)} |`,
    `| NPS | ${m.nps === null ? "n/a" : m.nps.toFixed(0)} |`,
  );
  for (const [entity, n] of Object.entries(m.counts)) out.push(`| ${entity} records | ${n} |`);
  if (m.surveys) out.push("", mdEscape(surveyMetricsText(m.surveys)));
  if (m.unusedFields.length > 0)
    out.push("", `Unused fields (<5% filled): ${m.unusedFields.map((f) => `\`${f}\``).join(", ")}`);
  return out.join("\n") + "\n";
}

/**
 * One row per affected record: run_id, check_id, severity, record_id, group (1-based group number
 * of duplicate checks). Record ids come from the imported CRM, so cells that a spreadsheet would
 * run as a formula are neutralised (src/core/csv/write.ts).
 */
/**
 * One row per affected record. With `details` (the CLI passes a lookup of the workspace's
 * records) each row also has the record's name, its owner and the values of the fields the
 * check looked at (`email=…; country=DE`, src/core/checks/key-fields.ts); without, those are blank.
 */
export function formatAuditCsv(run: AuditRunResult, details?: RecordDetailsLookup): string {
  const rows: (string | number)[][] = [
    ["run_id", "check_id", "severity", "record_id", "group", "name", "owner", "values"],
  ];
  for (const f of run.findings) {
    const groups = f.shape === "groups" ? (f.affected as string[][]) : (f.affected as string[]).map((id) => [id]);
    const fields = KEY_FIELDS[f.checkId] ?? [];
    const found: ReadonlyMap<string, RecordDetail> =
      details && f.entity !== "dataset" ? details(f.entity, groups.flat(), fields) : new Map();
    groups.forEach((group, i) => {
      for (const id of group) {
        const d = found.get(id);
        const values = d ? d.values.map(([field, value]) => `${field}=${value}`).join("; ") : "";
        rows.push([
          run.id,
          f.checkId,
          f.severity,
          id,
          f.shape === "groups" ? i + 1 : "",
          d?.name ?? "",
          d?.owner ?? "",
          values,
        ]);
      }
    });
  }
  return formatCsv(rows);
}

export function formatAudit(
  input: AuditRunResult,
  format: AuditFormat,
  options: TextFormatOptions & { details?: RecordDetailsLookup } = {},
): string {
  // Every format lists the findings in the one order (scores.ts orderFindings).
  const run = { ...input, findings: orderFindings(input) };
  switch (format) {
    case "text":
      return formatAuditText(run, options);
    case "markdown":
      return formatAuditMarkdown(run, options);
    case "csv":
      return formatAuditCsv(run, options.details);
    case "json":
      return JSON.stringify(toAuditJson(run), null, 2) + "\n";
  }
}
