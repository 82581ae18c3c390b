/**
 * The outbox and the personal chats (tables outbox, personal_chats) on SQLite or PostgreSQL,
 * in portable SQL (src/db/sql.ts): the key's uniqueness decides duplicates (ON CONFLICT DO
 * NOTHING), and a claim is an UPDATE whose WHERE re-checks the row's state, so two instances
 * never both take a row (PostgreSQL re-evaluates the WHERE after the row lock), followed by a
 * read of exactly the rows this claim's owner token now holds.
 */
import type { Platform } from "../../core/commands/types.js";
import type { DeliveryTarget } from "../../core/delivery.js";
import type { Message } from "../../core/messages/model.js";
import type {
  NewOutboxRow,
  OutboxBatchSummary,
  OutboxRow,
  OutboxStatus,
  OutboxStore,
  PersonalChatStore,
} from "../../core/stores/outbox.js";
import { retryBusy } from "../busy.js";
import type { Database } from "../database.js";

interface Row {
  id: number;
  key: string;
  batch: string | null;
  workspaceId: string;
  platform: string;
  tenantId: string;
  targetKind: string;
  targetId: string;
  message: string;
  notBefore: number;
  status: string;
  attempts: number;
  /** 1/0 on SQLite, a boolean on PostgreSQL. */
  suspect: number | boolean;
  lastError: string | null;
  createdAt: number;
}

const COLUMNS = [
  "id",
  "key",
  "batch",
  "workspaceId",
  "platform",
  "tenantId",
  "targetKind",
  "targetId",
  "message",
  "notBefore",
  "status",
  "attempts",
  "suspect",
  "lastError",
  "createdAt",
]
  .map((c) => `"${c}"`)
  .join(", ");

function targetOf(row: Pick<Row, "platform" | "tenantId" | "targetKind" | "targetId">): DeliveryTarget {
  const platform = row.platform as Platform;
  return row.targetKind === "user"
    ? { kind: "user", platform, tenantId: row.tenantId, userId: row.targetId }
    : { kind: "channel", platform, tenantId: row.tenantId, conversationId: row.targetId };
}

function toRow(row: Row): OutboxRow {
  return {
    id: row.id,
    key: row.key,
    batch: row.batch,
    workspaceId: row.workspaceId,
    target: targetOf(row),
    message: JSON.parse(row.message) as Message,
    notBefore: row.notBefore,
    createdAt: row.createdAt,
    status: row.status as OutboxStatus,
    attempts: row.attempts,
    suspect: row.suspect === 1 || row.suspect === true,
    lastError: row.lastError,
  };
}

const targetIdOf = (t: DeliveryTarget) => (t.kind === "user" ? t.userId : t.conversationId);

/** Errors are stored for people to read; a stack or a huge body is cut. */
const reasonText = (reason: string) => (reason.length > 500 ? `${reason.slice(0, 497)}...` : reason);

export function outboxStore(db: Pick<Database, "sql">): OutboxStore {
  const { sql } = db;
  const t = sql.ts;
  const insertAll = (rows: readonly NewOutboxRow[]) =>
    sql.transaction(() => {
      let added = 0;
      for (const r of rows) {
        added += sql.run(
          `INSERT INTO "outbox" ("key", "batch", "workspaceId", "platform", "tenantId", "targetKind", "targetId", "message", "notBefore", "status", "attempts", "suspect", "createdAt")
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ${t}, 'queued', 0, FALSE, ${t})
           ON CONFLICT ("key") DO NOTHING`,
          [
            r.key,
            r.batch,
            r.workspaceId,
            r.target.platform,
            r.target.tenantId,
            r.target.kind,
            targetIdOf(r.target),
            JSON.stringify(r.message),
            r.notBefore,
            r.createdAt,
          ],
        );
      }
      return added;
    });
  let claims = 0;
  return {
    enqueue: (rows) => retryBusy(() => insertAll(rows)),
    async claim(owner, now, leaseUntil, limit) {
      // One token per claim, so the read below returns exactly what this claim took.
      const token = `${owner}#${++claims}`;
      await retryBusy(() => {
        // A lease that ran out while sending: the holder died (or hung) mid-send; whoever takes
        // the row next must check whether the platform already has it.
        sql.run(
          `UPDATE "outbox" SET "status" = 'queued', "suspect" = TRUE, "leaseOwner" = NULL, "leaseUntil" = NULL
            WHERE "status" = 'sending' AND "leaseUntil" < ${t}`,
          [now],
        );
        sql.run(
          `UPDATE "outbox" SET "status" = 'sending', "leaseOwner" = ?, "leaseUntil" = ${t}, "attempts" = "attempts" + 1
            WHERE "id" IN (SELECT "id" FROM "outbox" WHERE "status" = 'queued' AND "notBefore" <= ${t} ORDER BY "notBefore", "id" LIMIT ?)
              AND "status" = 'queued' AND "notBefore" <= ${t}`,
          [token, leaseUntil, now, limit, now],
        );
      });
      const rows = sql.all<Row>(
        `SELECT ${COLUMNS} FROM "outbox" WHERE "status" = 'sending' AND "leaseOwner" = ? ORDER BY "notBefore", "id"`,
        [token],
      );
      // Renewals and releases go by the instance, not the claim.
      if (rows.length > 0) {
        await retryBusy(() =>
          sql.run(`UPDATE "outbox" SET "leaseOwner" = ? WHERE "status" = 'sending' AND "leaseOwner" = ?`, [
            owner,
            token,
          ]),
        );
      }
      return rows.map(toRow);
    },
    async renew(owner, leaseUntil) {
      await retryBusy(() =>
        sql.run(`UPDATE "outbox" SET "leaseUntil" = ${t} WHERE "status" = 'sending' AND "leaseOwner" = ?`, [
          leaseUntil,
          owner,
        ]),
      );
    },
    async markSent(id, owner, at, sentRef) {
      const changes = await retryBusy(() =>
        sql.run(
          `UPDATE "outbox" SET "status" = 'sent', "sentAt" = ${t}, "sentRef" = ?, "leaseOwner" = NULL, "leaseUntil" = NULL, "lastError" = NULL
            WHERE "id" = ? AND "status" = 'sending' AND "leaseOwner" = ?`,
          [at, sentRef, id, owner],
        ),
      );
      return changes === 1;
    },
    async reschedule(id, owner, notBefore, reason) {
      const changes = await retryBusy(() =>
        sql.run(
          `UPDATE "outbox" SET "status" = 'queued', "notBefore" = ${t}, "lastError" = ?, "leaseOwner" = NULL, "leaseUntil" = NULL
            WHERE "id" = ? AND "status" = 'sending' AND "leaseOwner" = ?`,
          [notBefore, reasonText(reason), id, owner],
        ),
      );
      return changes === 1;
    },
    async markFailed(id, owner, at, reason) {
      const changes = await retryBusy(() =>
        sql.run(
          `UPDATE "outbox" SET "status" = 'failed', "sentAt" = ${t}, "lastError" = ?, "leaseOwner" = NULL, "leaseUntil" = NULL
            WHERE "id" = ? AND "status" = 'sending' AND "leaseOwner" = ?`,
          [at, reasonText(reason), id, owner],
        ),
      );
      return changes === 1;
    },
    async release(owner) {
      // Not counted as an attempt; not suspect either: the drainer stops only between sends.
      await retryBusy(() =>
        sql.run(
          `UPDATE "outbox" SET "status" = 'queued', "attempts" = "attempts" - 1, "leaseOwner" = NULL, "leaseUntil" = NULL
            WHERE "status" = 'sending' AND "leaseOwner" = ?`,
          [owner],
        ),
      );
    },
    async batch(batch): Promise<OutboxBatchSummary> {
      const counts = sql.all<{ status: OutboxStatus; n: number }>(
        `SELECT "status", COUNT(*) AS "n" FROM "outbox" WHERE "batch" = ? GROUP BY "status"`,
        [batch],
      );
      const summary: OutboxBatchSummary = { queued: 0, sending: 0, sent: 0, failed: 0, targets: [], errors: [] };
      for (const { status, n } of counts) summary[status] = Number(n);
      const targets = sql.all<Pick<Row, "platform" | "tenantId" | "targetKind" | "targetId">>(
        `SELECT DISTINCT "platform", "tenantId", "targetKind", "targetId" FROM "outbox" WHERE "batch" = ?
          ORDER BY "platform", "tenantId", "targetKind", "targetId" LIMIT 20`,
        [batch],
      );
      summary.targets = targets.map((r) => `${r.platform}:${r.tenantId}:${r.targetKind}:${r.targetId}`);
      const errors = sql.all<{ lastError: string }>(
        `SELECT DISTINCT "lastError" FROM "outbox" WHERE "batch" = ? AND "status" = 'failed' AND "lastError" IS NOT NULL
          ORDER BY "lastError" LIMIT 5`,
        [batch],
      );
      summary.errors = errors.map((e) => e.lastError);
      return summary;
    },
    async counts() {
      const rows = sql.all<{ status: OutboxStatus; n: number }>(
        `SELECT "status", COUNT(*) AS "n" FROM "outbox" GROUP BY "status"`,
      );
      const counts = { queued: 0, sending: 0, sent: 0, failed: 0 };
      for (const { status, n } of rows) counts[status] = Number(n);
      return counts;
    },
    async nextDue() {
      const row = sql.get<{ at: number | null }>(
        `SELECT MIN("notBefore") AS "at" FROM "outbox" WHERE "status" = 'queued'`,
      );
      return row?.at ?? null;
    },
    async byKey(key) {
      const row = sql.get<Row>(`SELECT ${COLUMNS} FROM "outbox" WHERE "key" = ?`, [key]);
      return row ? toRow(row) : null;
    },
  };
}

export function personalChatStore(db: Pick<Database, "sql">): PersonalChatStore {
  const { sql } = db;
  return {
    async get(platform, tenantId, userId) {
      const row = sql.get<{ conversationId: string }>(
        `SELECT "conversationId" FROM "personal_chats" WHERE "platform" = ? AND "tenantId" = ? AND "userId" = ?`,
        [platform, tenantId, userId],
      );
      return row?.conversationId ?? null;
    },
    async save(platform, tenantId, userId, workspaceId, conversationId, at) {
      await retryBusy(() =>
        sql.run(
          `INSERT INTO "personal_chats" ("platform", "tenantId", "userId", "workspaceId", "conversationId", "updatedAt")
           VALUES (?, ?, ?, ?, ?, ${sql.ts})
           ON CONFLICT ("platform", "tenantId", "userId") DO UPDATE SET "workspaceId" = excluded."workspaceId",
             "conversationId" = excluded."conversationId", "updatedAt" = excluded."updatedAt"`,
          [platform, tenantId, userId, workspaceId, conversationId, at],
        ),
      );
    },
  };
}
