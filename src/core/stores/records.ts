/**
 * Stored CRM records as chat shows them: a page of the records behind a finding. Implemented
 * under src/db/stores/records.ts.
 */
import type { EntityName } from "../dataset/entities.js";
import type { RecordDetail } from "./record-details.js";

/** One record as a table row: `cells` line up with the page's `columns`. */
export interface RecordView {
  id: string;
  /** A short human label for samples: "Ann Lee (ann@example.com)". */
  label: string;
  cells: string[];
}

export interface RecordPage {
  entity: EntityName;
  columns: string[];
  rows: RecordView[];
}

export interface RecordStore {
  /**
   * The records with these ids, in the order of `ids` (ids no longer stored are skipped: the
   * data may have been re-imported since the audit ran).
   */
  byIds(workspaceId: string, entity: EntityName, ids: readonly string[]): Promise<RecordPage>;
  /** Name, owner and the values of `fields` of the records still stored, by id. */
  details(
    workspaceId: string,
    entity: EntityName,
    ids: readonly string[],
    fields: readonly string[],
  ): Promise<ReadonlyMap<string, RecordDetail>>;
}
