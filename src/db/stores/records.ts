/** RecordStore (SQLite or PostgreSQL): the record views of src/db/records.ts. */
import type { RecordStore } from "../../core/stores/records.js";
import type { Database } from "../database.js";
import { findRecordsByIds } from "../records.js";
import { findRecordDetails } from "./record-details.js";

export function recordStore(db: Pick<Database, "sql">): RecordStore {
  return {
    byIds: async (workspaceId, entity, ids) => findRecordsByIds(db.sql, workspaceId, entity, ids),
    details: async (workspaceId, entity, ids, fields) => findRecordDetails(db.sql, workspaceId, entity, ids, fields),
  };
}
