/** ScheduleStore (schedules, schedule_runs) on SQLite or PostgreSQL: portable SQL (src/db/sql.ts). */
import type { Platform } from "../../core/commands/types.js";
import type { FireOutcome, Schedule, ScheduleFire, ScheduleStore } from "../../core/stores/schedules.js";
import { retryBusy } from "../busy.js";
import type { Database } from "../database.js";

interface ScheduleRow {
  id: number;
  workspaceId: string;
  kind: string;
  cron: string;
  timeZone: string;
  platform: string;
  tenantId: string;
  conversationId: string;
  options: string;
  paused: number;
  createdBy: string;
  createdAt: number;
}

const COLUMNS = [
  "id",
  "workspaceId",
  "kind",
  "cron",
  "timeZone",
  "platform",
  "tenantId",
  "conversationId",
  "options",
  "paused",
  "createdBy",
  "createdAt",
]
  .map((c) => `"${c}"`)
  .join(", ");

function toSchedule(row: ScheduleRow): Schedule {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    kind: row.kind,
    cron: row.cron,
    timeZone: row.timeZone,
    target: { platform: row.platform as Platform, tenantId: row.tenantId, conversationId: row.conversationId },
    options: JSON.parse(row.options) as unknown,
    paused: row.paused === 1,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}

export function scheduleStore(db: Pick<Database, "sql">): ScheduleStore {
  const { sql } = db;
  return {
    async list(workspaceId) {
      const rows = sql.all<ScheduleRow>(`SELECT ${COLUMNS} FROM "schedules" WHERE "workspaceId" = ? ORDER BY "id"`, [
        workspaceId,
      ]);
      return rows.map(toSchedule);
    },
    async all() {
      return sql.all<ScheduleRow>(`SELECT ${COLUMNS} FROM "schedules" ORDER BY "id"`).map(toSchedule);
    },
    async get(workspaceId, id) {
      const row = sql.get<ScheduleRow>(`SELECT ${COLUMNS} FROM "schedules" WHERE "workspaceId" = ? AND "id" = ?`, [
        workspaceId,
        id,
      ]);
      return row ? toSchedule(row) : null;
    },
    async add(s) {
      const { target } = s;
      const row = sql.get<{ id: number }>(
        `INSERT INTO "schedules" ("workspaceId", "kind", "cron", "timeZone", "platform", "tenantId", "conversationId", "options", "paused", "createdBy", "createdAt")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${sql.ts}) RETURNING "id"`,
        [
          s.workspaceId,
          s.kind,
          s.cron,
          s.timeZone,
          target.platform,
          target.tenantId,
          target.conversationId,
          JSON.stringify(s.options ?? {}),
          0,
          s.createdBy,
          s.createdAt,
        ],
      )!;
      return { ...s, id: Number(row.id), paused: false };
    },
    async remove(workspaceId, id) {
      return sql.run(`DELETE FROM "schedules" WHERE "workspaceId" = ? AND "id" = ?`, [workspaceId, id]) > 0;
    },
    async setPaused(workspaceId, id, paused) {
      return (
        sql.run(`UPDATE "schedules" SET "paused" = ? WHERE "workspaceId" = ? AND "id" = ?`, [
          paused ? 1 : 0,
          workspaceId,
          id,
        ]) > 0
      );
    },
    async claimFire(scheduleId, fireAt, claimedBy, startedAt, trigger = "timer") {
      // The primary key (scheduleId, fireAt) decides: one insert succeeds, the others are ignored.
      const changes = await retryBusy(() =>
        sql.run(
          `INSERT INTO "schedule_runs" ("scheduleId", "fireAt", "claimedBy", "startedAt", "outcome", "trigger")
           VALUES (?, ${sql.ts}, ?, ${sql.ts}, 'running', ?) ON CONFLICT DO NOTHING`,
          [scheduleId, fireAt, claimedBy, startedAt, trigger],
        ),
      );
      return changes === 1;
    },
    async retakeFire(scheduleId, fireAt, claimedBy, startedAt, staleBefore) {
      // The WHERE re-checks the state, so of two instances taking over only one changes the row.
      const changes = await retryBusy(() =>
        sql.run(
          `UPDATE "schedule_runs" SET "claimedBy" = ?, "startedAt" = ${sql.ts}
            WHERE "scheduleId" = ? AND "fireAt" = ${sql.ts} AND "outcome" = 'running' AND "startedAt" < ${sql.ts}`,
          [claimedBy, startedAt, scheduleId, fireAt, staleBefore],
        ),
      );
      return changes === 1;
    },
    async finishFire(scheduleId, fireAt, outcome: FireOutcome, finishedAt, error) {
      sql.run(
        `UPDATE "schedule_runs" SET "outcome" = ?, "finishedAt" = ${sql.ts}, "error" = ? WHERE "scheduleId" = ? AND "fireAt" = ${sql.ts}`,
        [outcome, finishedAt, error ?? null, scheduleId, fireAt],
      );
    },
    async runningSince(startedBefore) {
      return sql.all<ScheduleFire>(
        `SELECT "scheduleId", "fireAt", "claimedBy", "startedAt", "finishedAt", "outcome", "error", "trigger" FROM "schedule_runs"
          WHERE "outcome" = 'running' AND "startedAt" < ${sql.ts} ORDER BY "fireAt"`,
        [startedBefore],
      );
    },
    async fires(scheduleId, limit) {
      return sql.all<ScheduleFire>(
        `SELECT "scheduleId", "fireAt", "claimedBy", "startedAt", "finishedAt", "outcome", "error", "trigger" FROM "schedule_runs"
          WHERE "scheduleId" = ? ORDER BY "fireAt" DESC LIMIT ?`,
        [scheduleId, limit],
      );
    },
  };
}
