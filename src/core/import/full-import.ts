/**
 * What an import does besides upserting (docs/import.md, "Full exports" and "The sample"):
 *
 * - a **full** import (a CRM's export of whole objects) deletes the workspace's records of each
 *   exported entity that the export no longer has, inside the import's transaction; it refuses
 *   when that would delete more than `maxDropShare` of an entity's records (a truncated export,
 *   what `dataset.count-drop` reports after the fact) unless `allowDrop`;
 * - the first real import into a workspace that holds only the seeded sample removes the sample
 *   (records, import log, audit runs) first, so the two never mix.
 *
 * The database work is the import writer's (ImportWorkspaceData, src/core/stores/workspace-data.ts);
 * the writer holds the transaction.
 */
import type { EntityName } from "../dataset/entities.js";
import { recordCount } from "../messages/format.js";
import { SAMPLE_SOURCE_PREFIX, type ClearedData, type ImportWorkspaceData } from "../stores/workspace-data.js";
import type { ImportIssue, ImportOptions, ImportReport, SkippedRow, SourceTable } from "./types.js";

/** The share of an entity's stored records a full import may delete without --allow-drop (dataset.count-drop's default). */
export const DEFAULT_MAX_DROP_SHARE = 0.2;

export interface ImportPlan {
  /** Entities whose stored records the export replaces (full imports only). */
  fullEntities: EntityName[];
  /** Ids in the export that were skipped as invalid: kept, not deleted. */
  keep: { entity: EntityName; id: string }[];
  /** The workspace holds only the seeded sample, and this import is real data. */
  replaceSample: boolean;
  /** The file an entity came from, for problems. */
  files: Partial<Record<EntityName, string>>;
}

export function planImport(
  data: ImportWorkspaceData,
  tables: readonly SourceTable[],
  skipped: readonly SkippedRow[],
  options: ImportOptions,
): ImportPlan {
  const files: Partial<Record<EntityName, string>> = {};
  const full = new Set<EntityName>();
  for (const table of tables) {
    files[table.entity] ??= table.file;
    // Tables the importer derives (users named as owners in a HubSpot export) are not an
    // export of that object: the users they do not name may well exist.
    if (options.full && !table.relaxRequired) full.add(table.entity);
  }
  const isSample = options.sourceLabel?.startsWith(SAMPLE_SOURCE_PREFIX) ?? false;
  return {
    fullEntities: [...full],
    keep: skipped.filter((s) => s.id !== null && full.has(s.entity)).map((s) => ({ entity: s.entity, id: s.id! })),
    replaceSample: !isSample && data.holdsOnlySample(),
    files,
  };
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

/**
 * Counts what the plan deletes into `report.counts` (a dry run reports it too) and returns the
 * problems of a drop larger than allowed. Reads the attached stage.
 */
export function checkFullImport(
  data: ImportWorkspaceData,
  plan: ImportPlan,
  report: ImportReport,
  options: ImportOptions,
): ImportIssue[] {
  // A dry run says what it would remove; a real import overwrites this with what it removed.
  if (plan.replaceSample) report.replacedSample = data.summary();
  if (plan.replaceSample || plan.fullEntities.length === 0) return [];
  const maxShare = options.maxDropShare ?? DEFAULT_MAX_DROP_SHARE;
  const issues: ImportIssue[] = [];
  const absent = data.countAbsent(plan.fullEntities, plan.keep);
  for (const entity of plan.fullEntities) {
    const { stored, absent: n } = absent[entity]!;
    const counts = (report.counts[entity] ??= { inserted: 0, updated: 0 });
    counts.deleted = n;
    if (stored > 0 && n / stored > maxShare && !options.allowDrop) {
      issues.push({
        file: plan.files[entity] ?? entity,
        line: 1,
        column: "",
        message:
          `a full import would delete ${n.toLocaleString("en")} of the ${recordCount(stored, entity)} ` +
          `stored (${percent(n / stored)}), more than the ${percent(maxShare)} allowed: is the export complete? ` +
          `--allow-drop deletes them anyway, --no-full keeps them`,
      });
    }
  }
  return issues;
}

/**
 * Inside the import's write transaction, before the staged rows are copied: removes the sample
 * or the records the export lacks. Returns what was removed with the sample, if it was.
 */
export function applyImportPlan(data: ImportWorkspaceData, plan: ImportPlan, report: ImportReport): ClearedData | null {
  if (plan.replaceSample) return data.clear();
  if (plan.fullEntities.length === 0) return null;
  const deleted = data.deleteAbsent(plan.fullEntities, plan.keep);
  for (const entity of plan.fullEntities)
    (report.counts[entity] ??= { inserted: 0, updated: 0 }).deleted = deleted[entity] ?? 0;
  return null;
}
