/**
 * The durable outbox (docs/schedules.md, "Delivery"): every message the bot sends on its own is
 * a row first, unique by its delivery key, then drained by one instance at a time per row under
 * a lease. Implemented under src/db/stores/outbox.ts with SQL that runs on SQLite and PostgreSQL.
 */
import type { DeliveryTarget } from "../delivery.js";
import type { Message } from "../messages/model.js";

export type OutboxStatus = "queued" | "sending" | "sent" | "failed";

export interface NewOutboxRow {
  key: string;
  /** What the row belongs to (e.g. `schedule:<id>:<fire instant>`), for counting a fire's deliveries. */
  batch: string | null;
  workspaceId: string;
  target: DeliveryTarget;
  message: Message;
  notBefore: number;
  createdAt: number;
}

export interface OutboxRow extends NewOutboxRow {
  id: number;
  status: OutboxStatus;
  /** Claims so far, this one included. */
  attempts: number;
  /** A previous holder's lease expired while it was sending: the platform may already have it. */
  suspect: boolean;
  lastError: string | null;
}

export interface OutboxCounts {
  queued: number;
  sending: number;
  sent: number;
  failed: number;
}

export interface OutboxBatchSummary extends OutboxCounts {
  /** The distinct targets, as `platform:tenant:kind:id`. */
  targets: string[];
  /** The reasons of failed rows (distinct, at most five). */
  errors: string[];
}

export interface OutboxStore {
  /** Inserts the rows whose key is new; a key already present (any status) is left alone. Returns how many were new. */
  enqueue(rows: readonly NewOutboxRow[]): Promise<number>;
  /**
   * Claims up to `limit` due rows for `owner` until `leaseUntil`: queued rows whose notBefore has
   * come, and rows whose holder's lease expired while sending (returned with `suspect`).
   * Two callers never get the same row.
   */
  claim(owner: string, now: number, leaseUntil: number, limit: number): Promise<OutboxRow[]>;
  /** Extends the leases `owner` holds (a drainer that is alive keeps its rows). */
  renew(owner: string, leaseUntil: number): Promise<void>;
  /** Each of these only changes a row `owner` still holds; false when it no longer does. */
  markSent(id: number, owner: string, at: number, sentRef: string | null): Promise<boolean>;
  /** Back to queued, due at `notBefore` (a 429's Retry-After, a transient error's backoff). */
  reschedule(id: number, owner: string, notBefore: number, reason: string): Promise<boolean>;
  markFailed(id: number, owner: string, at: number, reason: string): Promise<boolean>;
  /** Gives back every row `owner` holds without counting the attempt (a drainer stopping). */
  release(owner: string): Promise<void>;
  batch(batch: string): Promise<OutboxBatchSummary>;
  counts(): Promise<OutboxCounts>;
  /** The earliest notBefore of a queued row, or null. */
  nextDue(): Promise<number | null>;
  byKey(key: string): Promise<OutboxRow | null>;
}

/** The bot's 1:1 conversation with each chat user (Slack DM channel, Teams personal chat). */
export interface PersonalChatStore {
  get(platform: string, tenantId: string, userId: string): Promise<string | null>;
  save(
    platform: string,
    tenantId: string,
    userId: string,
    workspaceId: string,
    conversationId: string,
    at: number,
  ): Promise<void>;
}
