/**
 * Stored CRM records as the core sees them: timestamps are epoch milliseconds (UTC),
 * blanks are null. Field names match `entities.ts`.
 */
import type {
  ACTIVITY_STATUSES,
  ACTIVITY_TYPES,
  CONSENT_VALUES,
  DEAL_STATUSES,
  FEEDBACK_SCALES,
  TASK_STATUSES,
  USER_ROLES,
} from "./entities.js";

type Millis = number;

/** One day in the epoch milliseconds of the records' timestamps. */
export const DAY_MS = 86_400_000;

export interface CrmUserRecord {
  id: string;
  name: string;
  email: string;
  role: (typeof USER_ROLES)[number] | null;
  active: boolean;
  lastLoginAt: Millis | null;
  mfaEnabled: boolean | null;
}

interface Address {
  street: string | null;
  city: string | null;
  postcode: string | null;
  state: string | null;
  /** ISO 3166 alpha-2 */
  country: string | null;
}

export interface CompanyRecord extends Address {
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  phone: string | null;
  /**
   * Derived at import from `phone` and `country` (not CSV columns): the E.164 form (null when
   * the text is no phone number) and whether the number is valid; both null when there is no
   * phone, and absent or null for rows stored before the importer computed them.
   */
  phoneE164?: string | null;
  phoneValid?: boolean | null;
  /**
   * Derived at import from `name` for duplicate detection (src/core/duplicates/stored-keys.ts);
   * absent or null where it was not computed.
   */
  nameKey?: string | null;
  ownerId: string | null;
  lifecycleStage: string | null;
  tags: string | null;
  createdAt: Millis;
  updatedAt: Millis;
}

export interface ContactRecord extends Address {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  /**
   * Derived at import from `phone` and `country` (not CSV columns): the E.164 form (null when
   * the text is no phone number) and whether the number is valid; both null when there is no
   * phone, and absent or null for rows stored before the importer computed them.
   */
  phoneE164?: string | null;
  phoneValid?: boolean | null;
  /**
   * Derived at import, each from its own source column, for duplicate detection
   * (src/core/duplicates/stored-keys.ts); absent or null where it was not computed.
   */
  firstNameKey?: string | null;
  lastNameKey?: string | null;
  emailKey?: string | null;
  phoneKey?: string | null;
  streetKey?: string | null;
  postcodeKey?: string | null;
  jobTitle: string | null;
  companyId: string | null;
  ownerId: string | null;
  lifecycleStage: string | null;
  consent: (typeof CONSENT_VALUES)[number] | null;
  consentAt: Millis | null;
  tags: string | null;
  createdAt: Millis;
  updatedAt: Millis;
  lastActivityAt: Millis | null;
}

export interface DealRecord {
  id: string;
  name: string;
  companyId: string | null;
  contactId: string | null;
  ownerId: string | null;
  stage: string;
  status: (typeof DEAL_STATUSES)[number];
  amount: number | null;
  currency: string | null;
  expectedCloseDate: Millis | null;
  closedAt: Millis | null;
  lostReason: string | null;
  createdAt: Millis;
  updatedAt: Millis;
  stageEnteredAt: Millis | null;
  /** The CRM's own last-activity date for the deal, when the export carries one. */
  lastActivityAt: Millis | null;
}

export interface TaskRecord {
  id: string;
  subject: string;
  assigneeId: string | null;
  dueAt: Millis | null;
  status: (typeof TASK_STATUSES)[number];
  completedAt: Millis | null;
  dealId: string | null;
  contactId: string | null;
  companyId: string | null;
  createdAt: Millis;
}

export interface ActivityRecord {
  id: string;
  type: (typeof ACTIVITY_TYPES)[number];
  userId: string;
  occurredAt: Millis;
  contactId: string | null;
  companyId: string | null;
  dealId: string | null;
  /** null (blank) is read as "completed": logged activities, as before the column existed. */
  status: (typeof ACTIVITY_STATUSES)[number] | null;
}

export interface CustomerFeedbackRecord {
  id: string;
  score: number;
  scale: (typeof FEEDBACK_SCALES)[number];
  submittedAt: Millis;
  contactId: string | null;
  companyId: string | null;
  comment: string | null;
}
