/**
 * Runs queued jobs on this instance (docs/jobs.md): every `serve` instance polls the jobs table,
 * claims one job at a time under a lease, renews the lease while it works (a heartbeat every
 * third of the lease), records the outcome and answers everyone who asked, wherever they asked,
 * through the Responders their platforms rebuild from the stored reply addresses.
 *
 * - A holder that dies stops renewing: once its lease runs out, any instance may claim the job
 *   again, until `maxAttempts` claims; then it is failed and the requesters are told why.
 * - An error the work itself raises (the audit failed) fails the job at once: retrying the same
 *   work elsewhere would fail the same way.
 * - On stop the runner gives its running job back (queued again, the attempt not counted), so
 *   another instance starts it at once rather than after the lease; a result this instance
 *   still produces is then no longer its to record (every change names the holder).
 * - Answers are sent after the outcome is recorded: at most once (an instance dying in between
 *   leaves the outcome stored but unannounced; `status` shows it).
 */
import type { Logger } from "../../logger.js";
import { maskMessage } from "../messages/mask.js";
import type { Message, Visibility } from "../messages/model.js";
import { jobGaveUpError } from "./messages.js";
import type { ResponderFactory } from "./reply-address.js";
import type { Job, JobKind, JobStore, NewJob } from "./store.js";
import { createIdleWait } from "../idle-wait.js";

/** What one kind of job does, and what its requesters are told. */
export interface JobHandler {
  kind: JobKind;
  /** Does the work; its value is stored as the job's result. Throws when the work failed. */
  run(job: Job): Promise<unknown>;
  /** The answer for a requester once the job is done. */
  outcome(job: Job, visibility: Visibility): Promise<Message>;
  /** The answer for a requester when the job failed with `error`. */
  failed(job: Job, error: string, visibility: Visibility): Message;
}

/** Finished jobs are kept this long (their outcome, for people looking into the table), then deleted. */
export const FINISHED_JOBS_KEPT_MS = 7 * 24 * 3600_000;
const PRUNE_EVERY_MS = 3600_000;

export type JobEvent = "queued" | "started" | "retried" | "finished" | "failed";

export interface JobRunnerOptions {
  store: JobStore;
  handlers: readonly JobHandler[];
  responders: ResponderFactory;
  /** This instance (host:pid); each claim's lease owner is derived from it. */
  instanceId: string;
  logger: Logger;
  /** How long a claim holds without a heartbeat before another instance may take the job. */
  leaseMs: number;
  /** How often an idle runner looks for jobs (jobs queued here wake it at once). */
  pollMs: number;
  /** Claims of one job before it is given up. */
  maxAttempts: number;
  now?: () => number;
  /** Counted by the caller (src/server/metrics.ts). */
  onEvent?(event: JobEvent, kind: JobKind): void;
}

/** What the chat core is given: queue work, or see what is queued. */
export interface JobQueue {
  submit(job: Omit<NewJob, "maxAttempts" | "at">): Promise<{ job: Job; queued: boolean }>;
  active(workspaceId: string, kind: JobKind): Promise<Job | null>;
}

export interface JobRunner extends JobQueue {
  start(): void;
  /** Wakes an idle runner (a job was queued in this process). */
  kick(): void;
  /** Claims and runs one job if there is one (tests). True when it ran one. */
  runOnce(): Promise<boolean>;
  /** Stops claiming and gives back the job under way (see above). */
  stop(): Promise<void>;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { store, logger } = options;
  const now = options.now ?? Date.now;
  const handlers = new Map(options.handlers.map((h) => [h.kind, h]));
  let claims = 0;
  let stopping = false;
  let loop: Promise<void> | null = null;
  const idle = createIdleWait();
  /** The lease owner of the job under way, if any. */
  let holding: string | null = null;
  /** The job under way was given back by stop(): its outcome is no longer this instance's. */
  let released = false;
  let pruneTimer: ReturnType<typeof setInterval> | null = null;

  function prune(): void {
    store
      .prune(now() - FINISHED_JOBS_KEPT_MS)
      .catch((error: unknown) => logger.warn("jobs: pruning finished jobs failed", { error: describe(error) }));
  }

  /** Answers every requester; one that cannot be reached does not stop the others. */
  async function announce(job: Job, message: (visibility: Visibility) => Promise<Message> | Message): Promise<void> {
    for (const requester of job.requesters) {
      try {
        const responder = await options.responders(requester.address, job.workspaceId);
        if (!responder) {
          logger.warn("jobs: no way to answer a requester from this instance", {
            jobId: job.id,
            platform: requester.address.platform,
          });
          continue;
        }
        // A channel answer is masked whoever built it (the chat core's rule for every answer).
        await responder.update(maskMessage(await message(requester.visibility)));
      } catch (error) {
        logger.warn("jobs: answering a requester failed", { jobId: job.id, error: describe(error) });
      }
    }
  }

  async function failed(job: Job, error: string): Promise<void> {
    options.onEvent?.("failed", job.kind);
    const handler = handlers.get(job.kind);
    if (handler) await announce(job, (visibility) => handler.failed(job, error, visibility));
  }

  /** Jobs whose holders kept dying: failed, and their requesters told. */
  async function sweep(): Promise<void> {
    const given = await store.expire(now(), "given up: each instance running it stopped before it finished");
    for (const job of given) {
      const error = jobGaveUpError(job.attempts);
      logger.warn("jobs: gave up a job", { jobId: job.id, kind: job.kind, attempts: job.attempts, error });
      await failed(job, error);
    }
  }

  async function execute(job: Job, owner: string): Promise<void> {
    const handler = handlers.get(job.kind);
    const log = { jobId: job.id, kind: job.kind, workspaceId: job.workspaceId, attempt: job.attempts };
    options.onEvent?.(job.attempts > 1 ? "retried" : "started", job.kind);
    logger.info(job.attempts > 1 ? "jobs: retrying a job" : "jobs: started a job", log);
    const heartbeat = setInterval(
      () => {
        store
          .renew(job.id, owner, now() + options.leaseMs)
          .then((held) => {
            if (!held) logger.warn("jobs: lost the lease of a job under way", log);
          })
          .catch((error: unknown) => logger.warn("jobs: renewing a lease failed", { ...log, error: describe(error) }));
      },
      Math.max(10, Math.floor(options.leaseMs / 3)),
    );
    heartbeat.unref?.();
    let result: unknown;
    let error: string | null = null;
    try {
      if (!handler) throw new Error(`no handler for jobs of kind "${job.kind}" on this instance`);
      result = await handler.run(job);
    } catch (thrown) {
      error = describe(thrown);
    } finally {
      clearInterval(heartbeat);
    }
    if (released) return logger.info("jobs: a job given back on stop ended here; not recorded", log);
    if (error !== null) {
      const recorded = await store.fail(job.id, owner, now(), error);
      if (!recorded) return logger.warn("jobs: a job failed after its lease was lost", { ...log, error });
      logger.warn("jobs: a job failed", { ...log, error });
      return failed(recorded, error);
    }
    const done = await store.finish(job.id, owner, now(), result);
    if (!done) return logger.warn("jobs: a job finished after its lease was lost; its outcome is not recorded", log);
    options.onEvent?.("finished", job.kind);
    logger.info("jobs: finished a job", { ...log, requesters: done.requesters.length });
    await announce(done, (visibility) => handler!.outcome(done, visibility));
  }

  async function runOnce(): Promise<boolean> {
    await sweep();
    if (stopping) return false;
    const owner = `${options.instanceId}#${++claims}`;
    const at = now();
    const job = await store.claim(owner, at, at + options.leaseMs);
    if (!job) return false;
    holding = owner;
    try {
      await execute(job, owner);
    } finally {
      holding = null;
    }
    return true;
  }

  async function run(): Promise<void> {
    while (!stopping) {
      let ran = false;
      try {
        ran = await runOnce();
      } catch (error) {
        logger.warn("jobs: claiming or recording a job failed", { error: describe(error) });
      }
      if (ran || stopping) continue;
      await idle.sleep(options.pollMs);
    }
  }

  return {
    async submit(job) {
      const submitted = await store.submit({ ...job, maxAttempts: options.maxAttempts, at: now() });
      if (submitted.queued) {
        options.onEvent?.("queued", job.kind);
        idle.wake();
      }
      return submitted;
    },
    active: (workspaceId, kind) => store.active(workspaceId, kind),
    start() {
      loop ??= run();
      if (!pruneTimer) {
        prune();
        pruneTimer = setInterval(prune, PRUNE_EVERY_MS);
        pruneTimer.unref?.();
      }
    },
    kick() {
      idle.wake();
    },
    runOnce,
    async stop() {
      stopping = true;
      if (pruneTimer) clearInterval(pruneTimer);
      idle.wake();
      // The job under way is given back now, not awaited: its work ends with the audit threads
      // (app.ts closes them next), and another instance claims it at once.
      if (holding) {
        released = true;
        await store.release(holding);
        return;
      }
      await loop?.catch(() => undefined);
    },
  };
}
