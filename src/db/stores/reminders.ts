/**
 * ReminderStore (src/core/stores/reminders.ts) on the database: reminder_matches,
 * reminder_settings and reminder_ledger, in plain SQL that PostgreSQL runs too (upserts with
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
import { DEALS, TASKS } from "./people.js";

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

export function reminderStore(db: Pick<Database, "sqlite">): ReminderStore {
  const { sqlite } = db;
  async function writeMatches(
    workspaceId: string,
    platform: Platform,
    tenantId: string,
    matches: readonly OwnerMatch[],
  ): Promise<void> {
    const upsert = sqlite.prepare(
      `INSERT INTO reminder_matches
         (workspaceId, platform, tenantId, crmUserId, email, chatUserId, reason, timeZone, checkedAt, failedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (workspaceId, platform, tenantId, crmUserId) DO UPDATE SET
         email = excluded.email, chatUserId = excluded.chatUserId, reason = excluded.reason,
         timeZone = excluded.timeZone, checkedAt = excluded.checkedAt, failedAt = excluded.failedAt`,
    );
    sqlite.transaction(() => {
      for (const m of matches) {
        upsert.run(
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
        );
      }
    })();
  }
  return {
    async work(workspaceId, asOf) {
      // The related record's name costs three lookups a task: only listed tasks get it (taskContexts).
      const tasks = sqlite
        .prepare(`SELECT t.*, NULL AS relatedTo FROM tasks t WHERE t.workspaceId = ? ORDER BY t.id`)
        .all(workspaceId) as PersonTask[];
      const deals = sqlite
        .prepare(`${DEALS} WHERE d.workspaceId = @ws ORDER BY d.id`)
        .all({ ws: workspaceId, asOf }) as AuditRows["deals"][];
      return { tasks, deals };
    },
    async taskContexts(workspaceId, taskIds) {
      const contexts = new Map<string, string | null>();
      for (const part of chunks(taskIds)) {
        const rows = sqlite
          .prepare(`${TASKS} WHERE t.workspaceId = ? AND t.id IN (${part.map(() => "?").join(", ")})`)
          .all(workspaceId, ...part) as PersonTask[];
        for (const r of rows) contexts.set(r.id, r.relatedTo);
      }
      return contexts;
    },
    async supplied(workspaceId) {
      const columns = createDatasetColumnsStore(sqlite).list(workspaceId);
      const counts: Record<string, number> = {};
      for (const entity of ENTITIES) {
        const row = sqlite
          .prepare(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${entity.table} WHERE workspaceId = ? LIMIT 1) x`)
          .get(workspaceId) as { n: number };
        counts[entity.name] = row.n;
      }
      return { columns, counts };
    },
    async admins(workspaceId, platform, tenantId) {
      const rows = sqlite
        .prepare(
          `SELECT userId FROM chat_identities
            WHERE workspaceId = ? AND platform = ? AND tenantId = ? AND isAdmin = 1 ORDER BY userId`,
        )
        .all(workspaceId, platform, tenantId) as { userId: string }[];
      return rows.map((r) => r.userId);
    },
    async linkedChatUsers(workspaceId, platform, tenantId) {
      const rows = sqlite
        .prepare(
          `SELECT crmUserId, userId FROM chat_identities
            WHERE workspaceId = ? AND platform = ? AND tenantId = ? AND crmUserId IS NOT NULL ORDER BY userId`,
        )
        .all(workspaceId, platform, tenantId) as { crmUserId: string; userId: string }[];
      const linked = new Map<string, string>();
      for (const r of rows) if (!linked.has(r.crmUserId)) linked.set(r.crmUserId, r.userId);
      return linked;
    },
    async matches(workspaceId, platform, tenantId) {
      const rows = sqlite
        .prepare(
          `SELECT crmUserId, email, chatUserId, reason, timeZone, checkedAt, failedAt FROM reminder_matches
            WHERE workspaceId = ? AND platform = ? AND tenantId = ?`,
        )
        .all(workspaceId, platform, tenantId) as MatchRow[];
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
      sqlite
        .prepare(
          `UPDATE reminder_matches SET failedAt = ?
            WHERE workspaceId = ? AND platform = ? AND tenantId = ? AND chatUserId = ?`,
        )
        .run(at, workspaceId, platform, tenantId, chatUserId);
    },
    async settings(key) {
      const row = sqlite
        .prepare(
          `SELECT enabled, quietStart, quietEnd, days, timeZone FROM reminder_settings
            WHERE platform = ? AND tenantId = ? AND userId = ?`,
        )
        .get(key.platform, key.tenantId, key.userId) as SettingsRow | undefined;
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
      sqlite
        .prepare(
          `INSERT INTO reminder_settings
             (platform, tenantId, userId, workspaceId, enabled, quietStart, quietEnd, days, timeZone, updatedAt)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (platform, tenantId, userId) DO UPDATE SET
             workspaceId = excluded.workspaceId, enabled = excluded.enabled, quietStart = excluded.quietStart,
             quietEnd = excluded.quietEnd, days = excluded.days, timeZone = excluded.timeZone,
             updatedAt = excluded.updatedAt`,
        )
        .run(
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
        );
    },
    async ledger(workspaceId, ownerIds) {
      const out: LedgerEntry[] = [];
      for (const part of chunks(ownerIds)) {
        const rows = sqlite
          .prepare(
            `SELECT ownerId, recordType, recordId, reason, sentAt, bucket FROM reminder_ledger
              WHERE workspaceId = ? AND ownerId IN (${part.map(() => "?").join(", ")})`,
          )
          .all(workspaceId, ...part) as (LedgerEntry & { sentAt: number | bigint })[];
        for (const r of rows) out.push({ ...r, sentAt: num(r.sentAt) });
      }
      return out;
    },
    async record(workspaceId, entries) {
      const write = sqlite.transaction((batch: readonly LedgerEntry[]) => {
        for (const part of chunks(batch, 100)) {
          sqlite
            .prepare(
              `INSERT INTO reminder_ledger (workspaceId, ownerId, recordType, recordId, reason, sentAt, bucket)
               VALUES ${part.map(() => "(?, ?, ?, ?, ?, ?, ?)").join(", ")}
               ON CONFLICT (workspaceId, ownerId, recordType, recordId, reason) DO UPDATE SET
                 sentAt = excluded.sentAt, bucket = excluded.bucket`,
            )
            .run(
              ...part.flatMap((e) => [workspaceId, e.ownerId, e.recordType, e.recordId, e.reason, e.sentAt, e.bucket]),
            );
        }
      });
      write(entries);
    },
  };
}
