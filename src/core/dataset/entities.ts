/**
 * The canonical CRM dataset of docs/import.md, described once. The importer, the sample generator,
 * the bulk writer and the audit reader all derive their column lists from here, so a column
 * added to the contract is added in one place.
 */

export type ColumnType =
  | "string"
  | "timestamp" // ISO 8601 in CSV; epoch milliseconds in the database and in records
  | "boolean"
  | "number"
  | "integer"
  | "tags" // ';'-separated in CSV, stored as the same string
  | "country" // ISO 3166 alpha-2; names and variants ("Germany", "U.S.A.") are converted at import
  | { enum: readonly string[] };

export interface ColumnSpec {
  /** Column name in the canonical CSV file (snake_case). */
  csv: string;
  /** Column name in the database table and field name in records (camelCase). */
  field: string;
  type: ColumnType;
  required?: boolean;
  /** Value used when the CSV cell is blank. */
  default?: string | number | boolean;
  /** The entity whose external id this column references. */
  references?: EntityName;
  /**
   * For timestamps: which instant a date without a time (`2026-05-01`) stands for, in the
   * import's time zone (docs/import.md, "Dates without a time"). "start" (the default) is
   * 00:00 of that day; "end" is its last millisecond, for deadlines and "it happened that day"
   * evidence, so a task due today is not overdue before the day is over and a deal closed on
   * the day it was created is not closed before it.
   */
  dateOnly?: "start" | "end";
  /**
   * false: not a field the team fills in (the CRM maintains it, or blank has a meaning of its
   * own), so the audit's fill rates and unused-fields list leave it out (docs/audit.md).
   */
  filledByPeople?: false;
}

export interface EntitySpec {
  name: EntityName;
  file: string;
  table: string;
  columns: readonly ColumnSpec[];
}

export type EntityName = "users" | "companies" | "contacts" | "deals" | "tasks" | "activities" | "customer_feedback";

const id: ColumnSpec = { csv: "id", field: "id", type: "string", required: true };
const ts = (csv: string, field: string, required = false): ColumnSpec => ({ csv, field, type: "timestamp", required });
/** A timestamp whose date-only values mean the end of that day (see ColumnSpec.dateOnly). */
const dayEnd = (csv: string, field: string): ColumnSpec => ({ csv, field, type: "timestamp", dateOnly: "end" });
const str = (csv: string, field: string, required = false): ColumnSpec => ({ csv, field, type: "string", required });
const ref = (csv: string, field: string, references: EntityName, required = false): ColumnSpec => ({
  csv,
  field,
  type: "string",
  references,
  required,
});
const address: ColumnSpec[] = [
  str("street", "street"),
  str("city", "city"),
  str("postcode", "postcode"),
  str("state", "state"),
  { csv: "country", field: "country", type: "country" },
];

export const USER_ROLES = ["admin", "manager", "rep"] as const;
export const CONSENT_VALUES = ["granted", "withdrawn"] as const;
export const DEAL_STATUSES = ["open", "won", "lost"] as const;
export const TASK_STATUSES = ["open", "done"] as const;
export const ACTIVITY_TYPES = ["call", "email", "meeting", "sms", "note"] as const;
/**
 * `completed`: logged, it happened; `scheduled`: on the calendar for occurred_at. Blank reads as
 * completed, which is what every activity meant before the column existed.
 */
export const ACTIVITY_STATUSES = ["completed", "scheduled"] as const;
export const FEEDBACK_SCALES = ["csat5", "nps10"] as const;

/** In dependency order: an entity only references entities listed before it. */
export const ENTITIES: readonly EntitySpec[] = [
  {
    name: "users",
    file: "users.csv",
    table: "crm_users",
    columns: [
      id,
      str("name", "name", true),
      str("email", "email", true),
      { csv: "role", field: "role", type: { enum: USER_ROLES } },
      { csv: "active", field: "active", type: "boolean", default: true },
      dayEnd("last_login_at", "lastLoginAt"),
      { csv: "mfa_enabled", field: "mfaEnabled", type: "boolean" },
    ],
  },
  {
    name: "companies",
    file: "companies.csv",
    table: "companies",
    columns: [
      id,
      str("name", "name", true),
      str("domain", "domain"),
      str("industry", "industry"),
      str("phone", "phone"),
      ...address,
      ref("owner_id", "ownerId", "users"),
      str("lifecycle_stage", "lifecycleStage"),
      { csv: "tags", field: "tags", type: "tags" },
      ts("created_at", "createdAt", true),
      ts("updated_at", "updatedAt", true),
    ],
  },
  {
    name: "contacts",
    file: "contacts.csv",
    table: "contacts",
    columns: [
      id,
      str("first_name", "firstName"),
      str("last_name", "lastName"),
      str("email", "email"),
      str("phone", "phone"),
      str("job_title", "jobTitle"),
      ref("company_id", "companyId", "companies"),
      ref("owner_id", "ownerId", "users"),
      str("lifecycle_stage", "lifecycleStage"),
      ...address,
      { csv: "consent", field: "consent", type: { enum: CONSENT_VALUES } },
      ts("consent_at", "consentAt"),
      { csv: "tags", field: "tags", type: "tags" },
      ts("created_at", "createdAt", true),
      ts("updated_at", "updatedAt", true),
      dayEnd("last_activity_at", "lastActivityAt"),
    ],
  },
  {
    name: "deals",
    file: "deals.csv",
    table: "deals",
    columns: [
      id,
      str("name", "name", true),
      ref("company_id", "companyId", "companies"),
      ref("contact_id", "contactId", "contacts"),
      ref("owner_id", "ownerId", "users"),
      str("stage", "stage", true),
      { csv: "status", field: "status", type: { enum: DEAL_STATUSES }, required: true },
      { csv: "amount", field: "amount", type: "number" },
      str("currency", "currency"),
      dayEnd("expected_close_date", "expectedCloseDate"),
      dayEnd("closed_at", "closedAt"),
      str("lost_reason", "lostReason"),
      ts("created_at", "createdAt", true),
      ts("updated_at", "updatedAt", true),
      ts("stage_entered_at", "stageEnteredAt"),
      // The CRM's own "last activity" date (HubSpot Last Activity Date, Salesforce
      // LastActivityDate): evidence of activity beside the activities linked to the deal.
      { ...dayEnd("last_activity_at", "lastActivityAt"), filledByPeople: false },
    ],
  },
  {
    name: "tasks",
    file: "tasks.csv",
    table: "tasks",
    columns: [
      id,
      str("subject", "subject", true),
      ref("assignee_id", "assigneeId", "users"),
      dayEnd("due_at", "dueAt"),
      { csv: "status", field: "status", type: { enum: TASK_STATUSES }, required: true },
      ts("completed_at", "completedAt"),
      ref("deal_id", "dealId", "deals"),
      ref("contact_id", "contactId", "contacts"),
      ref("company_id", "companyId", "companies"),
      ts("created_at", "createdAt", true),
    ],
  },
  {
    name: "activities",
    file: "activities.csv",
    table: "activities",
    columns: [
      id,
      { csv: "type", field: "type", type: { enum: ACTIVITY_TYPES }, required: true },
      ref("user_id", "userId", "users", true),
      ts("occurred_at", "occurredAt", true),
      ref("contact_id", "contactId", "contacts"),
      ref("company_id", "companyId", "companies"),
      ref("deal_id", "dealId", "deals"),
      { csv: "status", field: "status", type: { enum: ACTIVITY_STATUSES }, filledByPeople: false },
    ],
  },
  {
    name: "customer_feedback",
    file: "customer_feedback.csv",
    table: "customer_feedback",
    columns: [
      id,
      { csv: "score", field: "score", type: "integer", required: true },
      { csv: "scale", field: "scale", type: { enum: FEEDBACK_SCALES }, required: true },
      ts("submitted_at", "submittedAt", true),
      ref("contact_id", "contactId", "contacts"),
      ref("company_id", "companyId", "companies"),
      str("comment", "comment"),
    ],
  },
];

export function entitySpec(name: EntityName): EntitySpec {
  const spec = ENTITIES.find((e) => e.name === name);
  if (!spec) throw new Error(`unknown entity ${name}`);
  return spec;
}
