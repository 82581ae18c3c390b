/**
 * Scores an audit's JSON output (docs/audit-json.md) against a ground truth (model.ts).
 *
 * The unit is one flagged record per check, or one pair of records inside a reported group for
 * the duplicate checks. Each is a true positive (labelled `finding`), a false alarm (labelled
 * `no-finding` or `not-measured`, or flagged by a check the source cannot measure), or
 * unlabelled. Planted defects that no finding lists are "missed".
 *
 * The audit JSON is read loosely: fields may be added (a per-check `status` such as
 * "not-measured" or `measured: false`, a separate `notMeasured` list, new checks) without
 * breaking this scorer. A check reported as not measured contributes no flagged records.
 */
import type { Label, SourceTruth } from "./model.js";

export interface AuditFinding {
  checkId: string;
  shape?: string;
  affected: unknown[];
  status?: string;
}

export interface AuditDocument {
  findings: AuditFinding[];
  scores?: { overall?: number };
}

export type Reported = "measured" | "not-measured" | "absent";

export interface CheckRow {
  checkId: string;
  /** Why this source cannot measure the check, when it cannot. */
  notMeasurable?: string;
  reported: Reported;
  flagged: number;
  truePositives: number;
  falseAlarms: number;
  unlabelled: number;
  planted: number;
  missed: number;
  /** False alarms and missed defects per label kind (`not-measurable` for unlabelled units of such a check). */
  falseAlarmKinds: Record<string, number>;
  missedKinds: Record<string, number>;
  /** Up to a few example ids per class, for reading the table. */
  examples: { falseAlarms: string[]; unlabelled: string[]; missed: string[] };
}

export interface SourceScore {
  rows: CheckRow[];
  totals: {
    findings: number;
    truePositives: number;
    falseAlarms: number;
    unlabelled: number;
    falseAlarmShare: number;
    planted: number;
    found: number;
    missed: number;
    /** The same figures over the checks this source can measure only. */
    measurable: { findings: number; falseAlarms: number; falseAlarmShare: number };
    /** Checks the source cannot measure, and how many of them the audit reported as not measured. */
    notMeasurable: number;
    reportedNotMeasured: number;
  };
  score: number | null;
}

/** `not-measured`, `not_measured`, `notMeasured` … all mean the same. */
export function isNotMeasured(status: unknown): boolean {
  return typeof status === "string" && status.toLowerCase().replace(/[^a-z]/g, "") === "notmeasured";
}

const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/** The units a finding lists: record ids, or every pair inside each group. */
function unitsOf(finding: AuditFinding): string[] {
  const out: string[] = [];
  for (const item of finding.affected) {
    if (Array.isArray(item)) {
      const ids = item.map(String);
      for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) out.push(pairKey(ids[i]!, ids[j]!));
    } else {
      out.push(String(item));
    }
  }
  return out;
}

const unitOfLabel = (label: Label) => (label.pair ? pairKey(...label.pair) : (label.recordId ?? ""));
const showUnit = (unit: string) => unit.replace("\u0000", "+");

export function scoreAudit(audit: AuditDocument, truth: SourceTruth): SourceScore {
  const labels = new Map<string, Map<string, Label>>();
  for (const label of truth.labels) {
    const byUnit = labels.get(label.checkId) ?? new Map<string, Label>();
    byUnit.set(unitOfLabel(label), label);
    labels.set(label.checkId, byUnit);
  }
  const findings = new Map(audit.findings.map((f) => [f.checkId, f]));
  const checkIds = [...new Set([...findings.keys(), ...labels.keys(), ...Object.keys(truth.notMeasurable)])].sort();
  const rows: CheckRow[] = [];
  for (const checkId of checkIds) {
    const finding = findings.get(checkId);
    const reported: Reported = !finding ? "absent" : isNotMeasured(finding.status) ? "not-measured" : "measured";
    const flagged = reported === "measured" ? new Set(unitsOf(finding!)) : new Set<string>();
    const byUnit = labels.get(checkId) ?? new Map<string, Label>();
    const reason = truth.notMeasurable[checkId];
    const row: CheckRow = {
      checkId,
      ...(reason ? { notMeasurable: reason } : {}),
      reported,
      flagged: flagged.size,
      truePositives: 0,
      falseAlarms: 0,
      unlabelled: 0,
      planted: 0,
      missed: 0,
      falseAlarmKinds: {},
      missedKinds: {},
      examples: { falseAlarms: [], unlabelled: [], missed: [] },
    };
    const note = (list: string[], unit: string) => void (list.length < 3 && list.push(showUnit(unit)));
    const count = (kinds: Record<string, number>, kind: string) => (kinds[kind] = (kinds[kind] ?? 0) + 1);
    for (const unit of flagged) {
      const label = byUnit.get(unit);
      if (label?.expected === "finding" && !reason) row.truePositives++;
      else if (label !== undefined || reason) {
        row.falseAlarms++;
        count(row.falseAlarmKinds, label?.kind ?? "not-measurable");
        note(row.examples.falseAlarms, unit);
      } else {
        row.unlabelled++;
        note(row.examples.unlabelled, unit);
      }
    }
    for (const [unit, label] of byUnit) {
      if (label.expected !== "finding") continue;
      row.planted++;
      if (!flagged.has(unit)) {
        row.missed++;
        count(row.missedKinds, label.kind);
        note(row.examples.missed, unit);
      }
    }
    rows.push(row);
  }
  const sum = (key: "flagged" | "truePositives" | "falseAlarms" | "unlabelled" | "planted" | "missed") =>
    rows.reduce((n, r) => n + r[key], 0);
  const findingsTotal = sum("flagged");
  const falseAlarms = sum("falseAlarms");
  const notMeasurableRows = rows.filter((r) => r.notMeasurable);
  const measurableRows = rows.filter((r) => !r.notMeasurable);
  const measurableFindings = measurableRows.reduce((n, r) => n + r.flagged, 0);
  const measurableFalseAlarms = measurableRows.reduce((n, r) => n + r.falseAlarms, 0);
  return {
    rows,
    totals: {
      findings: findingsTotal,
      truePositives: sum("truePositives"),
      falseAlarms,
      unlabelled: sum("unlabelled"),
      falseAlarmShare: findingsTotal === 0 ? 0 : falseAlarms / findingsTotal,
      planted: sum("planted"),
      found: sum("planted") - sum("missed"),
      missed: sum("missed"),
      measurable: {
        findings: measurableFindings,
        falseAlarms: measurableFalseAlarms,
        falseAlarmShare: measurableFindings === 0 ? 0 : measurableFalseAlarms / measurableFindings,
      },
      notMeasurable: notMeasurableRows.length,
      reportedNotMeasured: notMeasurableRows.filter((r) => r.reported === "not-measured").length,
    },
    score: typeof audit.scores?.overall === "number" ? audit.scores.overall : null,
  };
}

/** Reads `crm-audit audit --format json` output, keeping only what the scorer needs. */
export function parseAuditJson(text: string): AuditDocument {
  // A line printed before the document (a notice) must not hide it: read from the first "{" line.
  const start = text.search(/^\{/m);
  const json = JSON.parse(start > 0 ? text.slice(start) : text) as {
    findings?: unknown;
    scores?: { overall?: unknown };
  };
  if (!Array.isArray(json.findings)) throw new Error("audit JSON has no findings array");
  const findings = new Map<string, AuditFinding>();
  for (const f of json.findings as Record<string, unknown>[]) {
    if (typeof f.checkId !== "string") continue;
    const status = typeof f.status === "string" ? f.status : f.measured === false ? "not-measured" : undefined;
    findings.set(f.checkId, {
      checkId: f.checkId,
      affected: Array.isArray(f.affected) ? f.affected : [],
      ...(typeof f.shape === "string" ? { shape: f.shape } : {}),
      ...(status ? { status } : {}),
    });
  }
  // Not-measured checks may also be listed beside the findings (`notMeasured: [{ checkId, reason }]`).
  for (const [key, value] of Object.entries(json)) {
    if (!isNotMeasured(key) || !Array.isArray(value)) continue;
    for (const item of value as unknown[]) {
      const checkId = typeof item === "string" ? item : (item as { checkId?: unknown } | null)?.checkId;
      if (typeof checkId !== "string") continue;
      findings.set(checkId, { ...(findings.get(checkId) ?? { checkId, affected: [] }), status: "not-measured" });
    }
  }
  const overall = json.scores?.overall;
  return { findings: [...findings.values()], ...(typeof overall === "number" ? { scores: { overall } } : {}) };
}
