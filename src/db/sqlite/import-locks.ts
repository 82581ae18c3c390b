/**
 * The import lock's rows on SQLite (ImportLockStore, src/core/import/stores.ts): table
 * import_locks, one row per workspace being imported, taken and released with short
 * transactions, each retried while another process holds SQLite's write lock (busy.ts).
 */
import type { ImportLockHolder, ImportLockStore } from "../../core/import/stores.js";
import { retryBusy } from "../busy.js";
import type { SqliteDatabase } from "./connection.js";

type IsAlive = (holder: ImportLockHolder) => boolean;

function liveHolder(sqlite: SqliteDatabase, workspaceId: string, isAlive: IsAlive): ImportLockHolder | null {
  const row = sqlite.prepare(`SELECT pid, host, startedAt FROM import_locks WHERE workspaceId = ?`).get(workspaceId) as
    ImportLockHolder | undefined;
  if (!row) return null;
  if (isAlive(row)) return row;
  sqlite
    .prepare(`DELETE FROM import_locks WHERE workspaceId = ? AND pid = ? AND host = ?`)
    .run(workspaceId, row.pid, row.host);
  return null;
}

export function sqliteImportLocks(sqlite: SqliteDatabase): ImportLockStore {
  return {
    take(workspaceId, holder, isAlive, busyWaitMs) {
      const take = sqlite.transaction(() => {
        const busy = liveHolder(sqlite, workspaceId, isAlive);
        if (busy) return busy;
        sqlite
          .prepare(`INSERT INTO import_locks (workspaceId, pid, host, startedAt) VALUES (?, ?, ?, ?)`)
          .run(workspaceId, holder.pid, holder.host, holder.startedAt);
        return null;
      });
      return retryBusy(() => take.immediate(), busyWaitMs);
    },
    holder: (workspaceId, isAlive, busyWaitMs) => retryBusy(() => liveHolder(sqlite, workspaceId, isAlive), busyWaitMs),
    async release(workspaceId, holder) {
      await retryBusy(() =>
        sqlite
          .prepare(`DELETE FROM import_locks WHERE workspaceId = ? AND pid = ? AND host = ?`)
          .run(workspaceId, holder.pid, holder.host),
      );
    },
  };
}
