/**
 * The table behind CheckOutcomeCache (src/core/stores/check-outcomes.ts), on SQLite or
 * PostgreSQL. Portable SQL (src/db/sql.ts): a DELETE and an INSERT in one transaction rather
 * than an upsert dialect. Rows reference the import_log row of their data version, so clearing
 * a workspace's data removes them too.
 */
import type { CachedOutcome, CheckOutcomeCache } from "../../core/stores/check-outcomes.js";
import { asDriver, type SqlSource } from "../sql.js";

export function checkOutcomeCacheStore(source: SqlSource): CheckOutcomeCache {
  const sql = asDriver(source);
  return {
    get({ workspaceId, checkId, dataVersion, settingsHash }) {
      const row = sql.get<{ outcome: string }>(
        `SELECT "outcome" FROM "check_outcome_cache"
         WHERE "workspaceId" = ? AND "checkId" = ? AND "dataVersion" = ? AND "settingsHash" = ?`,
        [workspaceId, checkId, dataVersion, settingsHash],
      );
      return row ? (JSON.parse(row.outcome) as CachedOutcome) : null;
    },
    put({ workspaceId, checkId, dataVersion, settingsHash }, outcome, at) {
      sql.transaction(() => {
        sql.run(`DELETE FROM "check_outcome_cache" WHERE "workspaceId" = ? AND "checkId" = ?`, [workspaceId, checkId]);
        sql.run(
          `INSERT INTO "check_outcome_cache" ("workspaceId", "checkId", "dataVersion", "settingsHash", "outcome", "createdAt")
           VALUES (?, ?, ?, ?, ?, ${sql.ts})`,
          [workspaceId, checkId, dataVersion, settingsHash, JSON.stringify(outcome), at],
        );
      });
    },
  };
}
