/**
 * Drains the outbox (docs/schedules.md, "Delivery"): claims due rows under a lease, hands each to
 * its platform's sender (which paces it under the platform's limits) and records the outcome.
 *
 * - A 429 reschedules the row at its Retry-After: never dropped, never counted as a failure.
 * - Any other error is retried with backoff until `maxAttempts`, then the row is failed with
 *   the reason; an error the sender calls permanent (no such channel, not installed) fails it at once.
 * - The lease is renewed while this instance lives. A row whose lease ran out while sending
 *   (the instance died between handing it to the platform and recording it) comes back
 *   `suspect`: its sender checks whether the platform already has it before sending again.
 */
import type { Logger } from "../../logger.js";
import type { Platform } from "../commands/types.js";
import type { Deliverer, Delivery } from "../delivery.js";
import { maskMessage } from "../messages/mask.js";
import type { OutboxRow, OutboxStore } from "../stores/outbox.js";
import { createIdleWait } from "../idle-wait.js";

export type SendOutcome =
  /** The platform has it (`ref`: where); `found` when a suspect row was found already there. */
  | { ok: true; ref: string | null; found?: boolean }
  /** Throttled: send again at `retryAfterMs` from now. */
  | { ok: false; retryAfterMs: number; reason: string }
  /** Will not work by retrying (no such conversation, the person has not installed the app). */
  | { ok: false; permanent: true; reason: string };

export interface OutboxSender {
  /**
   * Sends one row, paced under the platform's limits. For a `suspect` row, first checks whether
   * the platform already has it, when the platform lets it tell. Throws on a transient failure.
   */
  send(row: OutboxRow): Promise<SendOutcome>;
}

export class PermanentDeliveryError extends Error {}

export interface DrainerOptions {
  store: OutboxStore;
  senders: Partial<Record<Platform, OutboxSender>>;
  /** This instance (host:pid), the lease owner. */
  instanceId: string;
  logger: Logger;
  now?: () => number;
  /** How long a claim holds before another instance may take the row over. Default 2 min. */
  leaseMs?: number;
  /** Rows in flight at most (each waits in its channel's pacing queue). Default 200. */
  maxInFlight?: number;
  /** Transient failures before a row is failed. Default 5. */
  maxAttempts?: number;
  /** How often an idle drainer looks for due rows (rows queued here wake it at once). Default 1 s. */
  pollMs?: number;
  /** The first retry's delay after a transient failure, doubled per attempt. Default 5 s. */
  backoffMs?: number;
  /** Told about every row that failed for good (e.g. so reminders look the person up again). */
  onFailed?(row: OutboxRow, reason: string): Promise<void> | void;
}

export interface Drainer {
  start(): void;
  /** Claims and sends every row due now, and waits for them (tests and the CLI-free paths). */
  drainOnce(): Promise<number>;
  /** Wakes an idle drainer (rows were queued in this process). */
  kick(): void;
  /** Stops claiming, lets the sends under way finish, and gives back the rows not started. */
  stop(): Promise<void>;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createDrainer(options: DrainerOptions): Drainer {
  const { store, logger } = options;
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? 120_000;
  const maxInFlight = options.maxInFlight ?? 200;
  const maxAttempts = options.maxAttempts ?? 5;
  const backoffMs = options.backoffMs ?? 5_000;
  const owner = options.instanceId;
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  let loop: Promise<void> | null = null;
  const idle = createIdleWait();
  let renewTimer: ReturnType<typeof setInterval> | null = null;

  async function fail(row: OutboxRow, reason: string): Promise<void> {
    await store.markFailed(row.id, owner, now(), reason);
    try {
      await options.onFailed?.(row, reason);
    } catch (error) {
      logger.warn("outbox: handling a failed delivery failed", { key: row.key, error: describe(error) });
    }
  }

  async function handle(row: OutboxRow): Promise<void> {
    if (stopping) return; // given back by stop()
    const sender = options.senders[row.target.platform];
    const log = { key: row.key, platform: row.target.platform, attempt: row.attempts };
    if (!sender) {
      await fail(row, `${row.target.platform} is off on the instance that sent this`);
      return;
    }
    // A channel post is masked whoever built it (the same rule as the chat core's answers).
    const message =
      row.target.kind === "channel" ? maskMessage({ ...row.message, visibility: "channel" }) : row.message;
    let outcome: SendOutcome;
    try {
      outcome = await sender.send({ ...row, message });
    } catch (error) {
      const reason = describe(error);
      if (error instanceof PermanentDeliveryError || row.attempts >= maxAttempts) {
        const failed = error instanceof PermanentDeliveryError ? reason : `${reason} (after ${row.attempts} attempts)`;
        await fail(row, failed);
        logger.warn("outbox: delivery failed", { ...log, error: failed });
      } else {
        await store.reschedule(row.id, owner, now() + backoffMs * 2 ** (row.attempts - 1), reason);
        logger.info("outbox: delivery will be retried", { ...log, error: reason });
      }
      return;
    }
    if (outcome.ok) {
      if (!(await store.markSent(row.id, owner, now(), outcome.ref))) {
        logger.warn("outbox: a row was sent after its lease was lost", log);
      }
      if (outcome.found) logger.info("outbox: found already delivered; not sent again", log);
    } else if ("permanent" in outcome) {
      await fail(row, outcome.reason);
      logger.warn("outbox: delivery failed", { ...log, error: outcome.reason });
    } else {
      await store.reschedule(row.id, owner, now() + outcome.retryAfterMs, outcome.reason);
      logger.info("outbox: rate limited; rescheduled", { ...log, retryAfterMs: outcome.retryAfterMs });
    }
  }

  function track(row: OutboxRow): Promise<void> {
    const done: Promise<void> = handle(row)
      .catch((error: unknown) =>
        logger.error("outbox: recording a delivery failed", { key: row.key, error: describe(error) }),
      )
      .finally(() => {
        inFlight.delete(done);
        idle.wake();
      });
    inFlight.add(done);
    return done;
  }

  async function claimSome(): Promise<OutboxRow[]> {
    const room = maxInFlight - inFlight.size;
    if (room <= 0 || stopping) return [];
    const at = now();
    return store.claim(owner, at, at + leaseMs, room);
  }

  function renewing(): void {
    renewTimer ??= setInterval(
      () => {
        if (inFlight.size === 0) return;
        store
          .renew(owner, now() + leaseMs)
          .catch((error: unknown) => logger.warn("outbox: renewing leases failed", { error: describe(error) }));
      },
      Math.max(10, Math.floor(leaseMs / 3)),
    );
    renewTimer.unref?.();
  }

  async function run(): Promise<void> {
    renewing();
    while (!stopping) {
      let claimed = 0;
      try {
        const rows = await claimSome();
        claimed = rows.length;
        for (const row of rows) void track(row);
      } catch (error) {
        logger.warn("outbox: claiming failed", { error: describe(error) });
      }
      if (claimed > 0 && inFlight.size < maxInFlight) continue;
      await idle.sleep(options.pollMs ?? 1000);
    }
  }

  return {
    start() {
      loop ??= run();
    },
    async drainOnce() {
      let total = 0;
      for (;;) {
        const rows = await claimSome();
        if (rows.length === 0 && inFlight.size === 0) return total;
        total += rows.length;
        for (const row of rows) void track(row);
        if (rows.length === 0) await Promise.race(inFlight);
      }
    },
    kick() {
      idle.wake();
    },
    async stop() {
      stopping = true;
      idle.wake();
      await loop;
      await Promise.all(inFlight);
      if (renewTimer) clearInterval(renewTimer);
      await store.release(owner);
    },
  };
}

/**
 * The deliverer the core is given: deliveries become outbox rows (durable once this resolves),
 * and the local drainer is woken.
 */
export function outboxDeliverer(
  store: OutboxStore,
  options: { now?: () => number; onQueued?: () => void } = {},
): Deliverer {
  const now = options.now ?? Date.now;
  const deliver = async (deliveries: readonly Delivery[]) => {
    if (deliveries.length === 0) return;
    const at = now();
    await store.enqueue(
      deliveries.map((d) => ({
        key: d.key,
        batch: d.batch ?? null,
        workspaceId: d.workspaceId,
        target: d.target,
        message: d.message,
        notBefore: d.notBefore ?? at,
        createdAt: at,
      })),
    );
    options.onQueued?.();
  };
  return { deliver };
}
