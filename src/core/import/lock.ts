/**
 * One import per workspace at a time, across processes: the running import holds a row in
 * import_locks (taken and released with short transactions, never held across the pass). A
 * second import, or an audit of that workspace, waits for the row to go and says so once,
 * rather than failing on SQLite's lock. A row left by a process that died (kill -9) on this
 * host is stale and taken over. See docs/import.md, "Imports while the bot runs".
 */
import os from "node:os";
import type { SqliteDatabase } from "../../db/database.js";
import { retryBusy } from "../../db/busy.js";

interface LockRow {
  pid: number;
  host: string;
  startedAt: number;
}

export interface WaitOptions {
  /** Called once when the workspace is busy, with a line for the user. */
  onWait?: (message: string) => void;
  /** How often to look again; default 250 ms. */
  pollMs?: number;
  /** How long one look may wait for another writer's SQLite lock, in ms (default: busy.ts's limit). */
  busyWaitMs?: number;
}

function alive(row: LockRow): boolean {
  if (row.host !== os.hostname()) return true;
  try {
    process.kill(row.pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}

function runningImport(sqlite: SqliteDatabase, workspaceId: string): LockRow | null {
  const row = sqlite.prepare(`SELECT pid, host, startedAt FROM import_locks WHERE workspaceId = ?`).get(workspaceId) as
    LockRow | undefined;
  if (!row) return null;
  if (alive(row)) return row;
  sqlite
    .prepare(`DELETE FROM import_locks WHERE workspaceId = ? AND pid = ? AND host = ?`)
    .run(workspaceId, row.pid, row.host);
  return null;
}

function waitingMessage(workspaceId: string, row: LockRow): string {
  const since = new Date(row.startedAt).toTimeString().slice(0, 5);
  return `an import of workspace ${workspaceId} is running since ${since} (pid ${row.pid} on ${row.host}), waiting…`;
}

async function pollUntil<T>(
  attempt: () => { done: T } | { busy: LockRow },
  workspaceId: string,
  options: WaitOptions,
): Promise<T> {
  let told = false;
  for (;;) {
    const result = await retryBusy(attempt, options.busyWaitMs);
    if ("done" in result) return result.done;
    if (!told) options.onWait?.(waitingMessage(workspaceId, result.busy));
    told = true;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
  }
}

/** Waits until no import of the workspace runs, takes the lock, and returns its release. */
export async function acquireImportLock(
  sqlite: SqliteDatabase,
  workspaceId: string,
  options: WaitOptions = {},
): Promise<() => Promise<void>> {
  const take = sqlite.transaction(() => {
    const busy = runningImport(sqlite, workspaceId);
    if (busy) return { busy };
    sqlite
      .prepare(`INSERT INTO import_locks (workspaceId, pid, host, startedAt) VALUES (?, ?, ?, ?)`)
      .run(workspaceId, process.pid, os.hostname(), Date.now());
    return { done: true };
  });
  await pollUntil(() => take.immediate(), workspaceId, options);
  return async () => {
    await retryBusy(() =>
      sqlite
        .prepare(`DELETE FROM import_locks WHERE workspaceId = ? AND pid = ? AND host = ?`)
        .run(workspaceId, process.pid, os.hostname()),
    );
  };
}

/** Resolves when no import of the workspace is running (an audit then reads what it wrote). */
export async function waitForImports(
  sqlite: SqliteDatabase,
  workspaceId: string,
  options: WaitOptions = {},
): Promise<void> {
  await pollUntil(
    () => {
      const busy = runningImport(sqlite, workspaceId);
      return busy ? { busy } : { done: undefined };
    },
    workspaceId,
    options,
  );
}
