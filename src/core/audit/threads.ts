/**
 * Worker threads of an audit: the audit thread (worker.ts, used by the service) and, on large
 * workspaces, a second thread for the heavy checks (second-thread.ts, used by the audit
 * thread). Both are kept warm between runs: starting a thread under tsx costs about a second
 * (its module graph is compiled again), which every `/crm-audit run` would otherwise pay.
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { DataChangedError, type CheckOutcomes } from "./collect.js";
import { CheckSelectionError } from "../checks/select.js";
import type { AuditConnection, AuditSource, AuditSourceModule } from "./stores.js";
import { type SecondThread, type SecondThreadRequest } from "./runner.js";
import type { AuditTaskRequest } from "./task.js";

/** From a thread to its owner, for request `id`. */
export type ThreadMessage<T> =
  | { id: number; type: "progress"; done: number; total: number }
  | { id: number; type: "done"; result: T }
  | { id: number; type: "error"; name: string; message: string };

/** From the owner to a thread. */
export interface ThreadRequest<R> {
  id: number;
  request: R;
}

// A worker thread does not inherit the parent's tsx loader: this plain-JS entry registers it.
const WORKER_ENTRY = new URL("./worker-entry.mjs", import.meta.url);

/** This folder's module `name`, as .ts when running from sources (tsx), else .js. */
export function sibling(name: string): string {
  const ts = new URL(`./${name}.ts`, import.meta.url);
  return fs.existsSync(fileURLToPath(ts)) ? ts.href : new URL(`./${name}.js`, import.meta.url).href;
}

export interface ThreadPool<R, T> {
  /** Runs the request on an idle thread, or a new one when all are busy. */
  run(request: R, onProgress?: (done: number, total: number) => void): Promise<T>;
  /** Stops every thread (a run in progress fails). */
  close(): Promise<void>;
}

export interface ThreadPoolOptions {
  /** Idle threads kept for the next run; the others stop when their run ends. */
  maxIdle: number;
  /** An idle thread stops after this long without work (its memory goes back to the system). */
  idleMs: number;
}

/**
 * Threads running `module` (a module of this folder by name, or any module by URL; it calls
 * serveThread), one request at a time each. Idle threads are unref'd, so they never keep the
 * process alive.
 */
export function createThreadPool<R, T>(
  module: string | URL,
  options: ThreadPoolOptions = { maxIdle: 1, idleMs: 120_000 },
): ThreadPool<R, T> {
  const entry = typeof module === "string" ? sibling(module) : module.href;
  const idle: { worker: Worker; timer: NodeJS.Timeout }[] = [];
  const all = new Set<Worker>();
  let nextId = 1;

  function start(): Worker {
    const worker = new Worker(WORKER_ENTRY, { workerData: { entry } });
    all.add(worker);
    worker.on("exit", () => all.delete(worker));
    return worker;
  }

  function release(worker: Worker): void {
    if (idle.length >= options.maxIdle) {
      void worker.terminate();
      return;
    }
    worker.unref();
    const timer = setTimeout(() => {
      const at = idle.findIndex((i) => i.worker === worker);
      if (at >= 0) idle.splice(at, 1);
      void worker.terminate();
    }, options.idleMs);
    timer.unref();
    idle.push({ worker, timer });
  }

  return {
    run(request, onProgress) {
      const reused = idle.pop();
      if (reused) clearTimeout(reused.timer);
      const worker = reused?.worker ?? start();
      worker.ref();
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const finish = (reuse: boolean) => {
          worker.off("message", onMessage);
          worker.off("error", onError);
          worker.off("exit", onExit);
          if (reuse) release(worker);
          else void worker.terminate();
        };
        const onMessage = (message: ThreadMessage<T>) => {
          if (message.id !== id) return;
          if (message.type === "progress") onProgress?.(message.done, message.total);
          else if (message.type === "done") {
            finish(true);
            resolve(message.result);
          } else {
            finish(true);
            reject(errorFrom(message));
          }
        };
        const onError = (error: Error) => {
          finish(false);
          reject(error);
        };
        const onExit = (code: number) => {
          finish(false);
          reject(new Error(`audit thread ${String(module)} stopped with exit code ${code} before finishing`));
        };
        worker.on("message", onMessage);
        worker.on("error", onError);
        worker.on("exit", onExit);
        worker.postMessage({ id, request } satisfies ThreadRequest<R>);
      });
    },
    async close() {
      for (const { timer } of idle.splice(0)) clearTimeout(timer);
      await Promise.all([...all].map((w) => w.terminate()));
    },
  };
}

/** The error a thread reported, as the class the caller can tell apart. */
function errorFrom(message: { name: string; message: string }): Error {
  if (message.name === "CheckSelectionError") return new CheckSelectionError(message.message);
  if (message.name === "DataChangedError") return new DataChangedError(message.message);
  return new Error(message.message);
}

/**
 * The body of a pooled thread: runs each request it receives with `work`, posting progress and
 * then the result or the error. Called at the top level of worker.ts and second-thread.ts.
 */
export function serveThread<R, T>(
  port: { on(event: "message", listener: (message: ThreadRequest<R>) => void): unknown; postMessage(m: unknown): void },
  work: (request: R, onProgress: (done: number, total: number) => void) => Promise<T> | T,
): void {
  port.on("message", ({ id, request }) => {
    const post = (message: ThreadMessage<T>) => port.postMessage(message);
    void (async () => {
      try {
        const result = await work(request, (done, total) => post({ id, type: "progress", done, total }));
        post({ id, type: "done", result });
      } catch (error) {
        const e = error instanceof Error ? error : new Error(String(error));
        post({ id, type: "error", name: e.name, message: e.message });
      }
    })();
  });
}

/** What the audit thread is asked: one audit, on a connection of its own to `source`. */
export interface AuditThreadJob {
  source: AuditSource;
  task: AuditTaskRequest;
}

/** Opens the thread's own connection to the job's database (the module is loaded once per thread). */
export async function openThreadConnection(source: AuditSource, cacheKiB?: number): Promise<AuditConnection> {
  const { openAuditConnection } = (await import(source.module)) as AuditSourceModule;
  return openAuditConnection(source.location, cacheKiB === undefined ? {} : { cacheKiB });
}

/** What the second thread is asked: the heavy checks of that audit. */
export interface SecondThreadJob extends AuditThreadJob {
  request: SecondThreadRequest;
}

/**
 * Default for SecondThread.minRecords. On the 100k-contact bench file (335,200 records) two
 * threads take 1.0–1.2 s warm against 1.7–1.8 s for one, and about the same cold (docs/audit.md);
 * on a few thousand records the second thread's start-up is all there is to gain.
 */
export const SECOND_THREAD_MIN_RECORDS = 200_000;

/** The runner's second thread for one audit job, served by a pool of second threads. */
export function secondThreadFor(pool: ThreadPool<SecondThreadJob, CheckOutcomes>, job: AuditThreadJob): SecondThread {
  return {
    minRecords: job.task.secondThreadMinRecords ?? SECOND_THREAD_MIN_RECORDS,
    run: (request) => pool.run({ ...job, request }),
  };
}
