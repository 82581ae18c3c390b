/** RecordStore on the SQLite database: the record views of src/db/records.ts. */
import type { RecordStore } from "../../core/stores/records.js";
import type { Database } from "../database.js";
import { findRecordsByIds } from "../records.js";
import { findRecordDetails } from "./record-details.js";

export function recordStore(db: Pick<Database, "sqlite">): RecordStore {
  return {
    byIds: async (workspaceId, entity, ids) => findRecordsByIds(db.sqlite, workspaceId, entity, ids),
    details: async (workspaceId, entity, ids, fields) => findRecordDetails(db.sqlite, workspaceId, entity, ids, fields),
  };
}
