/**
 * Audit results turned into messages, with the record labels they need looked up in the
 * workspace's data: samples for a summary, a page of records for a finding.
 */
import { rankFindings } from "../audit/scores.js";
import type { AuditRunResult, FindingResult } from "../audit/types.js";
import { fieldLabel, KEY_FIELDS } from "../checks/key-fields.js";
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
import type { RecordPage, RecordStore } from "../stores/records.js";

/** The id groups of a duplicate finding, or null for a finding that lists records. */
function groupsOf(finding: FindingResult): string[][] | null {
  return finding.shape === "groups" ? (finding.affected as string[][]) : null;
}

/**
 * Sample labels of the first affected records of each finding; a duplicate group reads "A = B".
 * One look-up per entity for all the findings shown (a summary is built on every `status`).
 */
export async function sampleLabels(
  records: RecordStore,
  workspaceId: string,
  findings: readonly FindingResult[],
): Promise<SampleLabels> {
  const wanted = new Map<EntityName, Set<string>>();
  const samples: { finding: FindingResult; entity: EntityName; groups: string[][] | null; ids: string[] }[] = [];
  for (const finding of findings) {
    if (finding.entity === "dataset") continue;
    const entity: EntityName = finding.entity;
    const allGroups = groupsOf(finding);
    const groups = allGroups ? allGroups.slice(0, SAMPLES_PER_FINDING) : null;
    const ids = groups ? groups.flat() : (finding.affected as string[]).slice(0, SAMPLES_PER_FINDING);
    let set = wanted.get(entity);
    if (!set) wanted.set(entity, (set = new Set()));
    for (const id of ids) set.add(id);
    samples.push({ finding, entity, groups, ids });
  }
  const found = new Map<EntityName, Map<string, string>>();
  for (const [entity, ids] of wanted) {
    const page = await records.byIds(workspaceId, entity, [...ids]);
    found.set(entity, new Map(page.rows.map((r) => [r.id, r.label])));
  }
  const labels = new Map<string, string[]>();
  for (const { finding, entity, groups, ids } of samples) {
    const byId = found.get(entity)!;
    labels.set(
      finding.checkId,
      groups
        ? groups.map((g) => g.map((id) => byId.get(id) ?? id).join(" = "))
        : // Records no longer stored are left out (the data may have been re-imported since).
          ids.flatMap((id) => {
            const label = byId.get(id);
            return label === undefined ? [] : [label];
          }),
    );
  }
  return labels;
}

/**
 * The last summary built for a run, by what it was built from: `status` answers the same
 * headline run again and again, and only the sample labels (read anew each time: an import
 * may rename or remove the records) can change it.
 */
const lastSummary = new WeakMap<AuditRunResult, { key: string; message: Message }>();

export async function summaryOf(
  records: RecordStore,
  run: AuditRunResult,
  visibility: Visibility,
  heading?: string,
): Promise<Message> {
  const shown = rankFindings(run).slice(0, SUMMARY_FINDINGS);
  const labels = await sampleLabels(records, run.workspaceId, shown);
  const key = JSON.stringify([visibility, heading ?? null, [...labels]]);
  const kept = lastSummary.get(run);
  if (kept?.key === key) return kept.message;
  const message = auditSummaryMessage(run, labels, { visibility, ...(heading ? { heading } : {}) });
  lastSummary.set(run, { key, message });
  return message;
}

export async function findingsListOf(records: RecordStore, run: AuditRunResult, offset: number): Promise<Message> {
  const page = rankFindings(run).slice(offset, offset + FINDINGS_PAGE);
  return findingsListMessage(run, offset, await sampleLabels(records, run.workspaceId, page));
}

/**
 * The records of one page as a table: the id, the name and the fields the check looked at
 * (src/core/checks/key-fields.ts), in full; a channel post is masked on the way out.
 */
async function keyFieldPage(
  records: RecordStore,
  workspaceId: string,
  finding: FindingResult,
  entity: EntityName,
  ids: string[],
): Promise<RecordPage> {
  const fields = KEY_FIELDS[finding.checkId] ?? [];
  const details = await records.details(workspaceId, entity, ids, fields);
  const rows = ids.flatMap((id) => {
    const d = details.get(id);
    if (!d) return [];
    return [{ id, label: d.name, cells: [id, d.name || "—", ...d.values.map(([, v]) => v || "—")] }];
  });
  return { entity, columns: ["Id", "Name", ...fields.map(fieldLabel)], rows };
}

/** Page `page` (0-based) of a finding's records; for duplicates a page holds RECORDS_PAGE groups. */
export async function findingRecordsOf(
  records: RecordStore,
  run: AuditRunResult,
  finding: FindingResult,
  page: number,
): Promise<Message> {
  const entity: EntityName = finding.entity === "dataset" ? "contacts" : finding.entity;
  if (finding.entity === "dataset") {
    return findingRecordsMessage(
      run,
      { ...finding, affected: [] },
      0,
      await records.byIds(run.workspaceId, entity, []),
    );
  }
  const start = page * RECORDS_PAGE;
  const allGroups = groupsOf(finding);
  if (allGroups) {
    const groups = allGroups.slice(start, start + RECORDS_PAGE);
    const groupOf = new Map<string, number>();
    groups.forEach((g, i) => g.forEach((id) => groupOf.set(id, start + i + 1)));
    const rows = await keyFieldPage(records, run.workspaceId, finding, entity, groups.flat());
    return findingRecordsMessage(run, finding, page, rows, groupOf);
  }
  const ids = (finding.affected as string[]).slice(start, start + RECORDS_PAGE);
  return findingRecordsMessage(run, finding, page, await keyFieldPage(records, run.workspaceId, finding, entity, ids));
}
