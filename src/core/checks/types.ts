/**
 * The unit of extension: one check per file, shaped like an ESLint rule (`meta` + `create`).
 * The audit runner streams each table once, in the order of VISIT_ORDER, and calls every
 * enabled check's visitor for each row, so N checks cost one scan, not N.
 */
import type { z } from "zod";
import { ENTITIES, type EntityName } from "../dataset/entities.js";
import type {
  ActivityRecord,
  CompanyRecord,
  ContactRecord,
  CrmUserRecord,
  CustomerFeedbackRecord,
  DealRecord,
  TaskRecord,
} from "../dataset/records.js";

export const CATEGORIES = ["data-quality", "process", "compliance", "usage", "security", "system"] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Weights used by the score formula (see src/core/audit/scores.ts). */
export const SEVERITY_WEIGHTS: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 5 };

/**
 * What fixing a check's findings takes (docs/checks.md, "Effort to fix"; the fix plan of
 * docs/plan.md ranks by it): one bulk change in the CRM, an owner's work on each record, or a
 * change of how the team works.
 */
export const EFFORTS = ["bulk", "per-record", "process"] as const;
export type Effort = (typeof EFFORTS)[number];

export interface CheckMeta {
  /** Stable public id from docs/checks.md, e.g. "contact.stale". Never change its meaning. */
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  /**
   * The kind of record the finding lists (duplicate checks list groups of these); "dataset" for
   * checks about the whole dataset, whose affected ids are entity names (dataset.count-drop), or
   * about the workspace's other data (survey rounds: `survey-<id>-round-<n>`).
   */
  entity: EntityName | "dataset";
  /** "records": a list of ids; "groups": a list of id groups (duplicates). */
  shape: "records" | "groups";
  /** What fixing its findings takes, for the fix plan (docs/plan.md). */
  effort: Effort;
  /** One line: why it matters. */
  why: string;
  /** One line: what to do about it. */
  fix: string;
  /**
   * Where the check is documented, relative to the repository root: its row in docs/checks.md,
   * e.g. "docs/checks.md#contactstale". Set by defineCheck from the id, so it cannot drift.
   */
  docs: string;
  /**
   * The check does heavy work of its own in finish() (duplicate detection): on large workspaces
   * the runner gives such checks a second thread, beside the pass that feeds all the others.
   */
  heavy?: boolean;
  /**
   * The outcome depends only on the records, the check's settings and (for "groups" checks) the
   * workspace's not-duplicate decisions: never on the as-of instant or the previous run. The
   * runner then reuses it while the data version is unchanged (src/core/audit/outcome-cache.ts).
   */
  outcomeCached?: boolean;
  /**
   * The fields the check reads, per table, for checks that need few columns of a wide table.
   * A pass in which every visitor of a table declared its fields reads only those columns (and
   * the metrics' own, src/core/audit/metrics.ts): duplicate detection reads 13 of the contacts'
   * columns. Rows then lack the other fields; test/core/checks/reads.test.ts holds
   * every declaration to what the check actually touches.
   */
  reads?: { readonly [E in EntityName]?: readonly (keyof AuditRows[E] & string)[] };
  /**
   * The inputs without which the check cannot tell anything, beyond records of its own entity:
   * "entity" (that table holds records), "entity.field" (the source had the column),
   * "entity.field:aspect" (e.g. "contacts.consent:granted"), "a|b" for either. When the source
   * did not supply one, the check is "not measured" and left out of the scores
   * (src/core/audit/measured.ts, docs/audit.md).
   */
  requires?: readonly string[];
}

/** Rows as the runner hands them to checks: the stored record plus derived facts as of T. */
export interface AuditRows {
  users: CrmUserRecord & {
    /** Latest activity by this user at or before T. */
    lastActivityAt: number | null;
    /** The import's extra columns as JSON object text (they can flag system users). */
    extra?: string | null;
  };
  companies: CompanyRecord;
  contacts: ContactRecord & {
    /** Latest occurred_at of an activity linked to this contact, at or before T. */
    lastLinkedActivityAt: number | null;
  };
  deals: DealRecord & {
    /** Latest occurred_at of an activity linked to this deal, at or before T. */
    lastLinkedActivityAt: number | null;
  };
  tasks: TaskRecord;
  activities: ActivityRecord;
  customer_feedback: CustomerFeedbackRecord;
}

/**
 * Tables are visited in the dataset's order (ENTITIES: a table after those it references), so a
 * check may remember users before it sees tasks, etc.
 */
export const VISIT_ORDER: readonly EntityName[] = ENTITIES.map((e) => e.name);

export type CheckVisitors = { [E in EntityName]?: (row: AuditRows[E]) => void } & {
  /** Called after every table was visited; group-level checks do their work here. */
  finish?: () => void;
};

export interface CheckContext<T> {
  /** The as-of instant T, epoch milliseconds. */
  asOf: number;
  thresholds: T;
  /** Record counts of this run (complete only in finish()). */
  counts: Readonly<Record<EntityName, number>>;
  /** Record counts of the previous run of the same workspace, if any. */
  previousCounts: Readonly<Record<EntityName, number>> | null;
  report(id: string): void;
  /** `detail`: why the records are one group (duplicate checks: the evidence and its weight). */
  reportGroup(ids: readonly string[], detail?: string): void;
  /**
   * Pairs of records someone decided are not duplicates (pairKey keys, src/core/duplicates),
   * for the duplicate checks; absent where no decisions are stored (tests, custom runners).
   */
  notDuplicates?: (entity: "contacts" | "companies") => ReadonlySet<string>;
  /**
   * The workspace's survey rounds started by T, with their invitations and stored answers
   * counted, read in the audit's snapshot; absent where the storage keeps no surveys.
   */
  surveyRounds?: () => readonly SurveyRoundCount[];
  /**
   * Adds a sentence to the finding that says how the check read the data when it had to
   * assume something (e.g. the region of phone numbers without a country code). Optional:
   * callers that do not show notes may leave it out.
   */
  note?(text: string): void;
}

/** A survey round as a check sees it (src/core/audit/stores.ts, SurveyAuditReader). */
export interface SurveyRoundCount {
  surveyId: number;
  round: number;
  invited: number;
  /** Submitted answers stored for the round. */
  answers: number;
}

export interface Check<S extends z.ZodType = z.ZodType> {
  meta: CheckMeta;
  /** zod schema of the thresholds, with defaults: `schema.parse({})` gives the defaults. */
  thresholds: S;
  /**
   * Why the check cannot judge anything with these settings (e.g. no allowed list defined),
   * or null: the audit then reports it "not measured" with that reason (docs/audit.md).
   */
  unmeasuredWith?(settings: z.output<S>): string | null;
  /**
   * The check is also written as SQL over the canonical columns (kept in the storage layer by
   * check id, src/db/sqlite/check-sql.ts), so the database returns only the ids it flags
   * instead of handing every row to `create`'s visitors. Returns the parameters that SQL binds
   * besides the workspace and the as-of, or null when these settings need the visitors.
   * Both forms must flag the same ids (test/core/audit/set-based.test.ts).
   */
  setBased?(settings: z.output<S>, asOf: number): Record<string, number | string> | null;
  create(context: CheckContext<z.output<S>>): CheckVisitors;
}

/** A check as its file writes it: everything but what defineCheck derives. */
export type CheckDefinition<S extends z.ZodType> = Omit<Check<S>, "meta"> & { meta: Omit<CheckMeta, "docs"> };

/** Keeps the threshold type flowing from the schema into `create`, and adds `meta.docs`. */
export function defineCheck<S extends z.ZodType>(check: CheckDefinition<S>): Check<S> {
  return { ...check, meta: { ...check.meta, docs: checkDocsLink(check.meta.id) } };
}

/**
 * The anchor GitHub gives a heading or `<a id>` named after the id: lower case, punctuation
 * other than "-" dropped ("contact.stale" → "contactstale"); ids are `[a-z]+\.[a-z-]+`.
 */
export function checkDocsLink(id: string): string {
  return `docs/checks.md#${id
    .toLowerCase()
    .replace(/[^a-z0-9_ -]/g, "")
    .replace(/ /g, "-")}`;
}

export { DAY_MS } from "../dataset/records.js";
