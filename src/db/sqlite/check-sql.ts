/**
 * Set-based checks as SQL for SQLite (Check.setBased, src/core/checks/types.ts): per check id,
 * the table it flags and its condition over the canonical columns of that table (alias `t`).
 * Placeholders: {ws} the workspace, {asOf} the as-of instant, {name} a parameter the check's
 * setBased() returned. The conditions say exactly what the checks' visitors say (the
 * comparison test test/core/audit/set-based.test.ts runs both on the same data). One text for
 * both databases: the few fragments they spell differently come from a CheckSqlDialect
 * (PostgreSQL's is src/db/postgres/check-sql.ts; the store contract test compares the findings).
 *
 * Storage facts relied on (src/db/sqlite/audit-reader.ts): timestamps are INTEGER epoch ms on
 * SQLite (timestamp(3) on PostgreSQL, where the reader binds {asOf}, {cutoff} and {today} as
 * timestamps), booleans 0/1 (boolean), blanks NULL.
 */
import type { EntityName } from "../../core/dataset/entities.js";

export interface CheckSql {
  entity: EntityName;
  condition: string;
}

/** Every character JavaScript's String.prototype.trim removes, so "blank" reads as isBlank does. */
export const JS_WHITESPACE =
  "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";

/** Code points of JS_WHITESPACE: a value whose first character is none of them is not blank. */
const WHITESPACE_CODES = [...JS_WHITESPACE].map((c) => c.codePointAt(0)).join(", ");

/** What the two databases spell differently. */
export interface CheckSqlDialect {
  /** The code point of the first character. */
  firstCodePoint(column: string): string;
  /** The value with JS_WHITESPACE removed at both ends. */
  trim(column: string): string;
  /** The instant 1970-01-01T00:00:00Z in a timestamp column's type. */
  epochZero: string;
  /** `value IN` the elements of a JSON array of strings. */
  inJsonArray(value: string, array: string): string;
}

export const SQLITE_DIALECT: CheckSqlDialect = {
  firstCodePoint: (column) => `unicode(${column})`,
  trim: (column) => `TRIM(${column}, '${JS_WHITESPACE}')`,
  epochZero: "0",
  inJsonArray: (value, array) => `${value} IN (SELECT value FROM json_each(${array}))`,
};

/** The conditions of every set-based check in one dialect. */
export function checkSql(d: CheckSqlDialect): Readonly<Record<string, CheckSql>> {
  /**
   * isBlank (src/core/checks/util.ts): null or only whitespace. The first character's code point
   * is tested before any TRIM, so a filled value (nearly all of them) costs one comparison.
   */
  const blank = (column: string) =>
    `(${column} IS NULL OR ${column} = '' OR (${d.firstCodePoint(column)} IN (${WHITESPACE_CODES}) ` +
    `AND ${d.trim(column)} = ''))`;

  /** No activity linked through `key` dated in [{cutoff}, {asOf}]. */
  const noActivitySince = (key: string) =>
    `NOT EXISTS (SELECT 1 FROM "activities" a WHERE a."workspaceId" = {ws} AND a."${key}" = t."id" ` +
    `AND a."occurredAt" >= {cutoff} AND a."occurredAt" <= {asOf})`;

  /** lastTouch(contact) < {cutoff}: the latest of updatedAt, lastActivityAt and linked activity up to T. */
  const contactUntouched =
    `COALESCE(t."updatedAt", ${d.epochZero}) < {cutoff} AND (t."lastActivityAt" IS NULL OR t."lastActivityAt" < {cutoff}) ` +
    `AND ${noActivitySince("contactId")}`;

  /** An owner id naming a deactivated user (deactivatedOwners, src/core/checks/util.ts). */
  const ownerDeactivated =
    `t."ownerId" IS NOT NULL AND EXISTS (SELECT 1 FROM "crm_users" u WHERE u."workspaceId" = {ws} ` +
    `AND u."id" = ${d.trim(`t."ownerId"`)} AND u."active" = FALSE)`;

  const open = `t."status" = 'open'`;

  return {
    "contact.missing-email-and-phone": {
      entity: "contacts",
      condition: `${blank(`t."email"`)} AND ${blank(`t."phone"`)}`,
    },
    "contact.missing-owner": { entity: "contacts", condition: blank(`t."ownerId"`) },
    "contact.missing-company": { entity: "contacts", condition: blank(`t."companyId"`) },
    "contact.missing-lifecycle-stage": { entity: "contacts", condition: blank(`t."lifecycleStage"`) },
    "contact.stale": { entity: "contacts", condition: contactUntouched },
    "contact.retention-exceeded": { entity: "contacts", condition: contactUntouched },
    "contact.missing-consent": {
      entity: "contacts",
      // {countries}: the upper-cased codes as a JSON array.
      condition:
        `t."consent" IS NULL AND NOT ${blank(`t."country"`)} ` +
        `AND ${d.inJsonArray(`UPPER(${d.trim(`t."country"`)})`, "{countries}")}`,
    },
    "contact.contacted-after-withdrawal": {
      entity: "contacts",
      condition:
        `t."consent" = 'withdrawn' AND EXISTS (SELECT 1 FROM "activities" a WHERE a."workspaceId" = {ws} ` +
        `AND a."contactId" = t."id" AND a."occurredAt" <= {asOf} ` +
        `AND (t."consentAt" IS NULL OR a."occurredAt" > t."consentAt"))`,
    },
    "contact.owner-deactivated": { entity: "contacts", condition: ownerDeactivated },
    "deal.closed-before-created": {
      entity: "deals",
      condition: `t."closedAt" IS NOT NULL AND t."closedAt" < t."createdAt"`,
    },
    "deal.lost-without-reason": { entity: "deals", condition: `t."status" = 'lost' AND ${blank(`t."lostReason"`)}` },
    "deal.missing-amount": { entity: "deals", condition: `${open} AND t."amount" IS NULL` },
    "deal.missing-close-date": { entity: "deals", condition: `${open} AND t."expectedCloseDate" IS NULL` },
    "deal.missing-company": { entity: "deals", condition: `${open} AND ${blank(`t."companyId"`)}` },
    "deal.missing-owner": { entity: "deals", condition: `${open} AND ${blank(`t."ownerId"`)}` },
    "deal.no-recent-activity": {
      entity: "deals",
      condition: `${open} AND (t."lastActivityAt" IS NULL OR t."lastActivityAt" < {cutoff}) AND ${noActivitySince("dealId")}`,
    },
    "deal.owner-deactivated": { entity: "deals", condition: `${open} AND ${ownerDeactivated}` },
    "deal.past-close-date": {
      entity: "deals",
      condition: `${open} AND t."expectedCloseDate" IS NOT NULL AND t."expectedCloseDate" < {today}`,
    },
    "deal.stuck-in-stage": {
      entity: "deals",
      condition: `${open} AND t."stageEnteredAt" IS NOT NULL AND t."stageEnteredAt" < {cutoff}`,
    },
    "task.missing-due-date": { entity: "tasks", condition: `${open} AND t."dueAt" IS NULL` },
    "task.overdue": { entity: "tasks", condition: `${open} AND t."dueAt" IS NOT NULL AND t."dueAt" < {asOf}` },
    "task.unassigned": {
      entity: "tasks",
      condition:
        `${open} AND (${blank(`t."assigneeId"`)} OR NOT EXISTS (SELECT 1 FROM "crm_users" u ` +
        `WHERE u."workspaceId" = {ws} AND u."id" = t."assigneeId" AND u."active" = TRUE))`,
    },
    "activity.future-dated": {
      entity: "activities",
      condition: `(t."status" IS NULL OR t."status" <> 'scheduled') AND t."occurredAt" > {asOf}`,
    },
  };
}

export const SQLITE_CHECK_SQL = checkSql(SQLITE_DIALECT);
