/**
 * The import lock on PostgreSQL (ImportLockStore, src/core/import/stores.ts): a session
 * advisory lock per workspace, held on a connection of its own for the import's duration, so
 * instances on other hosts see it and a crashed importer's lock goes with its connection
 * (no pid liveness guesses, which only work on one host). The import_locks row only says who
 * holds it, for the "waiting for the import started by …" message.
 */
import type { ImportLockHolder, ImportLockStore } from "../../core/import/stores.js";
import { openSyncPg, type SyncPg } from "./sync-client.js";

/** First key of the two-key advisory lock: this lock's kind. */
const IMPORT_LOCK_KIND = 0x63726d02;

const tryLock = `SELECT pg_try_advisory_lock($1, hashtext($2)) AS taken`;

export function postgresImportLocks(url: string, shared: SyncPg): ImportLockStore {
  const held = new Map<string, SyncPg>();
  const keyOf = (workspaceId: string, holder: Pick<ImportLockHolder, "pid" | "host">) =>
    `${workspaceId}\u0000${holder.host}\u0000${holder.pid}`;

  const recorded = (workspaceId: string): ImportLockHolder | null => {
    const [row] = shared.query<ImportLockHolder>(
      `SELECT "pid", "host", "startedAt" FROM "import_locks" WHERE "workspaceId" = $1`,
      [workspaceId],
    );
    // Between another importer's lock and its row: say who as far as known.
    return row ?? { pid: 0, host: "another instance", startedAt: Date.now() };
  };

  return {
    async take(workspaceId, holder) {
      const pg = openSyncPg(url);
      const [{ taken }] = pg.query<{ taken: number }>(tryLock, [IMPORT_LOCK_KIND, workspaceId]) as [{ taken: number }];
      if (!taken) {
        pg.close();
        return recorded(workspaceId);
      }
      pg.query(
        `INSERT INTO "import_locks" ("workspaceId", "pid", "host", "startedAt") VALUES ($1, $2, $3, to_timestamp($4::double precision / 1000))
         ON CONFLICT ("workspaceId") DO UPDATE SET "pid" = excluded."pid", "host" = excluded."host", "startedAt" = excluded."startedAt"`,
        [workspaceId, holder.pid, holder.host, holder.startedAt],
      );
      held.set(keyOf(workspaceId, holder), pg);
      return null;
    },
    async holder(workspaceId) {
      const [{ taken }] = shared.query<{ taken: number }>(tryLock, [IMPORT_LOCK_KIND, workspaceId]) as [
        { taken: number },
      ];
      if (!taken) return recorded(workspaceId);
      shared.query(`SELECT pg_advisory_unlock($1, hashtext($2))`, [IMPORT_LOCK_KIND, workspaceId]);
      return null;
    },
    async release(workspaceId, holder) {
      const key = keyOf(workspaceId, holder);
      const pg = held.get(key);
      if (!pg) return;
      held.delete(key);
      try {
        pg.query(`DELETE FROM "import_locks" WHERE "workspaceId" = $1 AND "pid" = $2 AND "host" = $3`, [
          workspaceId,
          holder.pid,
          holder.host,
        ]);
      } finally {
        // Ending the session releases the advisory lock.
        pg.close();
      }
    },
  };
}
