/**
 * Worker threads of an audit: the audit thread (worker.ts, started by the service for every
 * run) and, on large workspaces, a second thread for the heavy checks (second-thread.ts,
 * started by the audit thread). Both speak the same three messages.
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { AuditSelectionError, type SecondThread } from "./runner.js";
import type { AuditTaskRequest } from "./task.js";

export type ThreadMessage<T> =
  | { type: "progress"; done: number; total: number }
  | { type: "done"; result: T }
  | { type: "error"; name: string; message: string };

/** Data every audit thread gets; `entry` is the TypeScript (or built) module to run. */
export interface ThreadData {
  entry: string;
  dbFile: string;
  task: AuditTaskRequest;
}

// A worker thread does not inherit the parent's tsx loader: this plain-JS entry registers it.
const WORKER_ENTRY = new URL("./worker-entry.mjs", import.meta.url);

/** This folder's module `name`, as .ts when running from sources (tsx), else .js. */
export function sibling(name: string): string {
  const ts = new URL(`./${name}.ts`, import.meta.url);
  return fs.existsSync(fileURLToPath(ts)) ? ts.href : new URL(`./${name}.js`, import.meta.url).href;
}

/** Runs `module` in a new worker thread; resolves with what it reports as done. */
export function runThread<T>(
  module: string,
  data: Omit<ThreadData, "entry"> & Record<string, unknown>,
  onProgress?: (done: number, total: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_ENTRY, { workerData: { ...data, entry: sibling(module) } });
    let settled = false;
    worker.on("message", (message: ThreadMessage<T>) => {
      if (message.type === "progress") onProgress?.(message.done, message.total);
      else if (message.type === "done") {
        settled = true;
        resolve(message.result);
      } else {
        settled = true;
        reject(
          message.name === "AuditSelectionError"
            ? new AuditSelectionError(message.message)
            : new Error(message.message),
        );
      }
    });
    worker.on("error", (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    worker.on("exit", (code) => {
      if (!settled) reject(new Error(`audit thread ${module} stopped with exit code ${code} before finishing`));
      settled = true;
    });
  });
}

/** Default for SecondThread.minRecords: measured break-even is near 300k records (docs/audit.md). */
export const SECOND_THREAD_MIN_RECORDS = 500_000;

/** A second thread for the heavy checks of the task, on its own connection to the same file. */
export function secondThreadFor(dbFile: string, task: AuditTaskRequest): SecondThread {
  return {
    minRecords: task.secondThreadMinRecords ?? SECOND_THREAD_MIN_RECORDS,
    run: (request) => runThread("second-thread", { dbFile, task, request }),
  };
}

/**
 * Body of a thread: posts progress, then the result or the error, and always runs `cleanup`.
 * Called at the top level of worker.ts and second-thread.ts.
 */
export async function serveThread<T>(
  post: (message: ThreadMessage<T>) => void,
  work: (onProgress: (done: number, total: number) => void) => Promise<T> | T,
  cleanup: () => void,
): Promise<void> {
  try {
    const result = await work((done, total) => post({ type: "progress", done, total }));
    post({ type: "done", result });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    post({ type: "error", name: e.name, message: e.message });
  } finally {
    cleanup();
  }
}
