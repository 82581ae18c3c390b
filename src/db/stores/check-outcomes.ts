/**
 * The table behind CheckOutcomeCache (src/core/stores/check-outcomes.ts). Portable SQL: a
 * DELETE and an INSERT in one transaction rather than an upsert dialect. Rows reference the
 * import_log row of their data version, so clearing a workspace's data removes them too.
 */
import type { CachedOutcome, CheckOutcomeCache } from "../../core/stores/check-outcomes.js";
import type { SqliteDatabase } from "../sqlite/connection.js";

export function checkOutcomeCacheStore(sqlite: SqliteDatabase): CheckOutcomeCache {
  // Prepared on first use: the store may be built before the migrations ran.
  let statements: ReturnType<typeof prepare> | undefined;
  const prepared = () => (statements ??= prepare(sqlite));
  return {
    get({ workspaceId, checkId, dataVersion, settingsHash }) {
      const row = prepared().select.get(workspaceId, checkId, dataVersion, settingsHash) as
        { outcome: string } | undefined;
      return row ? (JSON.parse(row.outcome) as CachedOutcome) : null;
    },
    put({ workspaceId, checkId, dataVersion, settingsHash }, outcome, at) {
      prepared().replace([workspaceId, checkId, dataVersion, settingsHash, JSON.stringify(outcome), at]);
    },
  };
}

function prepare(sqlite: SqliteDatabase) {
  const select = sqlite.prepare(
    `SELECT "outcome" FROM "check_outcome_cache"
     WHERE "workspaceId" = ? AND "checkId" = ? AND "dataVersion" = ? AND "settingsHash" = ?`,
  );
  const remove = sqlite.prepare(`DELETE FROM "check_outcome_cache" WHERE "workspaceId" = ? AND "checkId" = ?`);
  const insert = sqlite.prepare(
    `INSERT INTO "check_outcome_cache" ("workspaceId", "checkId", "dataVersion", "settingsHash", "outcome", "createdAt")
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const replace = sqlite.transaction((values: unknown[]) => {
    remove.run(values[0], values[1]);
    insert.run(...values);
  });
  return { select, replace };
}
