/**
 * Read queries on the stored CRM copy: the records behind a finding, the workspaces and
 * whether one holds data, in SQL that runs on SQLite and PostgreSQL alike (src/db/sql.ts;
 * indexed lookups); every query is scoped by workspaceId.
 */
import { ENTITIES, type EntityName } from "../core/dataset/entities.js";
import type { RecordPage, RecordView } from "../core/stores/records.js";
import { asDriver, type SqlSource } from "./sql.js";

/** Replaced by the id-list test: placeholders for a few ids, else the dialect's (src/db/sql.ts inList). */
const IN_IDS = "\u0000ids";
const FEW_IDS = 32;

type Row = Record<string, string | number | null>;

interface EntityView {
  columns: string[];
  sql: string;
  toView(row: Row): RecordView;
}

const text = (v: string | number | null | undefined): string => (v === null || v === undefined ? "" : String(v));
const date = (v: string | number | null | undefined): string =>
  typeof v === "number" ? new Date(v).toISOString().slice(0, 10) : "";
const personName = (first: unknown, last: unknown): string =>
  [first, last]
    .filter((p) => typeof p === "string" && p.trim())
    .join(" ")
    .trim();

const VIEWS: Record<EntityName, EntityView> = {
  contacts: {
    columns: ["Name", "Email", "Phone", "Company", "Owner", "Updated"],
    sql: `SELECT c."id", c."firstName", c."lastName", c."email", c."phone", co."name" AS "company", u."name" AS "owner", c."updatedAt"
            FROM contacts c
            LEFT JOIN companies co ON co."workspaceId" = c."workspaceId" AND co."id" = c."companyId"
            LEFT JOIN crm_users u ON u."workspaceId" = c."workspaceId" AND u."id" = c."ownerId"
           WHERE c."workspaceId" = ? AND c."id" ${IN_IDS}`,
    toView(r) {
      const name = personName(r.firstName, r.lastName) || `(no name) ${r.id}`;
      const contact = text(r.email) || text(r.phone);
      return {
        id: String(r.id),
        label: contact ? `${name} (${contact})` : name,
        cells: [name, text(r.email), text(r.phone), text(r.company), text(r.owner), date(r.updatedAt)],
      };
    },
  },
  companies: {
    columns: ["Name", "Domain", "Phone", "Country", "Owner"],
    sql: `SELECT co."id", co."name", co."domain", co."phone", co."country", u."name" AS "owner"
            FROM companies co
            LEFT JOIN crm_users u ON u."workspaceId" = co."workspaceId" AND u."id" = co."ownerId"
           WHERE co."workspaceId" = ? AND co."id" ${IN_IDS}`,
    toView: (r) => ({
      id: String(r.id),
      label: r.domain ? `${r.name} (${r.domain})` : text(r.name),
      cells: [text(r.name), text(r.domain), text(r.phone), text(r.country), text(r.owner)],
    }),
  },
  deals: {
    columns: ["Deal", "Stage", "Status", "Amount", "Close date", "Owner"],
    sql: `SELECT d."id", d."name", d."stage", d."status", d."amount", d."currency", d."expectedCloseDate", u."name" AS "owner"
            FROM deals d
            LEFT JOIN crm_users u ON u."workspaceId" = d."workspaceId" AND u."id" = d."ownerId"
           WHERE d."workspaceId" = ? AND d."id" ${IN_IDS}`,
    toView: (r) => ({
      id: String(r.id),
      label: text(r.name),
      cells: [
        text(r.name),
        text(r.stage),
        text(r.status),
        r.amount === null ? "" : `${r.currency ? r.currency + " " : ""}${Number(r.amount).toLocaleString("en")}`,
        date(r.expectedCloseDate),
        text(r.owner),
      ],
    }),
  },
  tasks: {
    columns: ["Task", "Assignee", "Due", "Status"],
    sql: `SELECT t."id", t."subject", t."dueAt", t."status", u."name" AS "assignee"
            FROM tasks t
            LEFT JOIN crm_users u ON u."workspaceId" = t."workspaceId" AND u."id" = t."assigneeId"
           WHERE t."workspaceId" = ? AND t."id" ${IN_IDS}`,
    toView: (r) => ({
      id: String(r.id),
      label: text(r.subject),
      cells: [text(r.subject), text(r.assignee), date(r.dueAt), text(r.status)],
    }),
  },
  users: {
    columns: ["Name", "Email", "Role", "Active", "Last login"],
    sql: `SELECT u."id", u."name", u."email", u."role", u."active", u."lastLoginAt" FROM crm_users u
           WHERE u."workspaceId" = ? AND u."id" ${IN_IDS}`,
    toView: (r) => ({
      id: String(r.id),
      label: `${r.name} (${r.email})`,
      cells: [text(r.name), text(r.email), text(r.role), r.active ? "yes" : "no", date(r.lastLoginAt) || "never"],
    }),
  },
  activities: {
    columns: ["Type", "By", "When", "Contact"],
    sql: `SELECT a."id", a."type", a."occurredAt", u."name" AS "user", c."firstName", c."lastName"
            FROM activities a
            LEFT JOIN crm_users u ON u."workspaceId" = a."workspaceId" AND u."id" = a."userId"
            LEFT JOIN contacts c ON c."workspaceId" = a."workspaceId" AND c."id" = a."contactId"
           WHERE a."workspaceId" = ? AND a."id" ${IN_IDS}`,
    toView: (r) => ({
      id: String(r.id),
      label: `${r.type} by ${text(r.user) || "?"} on ${date(r.occurredAt)}`,
      cells: [text(r.type), text(r.user), date(r.occurredAt), personName(r.firstName, r.lastName)],
    }),
  },
  customer_feedback: {
    columns: ["Score", "Submitted", "Contact", "Comment"],
    sql: `SELECT f."id", f."score", f."scale", f."submittedAt", f."comment", c."firstName", c."lastName"
            FROM customer_feedback f
            LEFT JOIN contacts c ON c."workspaceId" = f."workspaceId" AND c."id" = f."contactId"
           WHERE f."workspaceId" = ? AND f."id" ${IN_IDS}`,
    toView: (r) => ({
      id: String(r.id),
      label: `${r.score} (${r.scale}) on ${date(r.submittedAt)}`,
      cells: [`${r.score} (${r.scale})`, date(r.submittedAt), personName(r.firstName, r.lastName), text(r.comment)],
    }),
  },
};

/**
 * The records with these ids, in the order of `ids` (ids no longer stored are skipped: the
 * data may have been re-imported since the audit ran).
 */
export function findRecordsByIds(
  source: SqlSource,
  workspaceId: string,
  entity: EntityName,
  ids: readonly string[],
): RecordPage {
  const view = VIEWS[entity];
  if (ids.length === 0) return { entity, columns: view.columns, rows: [] };
  const db = asDriver(source);
  // A few ids (a summary's samples, a page) as one placeholder each: the statement is prepared
  // once per count and SQLite probes the primary key directly, about half the time of reading
  // a JSON list (docs/performance.md, "Chat path"); longer lists go as one list parameter.
  const few = ids.length <= FEW_IDS;
  const idTest = few ? `"id" IN (${ids.map(() => "?").join(", ")})` : db.inList(`"id"`);
  const rows = db.all<Row>(
    view.sql.replace(`"id" ${IN_IDS}`, idTest),
    few ? [workspaceId, ...ids] : [workspaceId, db.list(ids)],
  );
  const byId = new Map(rows.map((r) => [String(r.id), view.toView(r)]));
  return {
    entity,
    columns: view.columns,
    rows: ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [row] : [];
    }),
  };
}

/** Ids of the workspaces the database knows, sorted. */
export function listWorkspaceIds(source: SqlSource): string[] {
  return asDriver(source)
    .all<{ id: string }>(`SELECT "id" FROM "workspaces" ORDER BY "id"`)
    .map((r) => r.id);
}

/** Whether the workspace holds any CRM record (one index probe per table, not a count). */
export function workspaceHasRecords(source: SqlSource, workspaceId: string): boolean {
  const db = asDriver(source);
  return ENTITIES.some(
    (spec) =>
      db.get(`SELECT 1 AS "one" FROM "${spec.table}" WHERE "workspaceId" = ? LIMIT 1`, [workspaceId]) !== undefined,
  );
}
