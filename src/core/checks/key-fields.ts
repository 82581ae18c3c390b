/**
 * The stored fields each check looks at, per check id: what a record table shows beside the
 * record's id and name, and what `audit --format csv` writes as `values` (docs/audit.md). Only
 * columns of the check's table (derived facts such as a deal's latest activity are not stored);
 * a check not listed shows the id and the name only.
 */
export const KEY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  "activity.future-dated": ["type", "occurredAt"],
  "company.duplicate": ["domain", "phone", "city", "country"],
  "company.missing-owner": ["domain", "ownerId"],
  "company.owner-deactivated": ["domain", "ownerId"],
  "company.value-not-allowed": ["industry", "lifecycleStage", "country"],
  "contact.contacted-after-withdrawal": ["email", "consent", "consentAt", "lastActivityAt"],
  "contact.duplicate": ["email", "phone", "companyId"],
  "contact.invalid-email": ["email"],
  "contact.invalid-phone": ["phone", "country"],
  "contact.missing-company": ["email", "companyId"],
  "contact.missing-consent": ["email", "country", "consent"],
  "contact.missing-email-and-phone": ["email", "phone"],
  "contact.missing-lifecycle-stage": ["email", "lifecycleStage"],
  "contact.missing-owner": ["email", "ownerId"],
  "contact.owner-deactivated": ["email", "ownerId"],
  "contact.retention-exceeded": ["email", "lastActivityAt", "updatedAt"],
  "contact.stale": ["email", "lastActivityAt", "updatedAt"],
  "deal.closed-before-created": ["status", "createdAt", "closedAt"],
  "deal.lost-without-reason": ["status", "lostReason"],
  "deal.missing-amount": ["status", "amount"],
  "deal.missing-company": ["status", "companyId"],
  "deal.missing-close-date": ["status", "expectedCloseDate"],
  "deal.missing-owner": ["status", "ownerId"],
  "deal.no-recent-activity": ["status", "stage", "lastActivityAt", "updatedAt"],
  "deal.owner-deactivated": ["status", "ownerId"],
  "deal.past-close-date": ["status", "expectedCloseDate"],
  "deal.stuck-in-stage": ["stage", "stageEnteredAt"],
  "task.missing-due-date": ["status", "dueAt"],
  "task.overdue": ["status", "dueAt"],
  "task.unassigned": ["status", "assigneeId"],
  "user.dormant": ["email", "active", "lastLoginAt"],
  "user.inactive": ["email", "active", "lastLoginAt"],
  "user.mfa-disabled": ["email", "active", "mfaEnabled"],
  "user.no-recent-activity": ["email", "active", "lastLoginAt"],
  "user.shared-login": ["email", "active"],
  "user.too-many-admins": ["email", "role", "active"],
};

/** "lastLoginAt" → "Last login", "ownerId" → "Owner id": a column heading for a field. */
export function fieldLabel(field: string): string {
  const words = field
    .replace(/At$/, "")
    .replace(/([a-z])([A-Z0-9])/g, "$1 $2")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
