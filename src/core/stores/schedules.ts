/**
 * Schedules of a workspace and the claims on their fires (docs/schedules.md). Implemented on
 * SQLite under src/db/stores/schedules.ts; a fire is claimed by inserting its (schedule, fire
 * time) row under a unique key, so one instance alone runs it, across restarts and processes.
 */
import type { Platform } from "../commands/types.js";

export interface ScheduleTarget {
  platform: Platform;
  /** Slack team id, Teams tenant id, "local" for the console. */
  tenantId: string;
  /** Slack channel id, Teams conversation id, "console". */
  conversationId: string;
}

export interface Schedule {
  id: number;
  workspaceId: string;
  kind: string;
  cron: string;
  timeZone: string;
  target: ScheduleTarget;
  /** The kind's options as stored; the kind's zod schema reads them (kinds/registry.ts). */
  options: unknown;
  paused: boolean;
  createdBy: string;
  createdAt: number;
}

export type NewSchedule = Omit<Schedule, "id" | "paused">;

/** "skipped": missed while no instance was running, and found later than the grace period. */
export type FireOutcome = "running" | "posted" | "nothing to post" | "failed" | "skipped";

/** What started a fire: its timer, the start-up catch-up of a missed one, or `schedule run <id> --now`. */
export type FireTrigger = "timer" | "catch-up" | "manual";

export interface ScheduleFire {
  scheduleId: number;
  fireAt: number;
  claimedBy: string;
  startedAt: number;
  finishedAt: number | null;
  outcome: FireOutcome;
  error: string | null;
  trigger: FireTrigger;
}

export interface ScheduleStore {
  list(workspaceId: string): Promise<Schedule[]>;
  /** Every schedule of every workspace, for the scheduler. */
  all(): Promise<Schedule[]>;
  get(workspaceId: string, id: number): Promise<Schedule | null>;
  add(schedule: NewSchedule): Promise<Schedule>;
  /** False when the workspace has no such schedule. */
  remove(workspaceId: string, id: number): Promise<boolean>;
  setPaused(workspaceId: string, id: number, paused: boolean): Promise<boolean>;
  /** True for the one caller whose claim on this fire was the first; false for every other. */
  claimFire(
    scheduleId: number,
    fireAt: number,
    claimedBy: string,
    startedAt: number,
    trigger?: FireTrigger,
  ): Promise<boolean>;
  /**
   * Takes over a fire still "running" that started before `staleBefore` (its instance died);
   * true for the one caller that did.
   */
  retakeFire(
    scheduleId: number,
    fireAt: number,
    claimedBy: string,
    startedAt: number,
    staleBefore: number,
  ): Promise<boolean>;
  finishFire(
    scheduleId: number,
    fireAt: number,
    outcome: FireOutcome,
    finishedAt: number,
    error?: string,
  ): Promise<void>;
  /** Fires of every schedule still "running" that started before this instant (their instance may be dead). */
  runningSince(startedBefore: number): Promise<ScheduleFire[]>;
  /** The latest fires of a schedule, newest first. */
  fires(scheduleId: number, limit: number): Promise<ScheduleFire[]>;
}
