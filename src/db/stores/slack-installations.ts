/**
 * The slack_installations rows (one per Slack workspace or Enterprise Grid org installed by
 * OAuth; `data` is sealed by src/slack/installation-store.ts) on SQLite or PostgreSQL, in
 * portable SQL (src/db/sql.ts): Bolt reads a team's installation on every request it
 * authorizes, so this is a prepared statement, not an ORM call.
 */
import { retryBusy } from "../busy.js";
import type { Database } from "../database.js";

export interface SlackInstallationRow {
  id: string;
  workspaceId: string;
  data: string;
}

export interface SlackInstallationRows {
  all(): Promise<SlackInstallationRow[]>;
  get(id: string): Promise<SlackInstallationRow | null>;
  /** Inserts the row or replaces its workspace and data (a reinstall), stamping installedAt. */
  put(row: SlackInstallationRow): Promise<void>;
  /** Replaces only the data of a row that exists (re-sealing). */
  setData(id: string, data: string): Promise<void>;
  delete(id: string): Promise<void>;
}

export function slackInstallationRows(db: Pick<Database, "sql">, now: () => number = Date.now): SlackInstallationRows {
  const { sql } = db;
  return {
    async all() {
      return sql.all<SlackInstallationRow>(
        `SELECT "id", "workspaceId", "data" FROM "slack_installations" ORDER BY "id"`,
      );
    },
    async get(id) {
      return (
        sql.get<SlackInstallationRow>(`SELECT "id", "workspaceId", "data" FROM "slack_installations" WHERE "id" = ?`, [
          id,
        ]) ?? null
      );
    },
    async put({ id, workspaceId, data }) {
      await retryBusy(() =>
        sql.run(
          `INSERT INTO "slack_installations" ("id", "workspaceId", "data", "installedAt") VALUES (?, ?, ?, ${sql.ts})
           ON CONFLICT ("id") DO UPDATE SET "workspaceId" = excluded."workspaceId", "data" = excluded."data",
             "installedAt" = excluded."installedAt"`,
          [id, workspaceId, data, now()],
        ),
      );
    },
    async setData(id, data) {
      await retryBusy(() => sql.run(`UPDATE "slack_installations" SET "data" = ? WHERE "id" = ?`, [data, id]));
    },
    async delete(id) {
      await retryBusy(() => sql.run(`DELETE FROM "slack_installations" WHERE "id" = ?`, [id]));
    },
  };
}
