/**
 * The job queue (table jobs, docs/jobs.md) on SQLite or PostgreSQL in portable SQL
 * (src/db/sql.ts), over our own table rather than a queue library, because the queue must work
 * on SQLite too (the embedded default) with the same semantics.
 *
 * - One queued-or-running job per workspace and kind: `exclusiveKey` is unique while a job is
 *   queued or running and NULL once it finishes, so a second submit conflicts and joins the
 *   existing job instead (its requester line is appended in one UPDATE on that row, which
 *   serialises with `finish` on the row lock: a requester joins before the outcome is read, or
 *   finds the job finished and queues a new one; never lost in between).
 * - A claim is one UPDATE of the oldest claimable row. On PostgreSQL the row is picked with
 *   `FOR UPDATE SKIP LOCKED`, so instances claiming at once take different rows without waiting;
 *   SQLite has a single writer, so the UPDATE's WHERE (re-checked) is enough.
 * - Every change after the claim names the holder (`leaseOwner`): a holder whose lease ran out
 *   and was taken over can no longer record an outcome.
 */
import type { Job, JobKind, JobRequester, JobState, JobStore } from "../../core/jobs/store.js";
import { retryBusy } from "../busy.js";
import type { Database } from "../database.js";

interface Row {
  id: number;
  kind: string;
  workspaceId: string;
  payload: string;
  state: string;
  attempts: number;
  maxAttempts: number;
  requestedBy: string | null;
  requesters: string;
  leaseOwner: string | null;
  leaseUntil: number | null;
  result: string | null;
  error: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

const COLUMNS = [
  "id",
  "kind",
  "workspaceId",
  "payload",
  "state",
  "attempts",
  "maxAttempts",
  "requestedBy",
  "requesters",
  "leaseOwner",
  "leaseUntil",
  "result",
  "error",
  "createdAt",
  "startedAt",
  "finishedAt",
]
  .map((c) => `"${c}"`)
  .join(", ");

/** One JSON line per requester: appending is a single `||` in SQL, no read-modify-write. */
const requesterLine = (requester: JobRequester) => JSON.stringify(requester) + "\n";

function parseRequesters(text: string): JobRequester[] {
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as JobRequester);
}

function toJob(row: Row): Job {
  return {
    id: Number(row.id),
    kind: row.kind as JobKind,
    workspaceId: row.workspaceId,
    payload: JSON.parse(row.payload) as unknown,
    state: row.state as JobState,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    requestedBy: row.requestedBy,
    requesters: parseRequesters(row.requesters),
    leaseOwner: row.leaseOwner,
    leaseUntil: row.leaseUntil,
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
    error: row.error,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

const exclusiveKeyOf = (kind: JobKind, workspaceId: string) => `${kind}:${workspaceId}`;

/** Errors are stored for people to read; a stack or a huge text is cut. */
const errorText = (error: string) => (error.length > 1000 ? `${error.slice(0, 997)}...` : error);

export function jobStore(db: Pick<Database, "sql">): JobStore {
  const { sql } = db;
  const t = sql.ts;
  // Queued, or running under a lease that ran out (its holder died), with attempts left.
  const claimable = `("state" = 'queued' OR ("state" = 'running' AND "leaseUntil" < ${t})) AND "attempts" < "maxAttempts"`;
  const pick =
    sql.dialect === "postgres"
      ? `SELECT "id" FROM "jobs" WHERE ${claimable} ORDER BY "createdAt", "id" LIMIT 1 FOR UPDATE SKIP LOCKED`
      : `SELECT "id" FROM "jobs" WHERE ${claimable} ORDER BY "createdAt", "id" LIMIT 1`;
  const one = (rows: Row[]) => (rows[0] ? toJob(rows[0]) : null);

  return {
    async submit(job) {
      const key = exclusiveKeyOf(job.kind, job.workspaceId);
      const line = requesterLine(job.requester);
      // Each round either queues the job or joins the one in the way; a job that finished
      // between the two statements frees the key, and the next round queues anew.
      for (let round = 0; round < 5; round++) {
        const inserted = await retryBusy(() =>
          sql.all<Row>(
            `INSERT INTO "jobs" ("kind", "workspaceId", "payload", "state", "attempts", "maxAttempts", "exclusiveKey", "requestedBy", "requesters", "createdAt")
             VALUES (?, ?, ?, 'queued', 0, ?, ?, ?, ?, ${t})
             ON CONFLICT ("exclusiveKey") DO NOTHING
             RETURNING ${COLUMNS}`,
            [
              job.kind,
              job.workspaceId,
              JSON.stringify(job.payload ?? null),
              job.maxAttempts,
              key,
              job.requester.requestedBy,
              line,
              job.at,
            ],
          ),
        );
        if (inserted[0]) return { job: toJob(inserted[0]), queued: true };
        const joined = await retryBusy(() =>
          sql.all<Row>(
            `UPDATE "jobs" SET "requesters" = "requesters" || ? WHERE "exclusiveKey" = ? RETURNING ${COLUMNS}`,
            [line, key],
          ),
        );
        if (joined[0]) return { job: toJob(joined[0]), queued: false };
      }
      throw new Error(`could not queue or join a ${job.kind} job of workspace ${job.workspaceId}`);
    },

    async claim(owner, now, leaseUntil) {
      const rows = await retryBusy(() =>
        sql.transaction(() =>
          sql.all<Row>(
            `UPDATE "jobs" SET "state" = 'running', "leaseOwner" = ?, "leaseUntil" = ${t}, "attempts" = "attempts" + 1, "startedAt" = ${t}
              WHERE "id" = (${pick}) AND ${claimable}
              RETURNING ${COLUMNS}`,
            [owner, leaseUntil, now, now, now],
          ),
        ),
      );
      return one(rows);
    },

    async renew(id, owner, leaseUntil) {
      const changes = await retryBusy(() =>
        sql.run(`UPDATE "jobs" SET "leaseUntil" = ${t} WHERE "id" = ? AND "state" = 'running' AND "leaseOwner" = ?`, [
          leaseUntil,
          id,
          owner,
        ]),
      );
      return changes === 1;
    },

    async finish(id, owner, at, result) {
      const rows = await retryBusy(() =>
        sql.all<Row>(
          `UPDATE "jobs" SET "state" = 'done', "result" = ?, "exclusiveKey" = NULL, "leaseOwner" = NULL, "leaseUntil" = NULL, "finishedAt" = ${t}
            WHERE "id" = ? AND "state" = 'running' AND "leaseOwner" = ?
            RETURNING ${COLUMNS}`,
          [JSON.stringify(result ?? null), at, id, owner],
        ),
      );
      return one(rows);
    },

    async fail(id, owner, at, error) {
      const rows = await retryBusy(() =>
        sql.all<Row>(
          `UPDATE "jobs" SET "state" = 'failed', "error" = ?, "exclusiveKey" = NULL, "leaseOwner" = NULL, "leaseUntil" = NULL, "finishedAt" = ${t}
            WHERE "id" = ? AND "state" = 'running' AND "leaseOwner" = ?
            RETURNING ${COLUMNS}`,
          [errorText(error), at, id, owner],
        ),
      );
      return one(rows);
    },

    async release(owner) {
      return retryBusy(() =>
        sql.run(
          `UPDATE "jobs" SET "state" = 'queued', "attempts" = "attempts" - 1, "leaseOwner" = NULL, "leaseUntil" = NULL
            WHERE "state" = 'running' AND "leaseOwner" = ?`,
          [owner],
        ),
      );
    },

    async expire(now, error) {
      const rows = await retryBusy(() =>
        sql.all<Row>(
          `UPDATE "jobs" SET "state" = 'failed', "error" = ?, "exclusiveKey" = NULL, "finishedAt" = ${t}
            WHERE "state" = 'running' AND "leaseUntil" < ${t} AND "attempts" >= "maxAttempts"
            RETURNING ${COLUMNS}`,
          [errorText(error), now, now],
        ),
      );
      return rows.map(toJob);
    },

    async active(workspaceId, kind) {
      return one(
        sql.all<Row>(`SELECT ${COLUMNS} FROM "jobs" WHERE "exclusiveKey" = ?`, [exclusiveKeyOf(kind, workspaceId)]),
      );
    },

    async get(id) {
      return one(sql.all<Row>(`SELECT ${COLUMNS} FROM "jobs" WHERE "id" = ?`, [id]));
    },

    async prune(before) {
      return retryBusy(() =>
        sql.run(`DELETE FROM "jobs" WHERE "state" IN ('done', 'failed') AND "finishedAt" < ${t}`, [before]),
      );
    },

    async counts() {
      const counts: Record<JobState, number> = { queued: 0, running: 0, done: 0, failed: 0 };
      for (const { state, n } of sql.all<{ state: JobState; n: number }>(
        `SELECT "state", COUNT(*) AS "n" FROM "jobs" GROUP BY "state"`,
      ))
        counts[state] = Number(n);
      return counts;
    },
  };
}
