/**
 * What owner reminders keep (docs/reminders.md): the cache of CRM owners matched to chat users,
 * each chat user's reminder settings, and the ledger of what was sent (no nagging). It also
 * reads the whole open work of a workspace at once, as the checks read it, so a run judges
 * every owner's records, and records nobody owns, in one pass. Implemented under
 * src/db/stores/reminders.ts.
 */
import type { AuditRows } from "../checks/types.js";
import type { Platform } from "../commands/types.js";
import type { SuppliedColumn } from "./dataset-columns.js";
import type { PersonTask } from "./people.js";

/** A CRM owner's chat user as last looked up on one platform tenant. */
export interface OwnerMatch {
  crmUserId: string;
  /** The email it was looked up with: a changed email means a new lookup. */
  email: string;
  /** Null when nobody was found (then `reason` says why). */
  chatUserId: string | null;
  reason: string | null;
  /** The platform profile's zone, when it said. */
  timeZone: string | null;
  checkedAt: number;
  /** When a delivery to this chat user last failed: the next run looks them up again. */
  failedAt: number | null;
}

export interface ReminderSettings {
  enabled: boolean;
  /** Quiet hours as minutes after local midnight, [start, end); crosses midnight when start > end. */
  quiet: { start: number; end: number } | null;
  /** Weekdays reminders may arrive, 0 = Sunday … 6 = Saturday. */
  days: number[];
  /** Chosen with `reminders tz`; null: the platform profile's, else the schedule's. */
  timeZone: string | null;
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  enabled: true,
  quiet: null,
  days: [0, 1, 2, 3, 4, 5, 6],
  timeZone: null,
};

/** One (owner, record, reason) as last sent. */
export interface LedgerEntry {
  ownerId: string;
  recordType: "task" | "deal";
  recordId: string;
  reason: string;
  sentAt: number;
  /** How bad it was when sent (whole weeks late): a higher bucket now is "got worse". */
  bucket: number;
}

export interface ChatUserKey {
  platform: Platform;
  tenantId: string;
  userId: string;
}

export interface ReminderStore {
  /**
   * Every task and deal of the workspace as the checks read them (deals with their last activity
   * at or before asOf); tasks without `relatedTo`, which taskContexts gives for the few listed.
   */
  work(workspaceId: string, asOf: number): Promise<{ tasks: PersonTask[]; deals: AuditRows["deals"][] }>;
  /** The deal, contact or company these tasks are about, by name (PersonTask.relatedTo), by task id. */
  taskContexts(workspaceId: string, taskIds: readonly string[]): Promise<Map<string, string | null>>;
  /** What the imports supplied and how many records each entity has: whether a check can be measured. */
  supplied(workspaceId: string): Promise<{ columns: SuppliedColumn[]; counts: Record<string, number> }>;
  /** The workspace's chat admins on a platform tenant (they get unassigned items and "not mine" requests). */
  admins(workspaceId: string, platform: Platform, tenantId: string): Promise<string[]>;

  /** Chat users of the platform tenant linked to a CRM user (by email or `link`), as CRM user id → chat user id. */
  linkedChatUsers(workspaceId: string, platform: Platform, tenantId: string): Promise<Map<string, string>>;
  matches(workspaceId: string, platform: Platform, tenantId: string): Promise<OwnerMatch[]>;
  putMatch(workspaceId: string, platform: Platform, tenantId: string, match: OwnerMatch): Promise<void>;
  /** Several at once, in one transaction. */
  putMatches(workspaceId: string, platform: Platform, tenantId: string, matches: readonly OwnerMatch[]): Promise<void>;
  /** Notes a failed delivery to a chat user so the next run looks their owner up again. */
  matchFailed(workspaceId: string, platform: Platform, tenantId: string, chatUserId: string, at: number): Promise<void>;

  settings(key: ChatUserKey): Promise<ReminderSettings | null>;
  putSettings(key: ChatUserKey, workspaceId: string, settings: ReminderSettings): Promise<void>;

  /** Ledger entries of these owners. */
  ledger(workspaceId: string, ownerIds: readonly string[]): Promise<LedgerEntry[]>;
  record(workspaceId: string, entries: readonly LedgerEntry[]): Promise<void>;
}
