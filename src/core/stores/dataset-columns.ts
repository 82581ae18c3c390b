/**
 * What the imports of a workspace supplied, per entity and field: the audit reads it to tell a
 * check whose input the source never gave ("not measured", docs/audit.md) from one that found
 * nothing. Implemented over SQLite in src/db/stores/dataset-columns.ts.
 */
import type { EntityName } from "../dataset/entities.js";

export interface SuppliedColumn {
  entity: EntityName;
  /** Record field ("lastLoginAt"), or a field and an aspect of it ("consent:granted"). */
  column: string;
  /** The source had the column (blank in every row still counts: the data says "none"). */
  supplied: boolean;
  /** Non-blank values the import read; null for aspects. */
  suppliedRows: number | null;
  /** Who supplied it: a preset's title ("HubSpot"), "mapping file" or "canonical bundle". */
  source: string;
  /** What to add to the export to supply it, when the import knows. */
  hint: string | null;
}

export interface DatasetColumnsStore {
  /**
   * Records one import's columns. A column the import had replaces what was known of it and of
   * its aspects; a column it lacked is recorded as not supplied only when no earlier import
   * supplied it (re-imports leave stored values of absent columns untouched).
   */
  record(workspaceId: string, columns: readonly SuppliedColumn[]): void;
  /** Everything known for the workspace; empty when no import recorded it (older imports). */
  list(workspaceId: string): SuppliedColumn[];
}
