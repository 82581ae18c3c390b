/**
 * The scheduler of `crm-audit serve` (docs/schedules.md). One node-cron task per active
 * schedule, in the schedule's zone, with noOverlap; the set is re-read from the database every
 * `reloadIntervalMs` (so a schedule added from chat, the CLI or another instance is picked up)
 * and right away through reload(). A fire:
 *
 * 1. re-reads its schedule (removed or paused since → nothing);
 * 2. claims (schedule, fire time) in the database: only the first claim wins, so a second
 *    instance on the same database, or a restart, never runs a fire twice. The fire time is the
 *    first instant of the local minute (cron.ts, fireInstant), so a local time the clocks pass
 *    twice when they go back is one fire;
 * 3. runs the kind, whose posts and messages go into the durable outbox under keys made of the
 *    schedule and the fire time (`schedule:<id>:<fire instant>`), and records the outcome.
 *
 * On start, the latest fire of each active schedule within the grace period (while no instance
 * was running) is run once, late: claimed like any other, so it never repeats one that ran.
 * A fire still "running" long after it started (its instance died mid-run) is taken over and
 * run again: its deliveries have the same keys, so what was already queued is not queued twice.
 */
import { createTask } from "node-cron";
import type { AuditService } from "../audit/types.js";
import type { CheckSettings } from "../checks/config.js";
import type { KpiSettings } from "../kpis/config.js";
import type { Logger } from "../../logger.js";
import { refusingDirectory, refusingDeliverer, type ChatDirectory, type Deliverer } from "../delivery.js";
import type { Message } from "../messages/model.js";
import type { ChatStores } from "../stores/chat.js";
import type { FireTrigger, Schedule } from "../stores/schedules.js";
import { fireInstant, nextFires, parseCron } from "./cron.js";
import { scheduleKind } from "./kinds/registry.js";

/** A running timer; node-cron's task in the app, a hand-driven one in tests. */
export interface TimerTask {
  stop(): void | Promise<void>;
}

export type CreateTimer = (cron: string, timeZone: string, onFire: (at: Date) => Promise<void>) => TimerTask;

export interface SchedulerDeps {
  stores: ChatStores;
  audit: AuditService;
  /** The configuration file's check settings (kinds that judge records use the same thresholds as the checks). */
  fileSettings: Readonly<Record<string, CheckSettings>>;
  /** The configuration file's `kpis:` and system users, for kinds that show KPIs (the report). */
  kpiSettings?: KpiSettings;
  logger: Logger;
  /** Who claims fires, for `schedule history` and the log: host and process id. */
  instanceId: string;
  /**
   * Where a fire's messages go: the outbox (src/core/outbox/drainer.ts, outboxDeliverer). Each
   * delivery is tagged with the fire's batch (`schedule:<id>:<fire instant>`) for history.
   */
  deliverer?: Deliverer;
  directory?: ChatDirectory;
  now(): number;
  createTimer?: CreateTimer;
  /** How often the schedules are re-read from the database. Default 15 s. */
  reloadIntervalMs?: number;
  /** How late a fire missed while the bot was down still runs on start; 0 runs none. Default 10 min. */
  graceMs?: number;
  /** A fire still running this long after it started is taken to be dead and run again. Default 15 min. */
  staleRunMs?: number;
}

export type FireResult = "posted" | "nothing to post" | "failed" | "claimed elsewhere" | "paused" | "gone";

/** How far back the start-up looks for fires missed while no instance ran. */
const CATCH_UP_LOOKBACK_MS = 24 * 60 * 60_000;

/** The outbox batch of one fire: its deliveries' keys start with it. */
export const fireBatch = (scheduleId: number, fireAt: number) => `schedule:${scheduleId}:${fireAt}`;

export interface Scheduler {
  start(): Promise<void>;
  /** Re-reads the schedules and starts, stops or replaces timers to match. */
  reload(): Promise<void>;
  /** Runs the fire of one schedule at this instant, once across instances (what each timer calls). */
  fire(
    schedule: Pick<Schedule, "workspaceId" | "id">,
    at: number,
    how?: { trigger?: FireTrigger; by?: string },
  ): Promise<FireResult>;
  /** Resolves when the start's catch-up of missed fires is done (with the fires it ran). */
  caughtUp(): Promise<number[]>;
  /** Resolves when the fires left running by a dead instance, found by the last reload, ran again. */
  recovered(): Promise<number[]>;
  /** The schedule ids that have a timer now. */
  active(): number[];
  stop(): Promise<void>;
}

const nodeCronTimer: CreateTimer = (cron, timeZone, onFire) => {
  const task = createTask(cron, (context) => onFire(context.date), { timezone: timeZone, noOverlap: true });
  void task.start();
  // Destroyed, not only stopped: node-cron keeps stopped tasks in its registry.
  return { stop: () => task.destroy() };
};

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const createTimer = deps.createTimer ?? nodeCronTimer;
  const timers = new Map<number, { key: string; task: TimerTask }>();
  let interval: ReturnType<typeof setInterval> | null = null;
  let reloading: Promise<void> = Promise.resolve();

  async function fire(
    ref: Pick<Schedule, "workspaceId" | "id">,
    at: number,
    how: { trigger?: FireTrigger; by?: string } = {},
  ): Promise<FireResult> {
    const trigger = how.trigger ?? "timer";
    const schedule = await deps.stores.schedules.get(ref.workspaceId, ref.id);
    if (!schedule) return "gone";
    // A fire by hand runs a paused schedule too: someone asked for it.
    if (schedule.paused && trigger !== "manual") return "paused";
    // A fire by hand is its own instant; a timer's is the first instant of its local minute.
    const fireAt = trigger === "manual" ? at : fireInstant(at, schedule.timeZone);
    const claimedBy = how.by ? `${deps.instanceId} (by ${how.by})` : deps.instanceId;
    const startedAt = deps.now();
    const claimed =
      (await deps.stores.schedules.claimFire(schedule.id, fireAt, claimedBy, startedAt, trigger)) ||
      (await deps.stores.schedules.retakeFire(
        schedule.id,
        fireAt,
        claimedBy,
        startedAt,
        startedAt - (deps.staleRunMs ?? 15 * 60_000),
      ));
    if (!claimed) return "claimed elsewhere";
    const log = {
      scheduleId: schedule.id,
      workspaceId: schedule.workspaceId,
      fireAt: new Date(fireAt).toISOString(),
      trigger,
    };
    const batch = fireBatch(schedule.id, fireAt);
    const deliverer: Deliverer = {
      deliver: (deliveries) =>
        (deps.deliverer ?? refusingDeliverer).deliver(deliveries.map((d) => ({ ...d, batch: d.batch ?? batch }))),
    };
    let posts = 0;
    try {
      const kind = scheduleKind(schedule.kind);
      if (!kind) throw new Error(`this version has no schedule kind "${schedule.kind}"`);
      const options = kind.meta.options.parse(schedule.options);
      const outcome = await kind.run({
        schedule,
        options,
        fireAt,
        audit: deps.audit,
        stores: deps.stores,
        fileSettings: deps.fileSettings,
        ...(deps.kpiSettings ? { kpiSettings: deps.kpiSettings } : {}),
        logger: deps.logger,
        post: (message: Message) => {
          // One key per post of this fire: the fire run again (taken over) queues nothing twice.
          const key = posts++ === 0 ? batch : `${batch}:${posts}`;
          const { target } = schedule;
          return deliverer.deliver([
            { workspaceId: schedule.workspaceId, target: { kind: "channel", ...target }, message, key },
          ]);
        },
        deliver: (deliveries) => deliverer.deliver(deliveries),
        directory: deps.directory ?? refusingDirectory,
      });
      await deps.stores.schedules.finishFire(schedule.id, fireAt, outcome, deps.now());
      deps.logger.info(`schedule fired: ${outcome}`, log);
      return outcome;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await deps.stores.schedules.finishFire(schedule.id, fireAt, "failed", deps.now(), message);
      deps.logger.error("schedule fire failed", { ...log, error: message });
      return "failed";
    }
  }

  /**
   * Runs again the fires left "running" by an instance that died mid-run (within the last day);
   * the retake in fire() lets one instance do it, and the keys keep deliveries from doubling.
   */
  async function recoverStale(schedules: readonly Schedule[]): Promise<number[]> {
    const now = deps.now();
    const byId = new Map(schedules.map((s) => [s.id, s]));
    const recovered: number[] = [];
    for (const stale of await deps.stores.schedules.runningSince(now - (deps.staleRunMs ?? 15 * 60_000))) {
      const s = byId.get(stale.scheduleId);
      if (!s || stale.fireAt < now - CATCH_UP_LOOKBACK_MS) continue;
      const result = await fire(s, stale.fireAt, { trigger: stale.trigger });
      if (result === "posted" || result === "nothing to post" || result === "failed") {
        recovered.push(s.id);
        deps.logger.warn("schedule fire left running by a dead instance ran again", {
          scheduleId: s.id,
          fireAt: new Date(stale.fireAt).toISOString(),
          claimedBy: stale.claimedBy,
          result,
        });
      }
    }
    return recovered;
  }

  let recovering: Promise<number[]> | null = null;

  async function sync(): Promise<void> {
    const all = await deps.stores.schedules.all();
    // In the background: running a fire again must not hold up the timers' reload.
    recovering ??= recoverStale(all)
      .catch((error: unknown) => {
        deps.logger.warn("running stale schedule fires again failed", { error: String(error) });
        return [];
      })
      .finally(() => (recovering = null));
    const schedules = all.filter((s) => !s.paused && scheduleKind(s.kind));
    const wanted = new Map(schedules.map((s) => [s.id, { s, key: `${s.cron}|${s.timeZone}` }]));
    for (const [id, timer] of timers) {
      if (wanted.get(id)?.key === timer.key) continue;
      await timer.task.stop();
      timers.delete(id);
    }
    for (const [id, { s, key }] of wanted) {
      if (timers.has(id)) continue;
      const ref = { workspaceId: s.workspaceId, id: s.id };
      const task = createTimer(s.cron, s.timeZone, async (at) => {
        await fire(ref, at.getTime()).catch((error: unknown) =>
          deps.logger.error("schedule fire failed", { scheduleId: id, error: String(error) }),
        );
      });
      timers.set(id, { key, task });
    }
  }

  /** The latest missed fire of each active schedule within the grace period, run once (claimed). */
  async function catchUp(): Promise<number[]> {
    const grace = Math.max(0, deps.graceMs ?? 10 * 60_000);
    const now = deps.now();
    const ran: number[] = [];
    for (const s of await deps.stores.schedules.all()) {
      if (s.paused || !scheduleKind(s.kind)) continue;
      // Since the schedule was made and its last recorded fire, within a day.
      const [last] = await deps.stores.schedules.fires(s.id, 1);
      const from = Math.max(now - CATCH_UP_LOOKBACK_MS, s.createdAt, (last?.fireAt ?? -Infinity) + 1);
      const missed = nextFires(parseCron(s.cron), s.timeZone, from - 1, 2000).filter((t) => t <= now);
      const latest = missed[missed.length - 1];
      if (latest === undefined) continue;
      if (grace > 0 && latest >= now - grace) {
        const result = await fire({ workspaceId: s.workspaceId, id: s.id }, latest, { trigger: "catch-up" });
        if (result === "posted" || result === "nothing to post" || result === "failed") ran.push(s.id);
        continue;
      }
      // Too late to run: recorded, so history says the fire was missed instead of nothing.
      if (await deps.stores.schedules.claimFire(s.id, latest, deps.instanceId, now, "catch-up")) {
        const reason = `missed while no instance was running (${missed.length} fire${missed.length === 1 ? "" : "s"}); more than ${Math.round(grace / 60_000)} min late, so not run`;
        await deps.stores.schedules.finishFire(s.id, latest, "skipped", now, reason);
        deps.logger.warn("schedule fire skipped", { scheduleId: s.id, fireAt: new Date(latest).toISOString(), reason });
      }
    }
    return ran;
  }
  let caughtUp: Promise<number[]> = Promise.resolve([]);

  // One reload at a time: two overlapping ones could start a schedule's timer twice.
  const reload = () => (reloading = reloading.then(sync, sync));

  return {
    async start() {
      await reload();
      caughtUp = catchUp().catch((error: unknown) => {
        deps.logger.warn("running missed schedule fires failed", { error: String(error) });
        return [];
      });
      interval = setInterval(() => {
        reload().catch((error: unknown) => deps.logger.warn("reloading schedules failed", { error: String(error) }));
      }, deps.reloadIntervalMs ?? 15_000);
      interval.unref();
    },
    reload,
    fire,
    caughtUp: () => caughtUp,
    recovered: () => recovering ?? Promise.resolve([]),
    active: () => [...timers.keys()].sort((a, b) => a - b),
    async stop() {
      if (interval) clearInterval(interval);
      await reloading.catch(() => undefined);
      await caughtUp;
      await recovering;
      for (const { task } of timers.values()) await task.stop();
      timers.clear();
    },
  };
}
