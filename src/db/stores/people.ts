/** PeopleStore on SQLite or PostgreSQL (portable SQL, src/db/sql.ts): crm_users, and a person's tasks and deals as the checks read them. */
import type { AuditRows } from "../../core/checks/types.js";
import type { CrmPerson, PeopleStore, PersonTask } from "../../core/stores/people.js";
import type { Database } from "../database.js";
import type { SqlDriver } from "../sql.js";

const PERSON = `SELECT "id", "name", "email", "role", "active" FROM "crm_users"`;
type PersonRow = Omit<CrmPerson, "active"> & { active: number };
const person = (row: PersonRow): CrmPerson => ({ ...row, active: row.active === 1 });

// Every column of the row (the checks read what they need), and what the audit derives for it
// (the same names as the audit's reader, src/db/sqlite/audit-reader.ts).
export const TASKS = `SELECT t.*,
       COALESCE(d."name", NULLIF(TRIM(COALESCE(c."firstName", '') || ' ' || COALESCE(c."lastName", '')), ''), co."name") AS "relatedTo"
  FROM "tasks" t
  LEFT JOIN "deals" d ON d."workspaceId" = t."workspaceId" AND d."id" = t."dealId"
  LEFT JOIN "contacts" c ON c."workspaceId" = t."workspaceId" AND c."id" = t."contactId"
  LEFT JOIN "companies" co ON co."workspaceId" = t."workspaceId" AND co."id" = t."companyId"`;
/** Its first parameter is the as-of instant. */
export const deals = (sql: SqlDriver) => `SELECT d.*,
       (SELECT MAX(a."occurredAt") FROM "activities" a
         WHERE a."workspaceId" = d."workspaceId" AND a."dealId" = d."id" AND a."occurredAt" <= ${sql.ts}) AS "lastLinkedActivityAt"
  FROM "deals" d`;

export function peopleStore(db: Pick<Database, "sql">): PeopleStore {
  const { sql } = db;
  const contains = (column: string) => `lower(${column}) LIKE ? ESCAPE '\\'`;
  return {
    async find(workspaceId, idOrEmail) {
      const key = idOrEmail.trim();
      const row = sql.get<PersonRow>(
        `${PERSON} WHERE "workspaceId" = ? AND ("id" = ? OR lower("email") = lower(?))
          ORDER BY "id" = ? DESC, "active" DESC, "id" LIMIT 1`,
        [workspaceId, key, key, key],
      );
      return row ? person(row) : null;
    },
    async search(workspaceId, search, offset, limit) {
      const q = search ? search.trim().toLowerCase() : "";
      const pattern = `%${q.replace(/[\\%_]/g, "\\$&")}%`;
      const where = q
        ? `WHERE "workspaceId" = ? AND (${contains(`"name"`)} OR ${contains(`"email"`)} OR ${contains(`"id"`)})`
        : `WHERE "workspaceId" = ?`;
      const params = q ? [workspaceId, pattern, pattern, pattern] : [workspaceId];
      const { n } = sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "crm_users" ${where}`, params)!;
      const rows = sql.all<PersonRow>(
        `${PERSON} ${where} ORDER BY "active" DESC, lower("name"), "id" LIMIT ? OFFSET ?`,
        [...params, limit, offset],
      );
      return { total: Number(n), people: rows.map(person) };
    },
    async workOf(workspaceId, crmUserId, asOf) {
      const tasks = sql.all<PersonTask>(
        `${TASKS} WHERE t."workspaceId" = ? AND t."assigneeId" = ? ORDER BY t."dueAt" IS NULL, t."dueAt", t."id"`,
        [workspaceId, crmUserId],
      );
      const dealRows = sql.all<AuditRows["deals"]>(
        `${deals(sql)} WHERE d."workspaceId" = ? AND d."ownerId" = ?
            ORDER BY d."expectedCloseDate" IS NULL, d."expectedCloseDate", d."id"`,
        [asOf, workspaceId, crmUserId],
      );
      return { tasks, deals: dealRows };
    },
    async owners(workspaceId) {
      const rows = sql.all<{ id: string }>(
        `SELECT "assigneeId" AS "id" FROM "tasks" WHERE "workspaceId" = ? AND "assigneeId" IS NOT NULL
         UNION SELECT "ownerId" FROM "deals" WHERE "workspaceId" = ? AND "ownerId" IS NOT NULL ORDER BY "id"`,
        [workspaceId, workspaceId],
      );
      return rows.map((r) => r.id);
    },
    async task(workspaceId, id) {
      const row = sql.get<PersonTask>(`${TASKS} WHERE t."workspaceId" = ? AND t."id" = ?`, [workspaceId, id]);
      return row ?? null;
    },
    async deal(workspaceId, id, asOf) {
      const row = sql.get<AuditRows["deals"]>(`${deals(sql)} WHERE d."workspaceId" = ? AND d."id" = ?`, [
        asOf,
        workspaceId,
        id,
      ]);
      return row ?? null;
    },
  };
}
