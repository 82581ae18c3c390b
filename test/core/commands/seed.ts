/** A tiny CRM copy for chat-core tests: users, companies, contacts, deals and tasks of one workspace. */
import type { SqlDriver } from "../../../src/db/sql.js";

export const T0 = Date.parse("2026-06-15T12:00:00Z");
const DAY = 86_400_000;

export interface SeedNames {
  prefix: string;
  /** Email of the rep who owns the overdue items. */
  repEmail: string;
}

/** Seeds workspace `ws`; ids are prefixed so two workspaces never share one by accident. */
export function seedWorkspace(db: { sql: SqlDriver }, ws: string, p: string): SeedNames {
  // Portable SQL (docs/storage.md): the end-to-end tests seed SQLite and PostgreSQL alike.
  const { sql } = db;
  const ts = sql.ts;
  sql.run(`INSERT INTO "workspaces" ("id", "name") VALUES (?, ?) ON CONFLICT ("id") DO NOTHING`, [ws, ws]);
  const user = (id: string, name: string, email: string, role: string) =>
    sql.run(
      `INSERT INTO "crm_users" ("workspaceId", "id", "name", "email", "role", "active", "lastLoginAt") VALUES (?, ?, ?, ?, ?, ?, ${ts})`,
      [ws, id, name, email, role, 1, T0 - DAY],
    );
  user(`${p}u1`, `${p} Rep`, `${p}.rep@example.com`, "rep");
  user(`${p}u2`, `${p} Boss`, `${p}.boss@example.com`, "admin");
  sql.run(
    `INSERT INTO "companies" ("workspaceId", "id", "name", "domain", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ${ts}, ${ts})`,
    [ws, `${p}co1`, `${p} Widgets Ltd`, `${p}-widgets.example`, T0 - 400 * DAY, T0 - 10 * DAY],
  );
  const contact = (id: string, first: string, last: string, email: string | null, phone: string | null) =>
    sql.run(
      `INSERT INTO "contacts" ("workspaceId", "id", "firstName", "lastName", "email", "phone", "companyId", "ownerId", "createdAt", "updatedAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ${ts}, ${ts})`,
      [ws, id, first, last, email, phone, `${p}co1`, `${p}u1`, T0 - 100 * DAY, T0 - DAY],
    );
  contact(`${p}c1`, "Ann", `Lee-${p}`, `ann.lee@${p}-widgets.example`, "+44 20 7183 8750");
  contact(`${p}c2`, "Bob", `Ray-${p}`, null, null);
  const deal = (
    id: string,
    name: string,
    stage: string,
    amount: number,
    expectedClose: number,
    created: number,
    updated: number,
  ) =>
    sql.run(
      `INSERT INTO "deals" ("workspaceId", "id", "name", "companyId", "ownerId", "stage", "status", "amount", "expectedCloseDate", "createdAt", "updatedAt")
       VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ${ts}, ${ts}, ${ts})`,
      [ws, id, name, `${p}co1`, `${p}u1`, stage, amount, expectedClose, created, updated],
    );
  deal(`${p}d1`, `${p} Big renewal`, "proposal", 12000, T0 - 5 * DAY, T0 - 90 * DAY, T0 - 2 * DAY);
  deal(`${p}d2`, `${p} Fresh deal`, "qualify", 500, T0 + 30 * DAY, T0 - 3 * DAY, T0 - DAY);
  sql.run(
    `INSERT INTO "activities" ("workspaceId", "id", "type", "userId", "occurredAt", "dealId") VALUES (?, ?, 'call', ?, ${ts}, ?)`,
    [ws, `${p}a1`, `${p}u1`, T0 - 2 * DAY, `${p}d2`],
  );
  const task = (id: string, subject: string, assignee: string, due: number, dealId: string | null) =>
    sql.run(
      `INSERT INTO "tasks" ("workspaceId", "id", "subject", "assigneeId", "dueAt", "status", "dealId", "createdAt")
       VALUES (?, ?, ?, ?, ${ts}, 'open', ?, ${ts})`,
      [ws, id, subject, assignee, due, dealId, T0 - 20 * DAY],
    );
  task(`${p}t1`, `${p} Call back about renewal`, `${p}u1`, T0 - 3 * DAY, `${p}d1`);
  task(`${p}t2`, `${p} Send proposal`, `${p}u1`, T0 + 3 * DAY, null);
  task(`${p}t3`, `${p} Boss task`, `${p}u2`, T0 - 1 * DAY, null);
  return { prefix: p, repEmail: `${p}.rep@example.com` };
}
