/**
 * Names, owners and chosen field values of records by id, for record tables and the audit's
 * CSV (src/core/stores/record-details.ts), on SQLite or PostgreSQL (src/db/sql.ts). One indexed query per call; fields are checked
 * against the table's columns, never interpolated unchecked.
 */
import { ENTITIES, type EntityName } from "../../core/dataset/entities.js";
import type { RecordDetail } from "../../core/stores/record-details.js";
import { asDriver, type SqlSource } from "../sql.js";

/** The name of a record, and the column holding its owner, per entity. */
const NAMES: Record<EntityName, { name: string; owner: string | null }> = {
  contacts: { name: `TRIM(COALESCE(r."firstName", '') || ' ' || COALESCE(r."lastName", ''))`, owner: "ownerId" },
  companies: { name: `r."name"`, owner: "ownerId" },
  deals: { name: `r."name"`, owner: "ownerId" },
  tasks: { name: `r."subject"`, owner: "assigneeId" },
  users: { name: `r."name"`, owner: null },
  activities: { name: `r."type"`, owner: "userId" },
  customer_feedback: { name: `r."score" || ' (' || r."scale" || ')'`, owner: null },
};

/** Date columns are epoch milliseconds (prisma/schema/base.prisma); flags are 0/1. */
const isDate = (field: string) => /At$|Date$/.test(field);
const FLAGS = new Set(["active", "mfaEnabled", "phoneValid"]);

function asText(field: string, value: unknown): string {
  if (value === null || value === undefined) return "";
  if (isDate(field) && typeof value === "number") return new Date(value).toISOString().slice(0, 10);
  if (FLAGS.has(field)) return value ? "yes" : "no";
  return String(value);
}

export function findRecordDetails(
  source: SqlSource,
  workspaceId: string,
  entity: EntityName,
  ids: readonly string[],
  fields: readonly string[],
): Map<string, RecordDetail> {
  const result = new Map<string, RecordDetail>();
  if (ids.length === 0) return result;
  const table = ENTITIES.find((e) => e.name === entity)!.table;
  const db = asDriver(source);
  const known = db.columns(table);
  const wanted = fields.filter((f) => known.has(f));
  const { name, owner } = NAMES[entity];
  const select = [
    `r."id" AS "_id"`,
    `${name} AS "_name"`,
    owner ? `COALESCE(u."name", r."${owner}") AS "_owner"` : `NULL AS "_owner"`,
    ...wanted.map((f, i) => `r."${f}" AS "_f${i}"`),
  ];
  const join = owner ? `LEFT JOIN "crm_users" u ON u."workspaceId" = r."workspaceId" AND u."id" = r."${owner}"` : "";
  const rows = db.all<Record<string, unknown>>(
    `SELECT ${select.join(", ")} FROM "${table}" r ${join}
      WHERE r."workspaceId" = ? AND ${db.inList(`r."id"`)}`,
    [workspaceId, db.list(ids)],
  );
  for (const row of rows) {
    const id = String(row._id);
    result.set(id, {
      id,
      name: asText("name", row._name).trim(),
      owner: asText("owner", row._owner),
      values: fields.map((f) => [f, wanted.includes(f) ? asText(f, row[`_f${wanted.indexOf(f)}`]) : ""]),
    });
  }
  return result;
}
