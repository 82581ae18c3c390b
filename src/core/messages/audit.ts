/**
 * Messages about audit runs: progress, the summary posted after a run (and by `status`), the
 * full findings list, the records behind one finding, and the history of scores.
 */
import { nothingMeasured, notMeasuredFindings, rankFindings } from "../audit/scores.js";
import { isMeasured, type AuditRunResult, type FindingResult, type RunSummary } from "../audit/types.js";
import { surveyMetricsText } from "../audit/survey-metrics.js";
import { button } from "../commands/actions.js";
import { COMMAND_NAME } from "../commands/name.js";
import type { RecordPage } from "../stores/records.js";
import {
  categoryLabel,
  formatDate,
  formatDateTime,
  formatDelta,
  formatScore,
  numberRange,
  partialNote,
  plural,
  truncate,
} from "./format.js";
import type { Block, FindingItem, Message, Visibility } from "./model.js";

/** Findings shown in a summary; the rest are one "show more" click away (platform block limits). */
export const SUMMARY_FINDINGS = 6;
/** Findings per page of the full list. */
export const FINDINGS_PAGE = 10;
/** Records per page of a finding's table. */
export const RECORDS_PAGE = 10;
export const SAMPLES_PER_FINDING = 3;

/** Sample labels per check id (first affected records), looked up by the caller. */
export type SampleLabels = ReadonlyMap<string, string[]>;

export function progressMessage(select: string[], visibility: Visibility): Message {
  const what = select.length ? select.join(", ") : "all checks";
  return {
    text: `Running the CRM audit (${what})…`,
    visibility,
    blocks: [{ type: "context", text: `Running the CRM audit (${what})… this message updates when it is done.` }],
  };
}

/**
 * What a run covered, for headings: "CRM audit" for a full run, "CRM audit (partial: security)"
 * for one that ran only some checks, so its score is never read as the workspace's.
 */
export function runTitle(run: Pick<AuditRunResult, "selection">): string {
  return `CRM audit${partialNote(run.selection)}`;
}

function countChange(run: AuditRunResult, checkId: string): number | null {
  if (!run.changes) return null;
  return run.changes.checks.find((c) => c.checkId === checkId)?.countDelta ?? 0;
}

function affectedCount(finding: FindingResult): number {
  return finding.affected.length;
}

function findingItem(run: AuditRunResult, finding: FindingResult, samples: SampleLabels): FindingItem {
  const unit = finding.shape === "groups" ? "group" : "record";
  return {
    checkId: finding.checkId,
    title: finding.title,
    severity: finding.severity,
    count: finding.count,
    change: countChange(run, finding.checkId),
    samples: (samples.get(finding.checkId) ?? []).slice(0, SAMPLES_PER_FINDING).map((s) => truncate(s, 80)),
    fix: truncate(finding.fix, 300),
    ...(affectedCount(finding) > 0
      ? {
          button: button("findings.records", `Show ${unit}s`, { runId: run.id, checkId: finding.checkId, page: 0 }),
        }
      : {}),
  };
}

function scoreBlocks(run: AuditRunResult): Block[] {
  const categories = Object.entries(run.scores.categories).map(([category, score]) => {
    const delta = run.changes?.categoryDeltas[category as keyof typeof run.changes.categoryDeltas];
    return { label: categoryLabel(category), value: `${formatScore(score ?? 0)} ${formatDelta(delta)}`.trim() };
  });
  // A category none of whose checks could be measured has no score, not 100.
  for (const category of run.scores.notMeasured ?? []) {
    categories.push({ label: categoryLabel(category), value: "not measured" });
  }
  const label = run.selection ? "Score of these checks" : "CRM health score";
  return [
    nothingMeasured(run.scores)
      ? { type: "text", text: `${label}: not measured (no check could be measured on this data).` }
      : { type: "score", label, value: Math.round(run.scores.overall), delta: run.changes?.overallDelta ?? null },
    ...(categories.length ? [{ type: "fields" as const, fields: categories }] : []),
  ];
}

/** The overall score as text, or "not measured" when no check could be measured. */
function overallText(run: AuditRunResult): string {
  return nothingMeasured(run.scores) ? "not measured" : formatScore(run.scores.overall);
}

function runContext(run: AuditRunResult): string {
  const records = Object.entries(run.metrics.counts)
    .filter(([, n]) => n > 0)
    .map(([entity, n]) => `${entity.replace("_", " ")}: ${n.toLocaleString("en")}`)
    .join(", ");
  return `Run #${run.id}${partialNote(run.selection)} as of ${formatDateTime(run.asOf)} · ${run.trigger}${run.requestedBy ? ` by ${run.requestedBy}` : ""} · ${(run.durationMs / 1000).toFixed(1)} s${records ? ` · ${records}` : ""}`;
}

/** The result of a run (after `run`) or the latest run (for `status`). */
export function auditSummaryMessage(
  run: AuditRunResult,
  samples: SampleLabels,
  options: { visibility: Visibility; heading?: string },
): Message {
  const ranked = rankFindings(run);
  const shown = ranked.slice(0, SUMMARY_FINDINGS);
  const changes = run.changes;
  const trend = changes
    ? `Since run #${changes.previousRunId}${run.selection ? " (the same checks)" : ""}: score ${formatDelta(changes.overallDelta)}, ${plural(
        changes.checks.reduce((n, c) => n + c.added.length, 0),
        "new issue",
      )}, ${plural(
        changes.checks.reduce((n, c) => n + c.resolved.length, 0),
        "fixed issue",
      )}.`
    : run.selection
      ? "First run of these checks: the next one will show what changed."
      : "First audit of this workspace: the next one will show what changed.";
  const blocks: Block[] = [
    // The score itself is the score block's: a heading with it showed it twice.
    { type: "heading", text: options.heading ?? runTitle(run) },
    ...scoreBlocks(run),
    { type: "text", text: `${plural(ranked.length, "check")} found something to fix. ${trend}` },
  ];
  if (run.selection) {
    blocks.push({
      type: "context",
      text: "Only these checks ran: the score covers them alone, and `status` keeps showing the latest full audit.",
    });
  }
  if (shown.length) blocks.push({ type: "findings", items: shown.map((f) => findingItem(run, f, samples)) });
  const unmeasured = notMeasuredBlock(run);
  if (unmeasured) blocks.push(unmeasured);
  const buttons = [];
  if (ranked.length > shown.length) {
    buttons.push(button("findings.list", `Show all ${ranked.length} findings`, { runId: run.id, offset: 0 }));
  }
  if (buttons.length) blocks.push({ type: "actions", buttons });
  // What the users said beside what the data shows; absent in runs stored before surveys joined.
  if (run.metrics.surveys) blocks.push({ type: "context", text: surveyMetricsText(run.metrics.surveys) });
  blocks.push({ type: "context", text: runContext(run) });
  return {
    text: `${runTitle(run)} score ${overallText(run)} ${formatDelta(changes?.overallDelta)} · ${plural(ranked.length, "finding")}`.replace(
      /\s+/g,
      " ",
    ),
    visibility: options.visibility,
    blocks,
  };
}

/** Most reasons shown in one message; the rest are counted. */
const NOT_MEASURED_SHOWN = 8;

/**
 * The checks the data could not tell about, with why: "user.inactive (HubSpot exports carry no
 * login dates)". They are left out of the scores (docs/audit.md).
 */
function notMeasuredBlock(run: AuditRunResult): Block | null {
  const unmeasured = notMeasuredFindings(run);
  if (unmeasured.length === 0) return null;
  const listed = unmeasured
    .slice(0, NOT_MEASURED_SHOWN)
    .map((f) => `${f.checkId} (${truncate(f.reason ?? "no data to examine", 120)})`);
  const more = unmeasured.length > NOT_MEASURED_SHOWN ? `; and ${unmeasured.length - NOT_MEASURED_SHOWN} more` : "";
  return {
    type: "context",
    text: `Not measured, so left out of the score: ${listed.join("; ")}${more}.`,
  };
}

/** Every finding of a run with something to fix, a page at a time. */
export function findingsListMessage(run: AuditRunResult, offset: number, samples: SampleLabels): Message {
  const ranked = rankFindings(run);
  const page = ranked.slice(offset, offset + FINDINGS_PAGE);
  const blocks: Block[] = [
    {
      type: "heading",
      text: `Findings of run #${run.id}${partialNote(run.selection)}`,
    },
    {
      type: "context",
      text: `${numberRange(offset + 1, offset + page.length)} of ${ranked.length}, worst first · as of ${formatDateTime(run.asOf)}`,
    },
  ];
  if (page.length) blocks.push({ type: "findings", items: page.map((f) => findingItem(run, f, samples)) });
  else
    blocks.push({
      type: "text",
      text: run.findings.every(isMeasured)
        ? "Nothing to fix: every check passed."
        : "Nothing to fix: every measured check passed.",
    });
  const unmeasured = offset + FINDINGS_PAGE >= ranked.length ? notMeasuredBlock(run) : null;
  if (unmeasured) blocks.push(unmeasured);
  const pageButtons = [
    ...(offset > 0
      ? [
          button("findings.list", "Previous", {
            runId: run.id,
            offset: Math.max(0, offset - FINDINGS_PAGE),
            back: true,
          }),
        ]
      : []),
    ...(offset + FINDINGS_PAGE < ranked.length
      ? [button("findings.list", "Show more", { runId: run.id, offset: offset + FINDINGS_PAGE })]
      : []),
  ];
  if (pageButtons.length) blocks.push({ type: "actions", buttons: pageButtons });
  return { text: `Findings of run #${run.id}`, visibility: "private", blocks };
}

/**
 * One page of the records behind a finding. `page` is 0-based; duplicate groups are shown as
 * one row per record with the group number first.
 */
export function findingRecordsMessage(
  run: AuditRunResult,
  finding: FindingResult,
  page: number,
  records: RecordPage,
  groupOf?: ReadonlyMap<string, number>,
): Message {
  const total = affectedCount(finding);
  const pages = Math.max(1, Math.ceil(total / RECORDS_PAGE));
  const unit = finding.shape === "groups" ? "group" : "record";
  const columns = groupOf ? ["Group", ...records.columns] : records.columns;
  const rows = records.rows.map((r) => {
    // Wide enough for a whole email address: a cut one is no use for finding the record.
    const cells = r.cells.map((c) => truncate(c, 80));
    return groupOf ? [String(groupOf.get(r.id) ?? ""), ...cells] : cells;
  });
  const blocks: Block[] = [
    { type: "heading", text: truncate(`${finding.title} (${finding.checkId})`, 150) },
    {
      type: "context",
      text: `${plural(total, unit)} · ${finding.severity} · run #${run.id} as of ${formatDate(run.asOf)}`,
    },
  ];
  const pastEnd = total > 0 && page >= pages;
  if (rows.length) {
    blocks.push({ type: "table", columns, rows, caption: `Page ${page + 1} of ${pages}` });
  } else if (pastEnd) {
    const only = pages === 1 ? "There is only 1 page" : `There are only ${pages} pages`;
    blocks.push({
      type: "text",
      text: `${only} of ${plural(total, unit)}: \`${COMMAND_NAME} findings ${finding.checkId} ${pages}\` shows the last.`,
    });
  } else if (!isMeasured(finding)) {
    blocks.push({ type: "text", text: `Not measured: ${finding.reason ?? "no data to examine"}.` });
  } else {
    blocks.push({
      type: "text",
      text: total ? "These records are no longer stored (the data was re-imported)." : "No affected records.",
    });
  }
  const notes = (finding.notes ?? []).map((note) => `\n*Note:* ${note}`).join("");
  blocks.push({ type: "text", text: `*Why:* ${finding.why}\n*Fix:* ${finding.fix}${notes}` });
  const pageButtons = [
    ...(page > 0 && page < pages
      ? [
          button("findings.records", "Previous page", {
            runId: run.id,
            checkId: finding.checkId,
            page: page - 1,
            back: true,
          }),
        ]
      : []),
    ...(page + 1 < pages
      ? [button("findings.records", "Next page", { runId: run.id, checkId: finding.checkId, page: page + 1 })]
      : []),
  ];
  if (pageButtons.length) blocks.push({ type: "actions", buttons: pageButtons });
  return {
    text: pastEnd
      ? `${finding.title}: only ${plural(pages, "page")}`
      : `${finding.title}: ${plural(total, unit)}, page ${page + 1} of ${pages}`,
    visibility: "private",
    blocks,
  };
}

export function historyMessage(runs: readonly RunSummary[]): Message {
  if (runs.length === 0) {
    return {
      text: "No audits yet.",
      visibility: "private",
      blocks: [{ type: "text", text: "No audits yet. Run one with `/crm-audit run`." }],
    };
  }
  const sameChecks = (a: RunSummary, b: RunSummary) => JSON.stringify(a.selection) === JSON.stringify(b.selection);
  // Oldest first, as the chart draws them (runs come newest first).
  const rows = runs
    .map((r, i) => {
      // A run's change is against the previous run of the same checks: a partial run's score is not the workspace's.
      const previous = runs.slice(i + 1).find((p) => sameChecks(p, r));
      return [
        `#${r.id}`,
        formatDateTime(r.asOf),
        `${Math.round(r.overall)} ${previous ? formatDelta(r.overall - previous.overall) : ""}`.trim(),
        r.selection ? `partial: ${r.selection.join(", ")}` : "all",
        String(r.findingCount),
        r.trigger,
      ];
    })
    .reverse();
  // The trend is that of full audits only.
  const full = runs.filter((r) => r.selection === null);
  const chronological = [...full].reverse();
  const headline = full[0] ?? runs[0]!;
  const blocks: Block[] = [
    { type: "heading", text: `Audit history (last ${runs.length})` },
    { type: "table", columns: ["Run", "As of", "Score", "Checks", "Findings", "Trigger"], rows },
  ];
  if (chronological.length) {
    blocks.push({
      type: "chart",
      chart: {
        kind: "line",
        title: "CRM health score (full audits)",
        labels: chronological.map((r) => `#${r.id}`),
        values: chronological.map((r) => Math.round(r.overall)),
      },
    });
  }
  return {
    text: `Last ${plural(runs.length, "audit")}: score ${Math.round(headline.overall)}${partialNote(headline.selection)}`,
    visibility: "private",
    blocks,
  };
}

/** `status` before any audit ran. */
export function noAuditYetMessage(): Message {
  return {
    text: "No audit has run in this workspace yet.",
    visibility: "private",
    blocks: [
      { type: "text", text: "No audit has run in this workspace yet." },
      { type: "actions", buttons: [button("audit.run", "Run an audit now", {}, "primary")] },
    ],
  };
}
