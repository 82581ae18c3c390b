/** Small shared rules of the check catalogue, so every check reads "blank" and "older than" alike. */
import { z } from "zod";
import { DAY_MS, type CheckContext, type CheckVisitors } from "./types.js";

// Record fields are null when blank (records.ts); checks test them with `== null` so a row
// assembled without the field (undefined) is read as blank too, never as present.

/** A field is blank when it is missing or only whitespace (the importer stores blanks as null). */
export function isBlank(value: string | null | undefined): boolean {
  return value === null || value === undefined || value.trim() === "";
}

/** A contact's last touch (docs/checks.md): the latest of updated_at, last_activity_at and linked activity. */
export function lastTouch(contact: {
  updatedAt: number;
  lastActivityAt: number | null;
  lastLinkedActivityAt: number | null;
}): number {
  return Math.max(contact.updatedAt, contact.lastActivityAt ?? -Infinity, contact.lastLinkedActivityAt ?? -Infinity);
}

/**
 * A deal's latest activity evidence (docs/checks.md): the latest activity linked to it at or
 * before T, or the CRM's own last-activity date for the deal (`last_activity_at`), whichever is
 * later; null when there is neither.
 */
export function lastDealActivity(deal: {
  lastActivityAt?: number | null;
  lastLinkedActivityAt?: number | null;
}): number | null {
  const latest = Math.max(deal.lastActivityAt ?? -Infinity, deal.lastLinkedActivityAt ?? -Infinity);
  return latest === -Infinity ? null : latest;
}

/** True when `timestamp` lies strictly more than `days` days before `asOf` (exactly `days` is not). */
export function moreThanDaysBefore(timestamp: number, asOf: number, days: number): boolean {
  return asOf - timestamp > days * DAY_MS;
}

/** "Never, or more than `days` days before T": how the login and activity checks read a last date. */
export function neverOrMoreThanDaysBefore(timestamp: number | null | undefined, asOf: number, days: number): boolean {
  return timestamp == null || moreThanDaysBefore(timestamp, asOf, days);
}

/**
 * Visitors of the three "quiet user" checks (user.inactive, user.dormant,
 * user.no-recent-activity): report each active user whose `field` is never set or more than
 * `days` days before T. The window [T − days, T] is closed, as for deal.no-recent-activity.
 */
export function reportQuietActiveUsers(
  context: CheckContext<{ days: number }>,
  field: "lastLoginAt" | "lastActivityAt",
): CheckVisitors {
  const { asOf, thresholds } = context;
  return {
    users(user) {
      if (user.active && neverOrMoreThanDaysBefore(user[field], asOf, thresholds.days)) context.report(user.id);
    },
  };
}

/** Midnight UTC of the day containing `instant`. */
export function startOfUtcDay(instant: number): number {
  return Math.floor(instant / DAY_MS) * DAY_MS;
}

/** A threshold counted in whole days, positive. */
export function daysThreshold(defaultDays: number) {
  return z.number().int().positive().default(defaultDays);
}

/** The thresholds schema of a check that has none: `{}` (unknown keys are an error). */
export const noThresholds = z.strictObject({});

/**
 * Visitors of the "owned by a deactivated user" checks: remembers the users whose account is
 * deactivated (users are visited first) and tells whether an owner id is one of them. An owner
 * id that is not in the users table is not judged: many exports carry no users at all.
 */
export function deactivatedOwners(): {
  users: CheckVisitors["users"];
  isDeactivated: (ownerId: string | null) => boolean;
} {
  const deactivated = new Set<string>();
  return {
    users(user) {
      if (!user.active) deactivated.add(user.id);
    },
    isDeactivated: (ownerId) => ownerId !== null && ownerId !== undefined && deactivated.has(ownerId.trim()),
  };
}
