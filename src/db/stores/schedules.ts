/** ScheduleStore on the SQLite database (schedules, schedule_runs). */
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

const COLUMNS = `id, workspaceId, kind, cron, timeZone, platform, tenantId, conversationId, options, paused, createdBy, createdAt`;

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

export function scheduleStore(db: Pick<Database, "sqlite">): ScheduleStore {
  const { sqlite } = db;
  return {
    async list(workspaceId) {
      const rows = sqlite
        .prepare(`SELECT ${COLUMNS} FROM schedules WHERE workspaceId = ? ORDER BY id`)
        .all(workspaceId) as ScheduleRow[];
      return rows.map(toSchedule);
    },
    async all() {
      return (sqlite.prepare(`SELECT ${COLUMNS} FROM schedules ORDER BY id`).all() as ScheduleRow[]).map(toSchedule);
    },
    async get(workspaceId, id) {
      const row = sqlite
        .prepare(`SELECT ${COLUMNS} FROM schedules WHERE workspaceId = ? AND id = ?`)
        .get(workspaceId, id) as ScheduleRow | undefined;
      return row ? toSchedule(row) : null;
    },
    async add(s) {
      const { target } = s;
      const result = sqlite
        .prepare(
          `INSERT INTO schedules (workspaceId, kind, cron, timeZone, platform, tenantId, conversationId, options, paused, createdBy, createdAt)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
        )
        .run(
          s.workspaceId,
          s.kind,
          s.cron,
          s.timeZone,
          target.platform,
          target.tenantId,
          target.conversationId,
          JSON.stringify(s.options ?? {}),
          s.createdBy,
          s.createdAt,
        );
      return { ...s, id: Number(result.lastInsertRowid), paused: false };
    },
    async remove(workspaceId, id) {
      return sqlite.prepare(`DELETE FROM schedules WHERE workspaceId = ? AND id = ?`).run(workspaceId, id).changes > 0;
    },
    async setPaused(workspaceId, id, paused) {
      return (
        sqlite
          .prepare(`UPDATE schedules SET paused = ? WHERE workspaceId = ? AND id = ?`)
          .run(paused ? 1 : 0, workspaceId, id).changes > 0
      );
    },
    async claimFire(scheduleId, fireAt, claimedBy, startedAt, trigger = "timer") {
      // The primary key (scheduleId, fireAt) decides: one insert succeeds, the others are ignored.
      const result = await retryBusy(() =>
        sqlite
          .prepare(
            `INSERT INTO schedule_runs (scheduleId, fireAt, claimedBy, startedAt, outcome, "trigger") VALUES (?, ?, ?, ?, 'running', ?)
             ON CONFLICT (scheduleId, fireAt) DO NOTHING`,
          )
          .run(scheduleId, fireAt, claimedBy, startedAt, trigger),
      );
      return result.changes === 1;
    },
    async retakeFire(scheduleId, fireAt, claimedBy, startedAt, staleBefore) {
      // The WHERE re-checks the state, so of two instances taking over only one changes the row.
      const result = await retryBusy(() =>
        sqlite
          .prepare(
            `UPDATE schedule_runs SET claimedBy = ?, startedAt = ? WHERE scheduleId = ? AND fireAt = ? AND outcome = 'running' AND startedAt < ?`,
          )
          .run(claimedBy, startedAt, scheduleId, fireAt, staleBefore),
      );
      return result.changes === 1;
    },
    async finishFire(scheduleId, fireAt, outcome: FireOutcome, finishedAt, error) {
      sqlite
        .prepare(`UPDATE schedule_runs SET outcome = ?, finishedAt = ?, error = ? WHERE scheduleId = ? AND fireAt = ?`)
        .run(outcome, finishedAt, error ?? null, scheduleId, fireAt);
    },
    async runningSince(startedBefore) {
      return sqlite
        .prepare(
          `SELECT scheduleId, fireAt, claimedBy, startedAt, finishedAt, outcome, error, "trigger" FROM schedule_runs
            WHERE outcome = 'running' AND startedAt < ? ORDER BY fireAt`,
        )
        .all(startedBefore) as ScheduleFire[];
    },
    async fires(scheduleId, limit) {
      return sqlite
        .prepare(
          `SELECT scheduleId, fireAt, claimedBy, startedAt, finishedAt, outcome, error, "trigger" FROM schedule_runs
            WHERE scheduleId = ? ORDER BY fireAt DESC LIMIT ?`,
        )
        .all(scheduleId, limit) as ScheduleFire[];
    },
  };
}
