/**
 * The floor for the set-based checks: the same conditions as docs/checks.md, written by hand as
 * SQL and run straight on the SQLite file (ids fetched, as the audit collects them). The audit
 * engine cannot beat this with the same storage; the benchmark reports audit / floor.
 * Not part of the product: checks that need code (email/phone validation, duplicates) have no floor.
 */
import type { SqliteDatabase } from "../src/db/database.js";

const DAY = 86_400_000;
const EU_EEA_GB = [
  "AT",
  "BE",
  "BG",
  "HR",
  "CY",
  "CZ",
  "DK",
  "EE",
  "FI",
  "FR",
  "DE",
  "GR",
  "HU",
  "IE",
  "IT",
  "LV",
  "LT",
  "LU",
  "MT",
  "NL",
  "PL",
  "PT",
  "RO",
  "SK",
  "SI",
  "ES",
  "SE",
  "IS",
  "LI",
  "NO",
  "GB",
]
  .map((c) => `'${c}'`)
  .join(",");

/** Check id → SQL returning the affected ids; parameters @ws and @t (as-of, epoch ms). */
export const SET_BASED_CHECKS_SQL: Record<string, string> = {
  "contact.missing-email-and-phone": `SELECT id FROM contacts WHERE workspaceId=@ws AND COALESCE(email,'')='' AND COALESCE(phone,'')=''`,
  "contact.missing-owner": `SELECT id FROM contacts WHERE workspaceId=@ws AND COALESCE(ownerId,'')=''`,
  "contact.missing-company": `SELECT id FROM contacts WHERE workspaceId=@ws AND COALESCE(companyId,'')=''`,
  "contact.missing-lifecycle-stage": `SELECT id FROM contacts WHERE workspaceId=@ws AND COALESCE(lifecycleStage,'')=''`,
  "contact.stale": lastTouchBefore(365),
  "contact.retention-exceeded": lastTouchBefore(3 * 365),
  "contact.missing-consent": `SELECT id FROM contacts WHERE workspaceId=@ws AND UPPER(country) IN (${EU_EEA_GB}) AND consent IS NULL`,
  "contact.contacted-after-withdrawal": `SELECT c.id FROM contacts c WHERE c.workspaceId=@ws AND c.consent='withdrawn'
     AND EXISTS (SELECT 1 FROM activities a WHERE a.workspaceId=@ws AND a.contactId=c.id
                 AND a.occurredAt > COALESCE(c.consentAt, -1e15) AND a.occurredAt <= @t)`,
  "task.overdue": `SELECT id FROM tasks WHERE workspaceId=@ws AND status='open' AND dueAt < @t`,
  "task.missing-due-date": `SELECT id FROM tasks WHERE workspaceId=@ws AND status='open' AND dueAt IS NULL`,
  "task.unassigned": `SELECT t.id FROM tasks t WHERE t.workspaceId=@ws AND t.status='open' AND (t.assigneeId IS NULL OR NOT EXISTS
     (SELECT 1 FROM crm_users u WHERE u.workspaceId=@ws AND u.id=t.assigneeId AND u.active=1))`,
  "deal.past-close-date": `SELECT id FROM deals WHERE workspaceId=@ws AND status='open' AND expectedCloseDate < (@t - @t % ${DAY})`,
  "deal.missing-close-date": `SELECT id FROM deals WHERE workspaceId=@ws AND status='open' AND expectedCloseDate IS NULL`,
  "deal.missing-amount": `SELECT id FROM deals WHERE workspaceId=@ws AND status='open' AND amount IS NULL`,
  "deal.missing-owner": `SELECT id FROM deals WHERE workspaceId=@ws AND status='open' AND COALESCE(ownerId,'')=''`,
  "deal.stuck-in-stage": `SELECT id FROM deals WHERE workspaceId=@ws AND status='open' AND stageEnteredAt < @t - ${60 * DAY}`,
  "deal.no-recent-activity": `SELECT d.id FROM deals d WHERE d.workspaceId=@ws AND d.status='open' AND NOT EXISTS
     (SELECT 1 FROM activities a WHERE a.workspaceId=@ws AND a.dealId=d.id AND a.occurredAt >= @t - ${30 * DAY} AND a.occurredAt <= @t)`,
  "deal.lost-without-reason": `SELECT id FROM deals WHERE workspaceId=@ws AND status='lost' AND COALESCE(lostReason,'')=''`,
  "deal.closed-before-created": `SELECT id FROM deals WHERE workspaceId=@ws AND closedAt < createdAt`,
  "user.inactive": `SELECT id FROM crm_users WHERE workspaceId=@ws AND active=1 AND (lastLoginAt IS NULL OR lastLoginAt < @t - ${30 * DAY})`,
  "user.dormant": `SELECT id FROM crm_users WHERE workspaceId=@ws AND active=1 AND (lastLoginAt IS NULL OR lastLoginAt < @t - ${90 * DAY})`,
  "user.no-recent-activity": `SELECT u.id FROM crm_users u WHERE u.workspaceId=@ws AND u.active=1 AND NOT EXISTS
     (SELECT 1 FROM activities a WHERE a.workspaceId=@ws AND a.userId=u.id AND a.occurredAt >= @t - ${30 * DAY} AND a.occurredAt <= @t)`,
  "user.mfa-disabled": `SELECT id FROM crm_users WHERE workspaceId=@ws AND active=1 AND mfaEnabled=0`,
  "user.shared-login": `SELECT id FROM crm_users WHERE workspaceId=@ws AND LOWER(SUBSTR(email, 1, INSTR(email, '@') - 1))
     IN ('sales','info','admin','team','support','crm','hello','contact','office','marketing','noreply','no-reply')`,
  "user.too-many-admins": `SELECT id FROM crm_users WHERE workspaceId=@ws AND active=1 AND role='admin'
     AND (SELECT COUNT(*) FROM crm_users WHERE workspaceId=@ws AND active=1 AND role='admin') >
         MAX(2, 0.1 * (SELECT COUNT(*) FROM crm_users WHERE workspaceId=@ws AND active=1))`,
  "activity.future-dated": `SELECT id FROM activities WHERE workspaceId=@ws AND occurredAt > @t`,
};

function lastTouchBefore(days: number): string {
  return `SELECT c.id FROM contacts c LEFT JOIN (SELECT contactId AS k, MAX(occurredAt) AS m FROM activities
     WHERE workspaceId=@ws AND contactId IS NOT NULL AND occurredAt <= @t GROUP BY contactId) a ON a.k = c.id
     WHERE c.workspaceId=@ws AND MAX(c.updatedAt, COALESCE(c.lastActivityAt, 0), COALESCE(a.m, 0)) < @t - ${days * DAY}`;
}

/** Runs every floor query; returns seconds and affected counts per check. */
export function runSqlFloor(sqlite: SqliteDatabase, workspaceId: string, asOf: number) {
  const started = performance.now();
  const counts: Record<string, number> = {};
  for (const [id, sql] of Object.entries(SET_BASED_CHECKS_SQL)) {
    counts[id] = sqlite.prepare(sql).pluck().all({ ws: workspaceId, t: asOf }).length;
  }
  return { seconds: (performance.now() - started) / 1000, counts };
}
