/**
 * ReminderStore (src/core/stores/reminders.ts) on SQLite or PostgreSQL: reminder_matches,
 * reminder_settings and reminder_ledger, in portable SQL (src/db/sql.ts: upserts with
 * ON CONFLICT, instants as BIGINT epoch ms), and the workspace's work read with the same
 * queries as the people store.
 */
import type { AuditRows } from "../../core/checks/types.js";
import type { Platform } from "../../core/commands/types.js";
import { ENTITIES } from "../../core/dataset/entities.js";
import type { PersonTask } from "../../core/stores/people.js";
import type { LedgerEntry, OwnerMatch, ReminderStore } from "../../core/stores/reminders.js";
import type { Database } from "../database.js";
import { createDatasetColumnsStore } from "./dataset-columns.js";
import { deals as dealsQuery, TASKS } from "./people.js";

interface MatchRow {
  crmUserId: string;
  email: string;
  chatUserId: string | null;
  reason: string | null;
  timeZone: string | null;
  checkedAt: number | bigint;
  failedAt: number | bigint | null;
}

interface SettingsRow {
  enabled: number;
  quietStart: number | null;
  quietEnd: number | null;
  days: string;
  timeZone: string | null;
}

const num = (v: number | bigint) => Number(v);

/** Rows per statement of the IN lists and the batched writes (SQLite and PostgreSQL take this many parameters). */
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function reminderStore(db: Pick<Database, "sql">): ReminderStore {
  const { sql } = db;
  async function writeMatches(
    workspaceId: string,
    platform: Platform,
    tenantId: string,
    matches: readonly OwnerMatch[],
  ): Promise<void> {
    sql.transaction(() => {
      for (const m of matches) {
        sql.run(
          `INSERT INTO "reminder_matches"
             ("workspaceId", "platform", "tenantId", "crmUserId", "email", "chatUserId", "reason", "timeZone", "checkedAt", "failedAt")
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT ("workspaceId", "platform", "tenantId", "crmUserId") DO UPDATE SET
             "email" = excluded."email", "chatUserId" = excluded."chatUserId", "reason" = excluded."reason",
             "timeZone" = excluded."timeZone", "checkedAt" = excluded."checkedAt", "failedAt" = excluded."failedAt"`,
          [
            workspaceId,
            platform,
            tenantId,
            m.crmUserId,
            m.email,
            m.chatUserId,
            m.reason,
            m.timeZone,
            m.checkedAt,
            m.failedAt,
          ],
        );
      }
    });
  }
  return {
    async work(workspaceId, asOf) {
      // The related record's name costs three lookups a task: only listed tasks get it (taskContexts).
      const tasks = sql.all<PersonTask>(
        `SELECT t.*, NULL AS "relatedTo" FROM "tasks" t WHERE t."workspaceId" = ? ORDER BY t."id"`,
        [workspaceId],
      );
      const deals = sql.all<AuditRows["deals"]>(`${dealsQuery(sql)} WHERE d."workspaceId" = ? ORDER BY d."id"`, [
        asOf,
        workspaceId,
      ]);
      return { tasks, deals };
    },
    async taskContexts(workspaceId, taskIds) {
      const contexts = new Map<string, string | null>();
      for (const part of chunks(taskIds)) {
        const rows = sql.all<PersonTask>(`${TASKS} WHERE t."workspaceId" = ? AND ${sql.inList(`t."id"`)}`, [
          workspaceId,
          sql.list(part),
        ]);
        for (const r of rows) contexts.set(r.id, r.relatedTo);
      }
      return contexts;
    },
    async supplied(workspaceId) {
      const columns = createDatasetColumnsStore(sql).list(workspaceId);
      const counts: Record<string, number> = {};
      for (const entity of ENTITIES) {
        const row = sql.get<{ n: number }>(
          `SELECT COUNT(*) AS "n" FROM (SELECT 1 FROM "${entity.table}" WHERE "workspaceId" = ? LIMIT 1) x`,
          [workspaceId],
        )!;
        counts[entity.name] = Number(row.n);
      }
      return { columns, counts };
    },
    async admins(workspaceId, platform, tenantId) {
      const rows = sql.all<{ userId: string }>(
        `SELECT "userId" FROM "chat_identities"
          WHERE "workspaceId" = ? AND "platform" = ? AND "tenantId" = ? AND "isAdmin" = TRUE ORDER BY "userId"`,
        [workspaceId, platform, tenantId],
      );
      return rows.map((r) => r.userId);
    },
    async linkedChatUsers(workspaceId, platform, tenantId) {
      const rows = sql.all<{ crmUserId: string; userId: string }>(
        `SELECT "crmUserId", "userId" FROM "chat_identities"
          WHERE "workspaceId" = ? AND "platform" = ? AND "tenantId" = ? AND "crmUserId" IS NOT NULL ORDER BY "userId"`,
        [workspaceId, platform, tenantId],
      );
      const linked = new Map<string, string>();
      for (const r of rows) if (!linked.has(r.crmUserId)) linked.set(r.crmUserId, r.userId);
      return linked;
    },
    async matches(workspaceId, platform, tenantId) {
      const rows = sql.all<MatchRow>(
        `SELECT "crmUserId", "email", "chatUserId", "reason", "timeZone", "checkedAt", "failedAt" FROM "reminder_matches"
          WHERE "workspaceId" = ? AND "platform" = ? AND "tenantId" = ?`,
        [workspaceId, platform, tenantId],
      );
      return rows.map((r): OwnerMatch => ({
        ...r,
        checkedAt: num(r.checkedAt),
        failedAt: r.failedAt === null ? null : num(r.failedAt),
      }));
    },
    async putMatch(workspaceId, platform, tenantId, m) {
      return writeMatches(workspaceId, platform, tenantId, [m]);
    },
    putMatches: writeMatches,
    async matchFailed(workspaceId, platform: Platform, tenantId, chatUserId, at) {
      sql.run(
        `UPDATE "reminder_matches" SET "failedAt" = ?
          WHERE "workspaceId" = ? AND "platform" = ? AND "tenantId" = ? AND "chatUserId" = ?`,
        [at, workspaceId, platform, tenantId, chatUserId],
      );
    },
    async settings(key) {
      const row = sql.get<SettingsRow>(
        `SELECT "enabled", "quietStart", "quietEnd", "days", "timeZone" FROM "reminder_settings"
          WHERE "platform" = ? AND "tenantId" = ? AND "userId" = ?`,
        [key.platform, key.tenantId, key.userId],
      );
      if (!row) return null;
      return {
        enabled: row.enabled === 1,
        quiet: row.quietStart === null || row.quietEnd === null ? null : { start: row.quietStart, end: row.quietEnd },
        days: row.days
          .split(",")
          .filter(Boolean)
          .map(Number)
          .filter((d) => Number.isInteger(d) && d >= 0 && d <= 6),
        timeZone: row.timeZone,
      };
    },
    async putSettings(key, workspaceId, s) {
      sql.run(
        `INSERT INTO "reminder_settings"
           ("platform", "tenantId", "userId", "workspaceId", "enabled", "quietStart", "quietEnd", "days", "timeZone", "updatedAt")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT ("platform", "tenantId", "userId") DO UPDATE SET
           "workspaceId" = excluded."workspaceId", "enabled" = excluded."enabled", "quietStart" = excluded."quietStart",
           "quietEnd" = excluded."quietEnd", "days" = excluded."days", "timeZone" = excluded."timeZone",
           "updatedAt" = excluded."updatedAt"`,
        [
          key.platform,
          key.tenantId,
          key.userId,
          workspaceId,
          s.enabled ? 1 : 0,
          s.quiet?.start ?? null,
          s.quiet?.end ?? null,
          s.days.join(","),
          s.timeZone,
          Date.now(),
        ],
      );
    },
    async ledger(workspaceId, ownerIds) {
      const out: LedgerEntry[] = [];
      for (const part of chunks(ownerIds)) {
        const rows = sql.all<LedgerEntry & { sentAt: number | bigint }>(
          `SELECT "ownerId", "recordType", "recordId", "reason", "sentAt", "bucket" FROM "reminder_ledger"
            WHERE "workspaceId" = ? AND ${sql.inList(`"ownerId"`)}`,
          [workspaceId, sql.list(part)],
        );
        for (const r of rows) out.push({ ...r, sentAt: num(r.sentAt) });
      }
      return out;
    },
    async record(workspaceId, entries) {
      sql.transaction(() => {
        for (const part of chunks(entries, 100)) {
          sql.run(
            `INSERT INTO "reminder_ledger" ("workspaceId", "ownerId", "recordType", "recordId", "reason", "sentAt", "bucket")
             VALUES ${part.map(() => "(?, ?, ?, ?, ?, ?, ?)").join(", ")}
             ON CONFLICT ("workspaceId", "ownerId", "recordType", "recordId", "reason") DO UPDATE SET
               "sentAt" = excluded."sentAt", "bucket" = excluded."bucket"`,
            part.flatMap((e) => [workspaceId, e.ownerId, e.recordType, e.recordId, e.reason, e.sentAt, e.bucket]),
          );
        }
      });
    },
  };
}
