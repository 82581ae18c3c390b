/** PeopleStore on the SQLite database: crm_users, and a person's tasks and deals as the checks read them. */
import type { AuditRows } from "../../core/checks/types.js";
import type { CrmPerson, PeopleStore, PersonTask } from "../../core/stores/people.js";
import type { Database } from "../database.js";

const PERSON = `SELECT id, name, email, role, active FROM crm_users`;
type PersonRow = Omit<CrmPerson, "active"> & { active: number };
const person = (row: PersonRow): CrmPerson => ({ ...row, active: row.active === 1 });

// Every column of the row (the checks read what they need), and what the audit derives for it
// (the same names as the audit's reader, src/db/sqlite/audit-reader.ts).
export const TASKS = `SELECT t.*,
       COALESCE(d.name, NULLIF(TRIM(COALESCE(c.firstName, '') || ' ' || COALESCE(c.lastName, '')), ''), co.name) AS relatedTo
  FROM tasks t
  LEFT JOIN deals d ON d.workspaceId = t.workspaceId AND d.id = t.dealId
  LEFT JOIN contacts c ON c.workspaceId = t.workspaceId AND c.id = t.contactId
  LEFT JOIN companies co ON co.workspaceId = t.workspaceId AND co.id = t.companyId`;
export const DEALS = `SELECT d.*,
       (SELECT MAX(a.occurredAt) FROM activities a
         WHERE a.workspaceId = d.workspaceId AND a.dealId = d.id AND a.occurredAt <= @asOf) AS lastLinkedActivityAt
  FROM deals d`;

export function peopleStore(db: Pick<Database, "sqlite">): PeopleStore {
  const { sqlite } = db;
  return {
    async find(workspaceId, idOrEmail) {
      const row = sqlite
        .prepare(
          `${PERSON} WHERE workspaceId = @ws AND (id = @key OR lower(email) = lower(@key))
            ORDER BY id = @key DESC, active DESC, id LIMIT 1`,
        )
        .get({ ws: workspaceId, key: idOrEmail.trim() }) as PersonRow | undefined;
      return row ? person(row) : null;
    },
    async search(workspaceId, search, offset, limit) {
      const where = `WHERE workspaceId = @ws AND (@q IS NULL OR instr(lower(name), @q) > 0
                     OR instr(lower(email), @q) > 0 OR instr(lower(id), @q) > 0)`;
      const params = { ws: workspaceId, q: search ? search.trim().toLowerCase() : null, offset, limit };
      const { n } = sqlite.prepare(`SELECT COUNT(*) AS n FROM crm_users ${where}`).get(params) as { n: number };
      const rows = sqlite
        .prepare(`${PERSON} ${where} ORDER BY active DESC, lower(name), id LIMIT @limit OFFSET @offset`)
        .all(params) as PersonRow[];
      return { total: n, people: rows.map(person) };
    },
    async workOf(workspaceId, crmUserId, asOf) {
      const tasks = sqlite
        .prepare(`${TASKS} WHERE t.workspaceId = ? AND t.assigneeId = ? ORDER BY t.dueAt IS NULL, t.dueAt, t.id`)
        .all(workspaceId, crmUserId) as PersonTask[];
      const deals = sqlite
        .prepare(
          `${DEALS} WHERE d.workspaceId = @ws AND d.ownerId = @owner
            ORDER BY d.expectedCloseDate IS NULL, d.expectedCloseDate, d.id`,
        )
        .all({ ws: workspaceId, owner: crmUserId, asOf }) as AuditRows["deals"][];
      return { tasks, deals };
    },
    async owners(workspaceId) {
      const rows = sqlite
        .prepare(
          `SELECT assigneeId AS id FROM tasks WHERE workspaceId = @ws AND assigneeId IS NOT NULL
           UNION SELECT ownerId FROM deals WHERE workspaceId = @ws AND ownerId IS NOT NULL ORDER BY id`,
        )
        .all({ ws: workspaceId }) as { id: string }[];
      return rows.map((r) => r.id);
    },
    async task(workspaceId, id) {
      const row = sqlite.prepare(`${TASKS} WHERE t.workspaceId = ? AND t.id = ?`).get(workspaceId, id);
      return (row as PersonTask | undefined) ?? null;
    },
    async deal(workspaceId, id, asOf) {
      const row = sqlite
        .prepare(`${DEALS} WHERE d.workspaceId = @ws AND d.id = @id`)
        .get({ ws: workspaceId, id, asOf });
      return (row as AuditRows["deals"] | undefined) ?? null;
    },
  };
}
