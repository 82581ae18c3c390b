/**
 * What a record table or a CSV row says about one record besides its id: its name, its owner
 * and the values of the fields a check looked at (src/core/checks/key-fields.ts). Read by
 * src/db/stores/record-details.ts.
 */
import type { EntityName } from "../dataset/entities.js";

export interface RecordDetail {
  id: string;
  name: string;
  /** The owner's (assignee's, author's) name, or their id when the user is not stored; "" without one. */
  owner: string;
  /** Field → value as text (dates as YYYY-MM-DD, flags as yes/no, "" when empty), in the order asked. */
  values: [field: string, value: string][];
}

/** The details of these records that are still stored, by id. */
export type RecordDetailsLookup = (
  entity: EntityName,
  ids: readonly string[],
  fields: readonly string[],
) => ReadonlyMap<string, RecordDetail>;
