/**
 * Audit results turned into messages, with the record labels they need looked up in the
 * workspace's data: samples for a summary, a page of records for a finding.
 */
import { rankFindings } from "../audit/scores.js";
import type { AuditRunResult, FindingResult } from "../audit/types.js";
import type { Database } from "../../db/database.js";
import { fieldLabel, KEY_FIELDS } from "../checks/key-fields.js";
import { findRecordsByIds, type RecordPage } from "../dataset/queries.js";
import { findRecordDetails } from "../../db/stores/record-details.js";
import type { EntityName } from "../dataset/entities.js";
import {
  auditSummaryMessage,
  findingRecordsMessage,
  findingsListMessage,
  FINDINGS_PAGE,
  RECORDS_PAGE,
  SAMPLES_PER_FINDING,
  SUMMARY_FINDINGS,
  type SampleLabels,
} from "../messages/audit.js";
import type { Message, Visibility } from "../messages/model.js";

/** The id groups of a duplicate finding, or null for a finding that lists records. */
function groupsOf(finding: FindingResult): string[][] | null {
  return finding.shape === "groups" ? (finding.affected as string[][]) : null;
}

/** Sample labels of the first affected records of each finding; a duplicate group reads "A = B". */
export function sampleLabels(db: Database, workspaceId: string, findings: readonly FindingResult[]): SampleLabels {
  const labels = new Map<string, string[]>();
  for (const finding of findings) {
    if (finding.entity === "dataset") continue;
    const entity: EntityName = finding.entity;
    const allGroups = groupsOf(finding);
    if (allGroups) {
      const groups = allGroups.slice(0, SAMPLES_PER_FINDING);
      const page = findRecordsByIds(db.sqlite, workspaceId, entity, groups.flat());
      const byId = new Map(page.rows.map((r) => [r.id, r.label]));
      labels.set(
        finding.checkId,
        groups.map((g) => g.map((id) => byId.get(id) ?? id).join(" = ")),
      );
    } else {
      const ids = (finding.affected as string[]).slice(0, SAMPLES_PER_FINDING);
      labels.set(
        finding.checkId,
        findRecordsByIds(db.sqlite, workspaceId, entity, ids).rows.map((r) => r.label),
      );
    }
  }
  return labels;
}

export function summaryOf(db: Database, run: AuditRunResult, visibility: Visibility, heading?: string): Message {
  const shown = rankFindings(run).slice(0, SUMMARY_FINDINGS);
  return auditSummaryMessage(run, sampleLabels(db, run.workspaceId, shown), {
    visibility,
    ...(heading ? { heading } : {}),
  });
}

export function findingsListOf(db: Database, run: AuditRunResult, offset: number): Message {
  const page = rankFindings(run).slice(offset, offset + FINDINGS_PAGE);
  return findingsListMessage(run, offset, sampleLabels(db, run.workspaceId, page));
}

/**
 * The records of one page as a table: the id, the name and the fields the check looked at
 * (src/core/checks/key-fields.ts), in full; a channel post is masked on the way out.
 */
function keyFieldPage(
  db: Database,
  workspaceId: string,
  finding: FindingResult,
  entity: EntityName,
  ids: string[],
): RecordPage {
  const fields = KEY_FIELDS[finding.checkId] ?? [];
  const details = findRecordDetails(db.sqlite, workspaceId, entity, ids, fields);
  const rows = ids.flatMap((id) => {
    const d = details.get(id);
    if (!d) return [];
    return [{ id, label: d.name, cells: [id, d.name || "—", ...d.values.map(([, v]) => v || "—")] }];
  });
  return { entity, columns: ["Id", "Name", ...fields.map(fieldLabel)], rows };
}

/** Page `page` (0-based) of a finding's records; for duplicates a page holds RECORDS_PAGE groups. */
export function findingRecordsOf(db: Database, run: AuditRunResult, finding: FindingResult, page: number): Message {
  const entity: EntityName = finding.entity === "dataset" ? "contacts" : finding.entity;
  if (finding.entity === "dataset") {
    return findingRecordsMessage(
      run,
      { ...finding, affected: [] },
      0,
      findRecordsByIds(db.sqlite, run.workspaceId, entity, []),
    );
  }
  const start = page * RECORDS_PAGE;
  const allGroups = groupsOf(finding);
  if (allGroups) {
    const groups = allGroups.slice(start, start + RECORDS_PAGE);
    const groupOf = new Map<string, number>();
    groups.forEach((g, i) => g.forEach((id) => groupOf.set(id, start + i + 1)));
    const records = keyFieldPage(db, run.workspaceId, finding, entity, groups.flat());
    return findingRecordsMessage(run, finding, page, records, groupOf);
  }
  const ids = (finding.affected as string[]).slice(start, start + RECORDS_PAGE);
  return findingRecordsMessage(run, finding, page, keyFieldPage(db, run.workspaceId, finding, entity, ids));
}
