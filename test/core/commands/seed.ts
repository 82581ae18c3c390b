/** A tiny CRM copy for chat-core tests: users, companies, contacts, deals and tasks of one workspace. */
import type { Database } from "../../../src/db/database.js";

export const T0 = Date.parse("2026-06-15T12:00:00Z");
const DAY = 86_400_000;

export interface SeedNames {
  prefix: string;
  /** Email of the rep who owns the overdue items. */
  repEmail: string;
}

/** Seeds workspace `ws`; ids are prefixed so two workspaces never share one by accident. */
export function seedWorkspace(db: Database, ws: string, p: string): SeedNames {
  db.sqlite.prepare(`INSERT OR IGNORE INTO workspaces (id, name) VALUES (?, ?)`).run(ws, ws);
  const user = db.sqlite.prepare(
    `INSERT INTO crm_users (workspaceId, id, name, email, role, active, lastLoginAt) VALUES (?, ?, ?, ?, ?, 1, ?)`,
  );
  user.run(ws, `${p}u1`, `${p} Rep`, `${p}.rep@example.com`, "rep", T0 - DAY);
  user.run(ws, `${p}u2`, `${p} Boss`, `${p}.boss@example.com`, "admin", T0 - DAY);
  db.sqlite
    .prepare(`INSERT INTO companies (workspaceId, id, name, domain, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)`)
    .run(ws, `${p}co1`, `${p} Widgets Ltd`, `${p}-widgets.example`, T0 - 400 * DAY, T0 - 10 * DAY);
  const contact = db.sqlite.prepare(
    `INSERT INTO contacts (workspaceId, id, firstName, lastName, email, phone, companyId, ownerId, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  contact.run(
    ws,
    `${p}c1`,
    "Ann",
    `Lee-${p}`,
    `ann.lee@${p}-widgets.example`,
    "+44 20 7183 8750",
    `${p}co1`,
    `${p}u1`,
    T0 - 100 * DAY,
    T0 - DAY,
  );
  contact.run(ws, `${p}c2`, "Bob", `Ray-${p}`, null, null, `${p}co1`, `${p}u1`, T0 - 100 * DAY, T0 - DAY);
  const deal = db.sqlite.prepare(
    `INSERT INTO deals (workspaceId, id, name, companyId, ownerId, stage, status, amount, expectedCloseDate, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  deal.run(
    ws,
    `${p}d1`,
    `${p} Big renewal`,
    `${p}co1`,
    `${p}u1`,
    "proposal",
    "open",
    12000,
    T0 - 5 * DAY,
    T0 - 90 * DAY,
    T0 - 2 * DAY,
  );
  deal.run(
    ws,
    `${p}d2`,
    `${p} Fresh deal`,
    `${p}co1`,
    `${p}u1`,
    "qualify",
    "open",
    500,
    T0 + 30 * DAY,
    T0 - 3 * DAY,
    T0 - DAY,
  );
  db.sqlite
    .prepare(
      `INSERT INTO activities (workspaceId, id, type, userId, occurredAt, dealId) VALUES (?, ?, 'call', ?, ?, ?)`,
    )
    .run(ws, `${p}a1`, `${p}u1`, T0 - 2 * DAY, `${p}d2`);
  const task = db.sqlite.prepare(
    `INSERT INTO tasks (workspaceId, id, subject, assigneeId, dueAt, status, dealId, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  task.run(ws, `${p}t1`, `${p} Call back about renewal`, `${p}u1`, T0 - 3 * DAY, "open", `${p}d1`, T0 - 20 * DAY);
  task.run(ws, `${p}t2`, `${p} Send proposal`, `${p}u1`, T0 + 3 * DAY, "open", null, T0 - 20 * DAY);
  task.run(ws, `${p}t3`, `${p} Boss task`, `${p}u2`, T0 - 1 * DAY, "open", null, T0 - 20 * DAY);
  return { prefix: p, repEmail: `${p}.rep@example.com` };
}
