/**
 * One import per workspace at a time, across processes: the running import holds the
 * workspace's lock (an ImportLockStore row, taken and released with short transactions, never
 * held across the pass). A second import, or an audit of that workspace, waits for it to go and
 * says so once, rather than failing on the database's lock. A lock left by a process that died
 * (kill -9) on this host is stale and taken over. See docs/import.md, "Imports while the bot
 * runs".
 */
import os from "node:os";
import type { ImportLockHolder, ImportLockStore } from "./stores.js";

export interface WaitOptions {
  /** Called once when the workspace is busy, with a line for the user. */
  onWait?: (message: string) => void;
  /** How often to look again; default 250 ms. */
  pollMs?: number;
  /** How long one look may wait for another writer's database lock, in ms (default: the store's limit). */
  busyWaitMs?: number;
}

function alive(holder: ImportLockHolder): boolean {
  if (holder.host !== os.hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}

function waitingMessage(workspaceId: string, holder: ImportLockHolder): string {
  const since = new Date(holder.startedAt).toTimeString().slice(0, 5);
  return `an import of workspace ${workspaceId} is running since ${since} (pid ${holder.pid} on ${holder.host}), waiting…`;
}

/** Looks until `busy` returns null, telling the user once who holds the lock. */
async function pollUntilFree(
  busy: () => Promise<ImportLockHolder | null>,
  workspaceId: string,
  options: WaitOptions,
): Promise<void> {
  let told = false;
  for (;;) {
    const holder = await busy();
    if (!holder) return;
    if (!told) options.onWait?.(waitingMessage(workspaceId, holder));
    told = true;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
  }
}

/** Waits until no import of the workspace runs, takes the lock, and returns its release. */
export async function acquireImportLock(
  locks: ImportLockStore,
  workspaceId: string,
  options: WaitOptions = {},
): Promise<() => Promise<void>> {
  const me = { pid: process.pid, host: os.hostname() };
  await pollUntilFree(
    () => locks.take(workspaceId, { ...me, startedAt: Date.now() }, alive, options.busyWaitMs),
    workspaceId,
    options,
  );
  return () => locks.release(workspaceId, me);
}

/** Resolves when no import of the workspace is running (an audit then reads what it wrote). */
export async function waitForImports(
  locks: ImportLockStore,
  workspaceId: string,
  options: WaitOptions = {},
): Promise<void> {
  await pollUntilFree(() => locks.holder(workspaceId, alive, options.busyWaitMs), workspaceId, options);
}
