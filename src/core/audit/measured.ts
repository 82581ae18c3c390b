/**
 * Whether a check can be measured on a workspace's data, and if not, why (docs/audit.md, "Not
 * measured"). A check is not measured when the records it examines are absent (no users, no
 * deals), or when an input it declares in `meta.requires` was not supplied by the source, as the
 * imports recorded it (src/core/stores/dataset-columns.ts): a HubSpot export has no login dates,
 * so "inactive users" would flag every owner. Such a check reports nothing and counts in no score.
 *
 * Requirements are strings: "entity" (the table holds records), "entity.field" (the source had
 * the column), "entity.field:aspect" (the source can express that aspect of the field, e.g.
 * "contacts.consent:granted": an export that only says who unsubscribed cannot say who
 * consented); "a|b" is met when either is; "surveys" is met when the workspace ran a survey. Workspaces whose imports recorded nothing (imported
 * before the record existed) are taken to supply every column.
 */
import type { CheckMeta } from "../checks/types.js";
import type { AuditMetrics } from "./types.js";
import { entitySpec, ENTITIES, type EntityName } from "../dataset/entities.js";
import type { SuppliedColumn } from "../stores/dataset-columns.js";

export type MeasureStatus = "measured" | "not-measured";

/** Source names the importer records for sources that are not presets. */
export const CANONICAL_SOURCE = "canonical bundle";
export const MAPPING_SOURCE = "mapping file";

/** How a reason names an input (falls back to the entity and the CSV column name). */
const INPUT_NOUNS: Record<string, string> = {
  users: "users",
  activities: "activities (calls, emails, meetings)",
  tasks: "tasks",
  deals: "deals",
  contacts: "contacts",
  companies: "companies",
  customer_feedback: "customer feedback",
  "users.lastLoginAt": "login dates",
  "users.mfaEnabled": "MFA settings",
  "users.role": "user roles",
  "users.email": "user email addresses",
  "contacts.lifecycleStage": "contact lifecycle stages",
  "contacts.consent": "consent",
  "contacts.consent:granted": "consent grants (a legal basis for processing)",
  "contacts.country": "contact countries",
  "contacts.ownerId": "contact owners",
  "contacts.companyId": "contact companies",
  "contacts.email": "contact email addresses",
  "contacts.phone": "contact phone numbers",
  "deals.expectedCloseDate": "expected close dates",
  "deals.amount": "deal amounts",
  "deals.ownerId": "deal owners",
  "deals.lostReason": "lost reasons",
  "deals.stageEnteredAt": "stage-entered dates",
  "deals.closedAt": "close dates of closed deals",
  "tasks.dueAt": "task due dates",
  "tasks.assigneeId": "task assignees",
};

function csvName(entity: EntityName, field: string): string {
  return entitySpec(entity).columns.find((c) => c.field === field)?.csv ?? field;
}

/** The words a reason uses for an input, e.g. "login dates". */
export function inputNoun(input: string): string {
  const known = INPUT_NOUNS[input];
  if (known) return known;
  const [entity, rest] = input.split(".") as [EntityName, string | undefined];
  if (!rest) return entity.replace("_", " ");
  const [field, aspect] = rest.split(":");
  return `${entity.replace("_", " ")} ${csvName(entity, field!)}${aspect ? ` (${aspect})` : ""}`;
}

function sourcePhrase(source: string, input: string, hint: string | null): string {
  const noun = inputNoun(input);
  const add = hint ? `; ${hint}` : "";
  if (source === CANONICAL_SOURCE || source === MAPPING_SOURCE) {
    const [entity, rest] = input.split(".") as [EntityName, string | undefined];
    if (!rest) return `the imported data has no ${noun}${add}`;
    const csv = csvName(entity, rest.split(":")[0]!);
    return source === MAPPING_SOURCE
      ? `the mapping file maps no column to ${entity} ${csv} (${noun})${add}`
      : `the imported ${entitySpec(entity).file} has no ${noun} (column ${csv})${add}`;
  }
  return `${source} exports carry no ${noun}${add}`;
}

/** The requirement of checks that read the workspace's survey rounds rather than a CRM table. */
export const SURVEYS_REQUIREMENT = "surveys";

/** What the workspace's imports recorded, looked up by "entity.column". */
export class SuppliedData {
  private readonly byKey = new Map<string, SuppliedColumn>();
  private readonly entities = new Map<EntityName, string>();

  /**
   * `surveyRounds`: how many survey rounds the workspace started by T, or null where the storage
   * keeps no surveys; the requirement "surveys" is met by at least one.
   */
  constructor(
    columns: readonly SuppliedColumn[],
    private readonly counts: Readonly<Record<EntityName, number>>,
    private readonly surveyRounds: number | null = null,
  ) {
    for (const c of columns) {
      this.byKey.set(`${c.entity}.${c.column}`, c);
      this.entities.set(c.entity, c.source);
    }
  }

  /** A source the workspace's imports recorded (the first listed), if any. */
  private anySource(): string | null {
    for (const source of this.entities.values()) return source;
    return null;
  }

  /** Why one alternative of a requirement is not met, or null when it is. */
  private unmet(input: string): string | null {
    if (input === SURVEYS_REQUIREMENT) {
      if (this.surveyRounds === null) return "this storage keeps no surveys";
      return this.surveyRounds > 0 ? null : "no survey yet";
    }
    const [entityName, rest] = input.split(".") as [EntityName, string | undefined];
    if (!ENTITIES.some((e) => e.name === entityName)) throw new Error(`unknown entity in requirement "${input}"`);
    if (!rest) return this.emptyReason(entityName);
    // An entity whose imports recorded nothing: assume its columns are all there (older imports).
    if (!this.entities.has(entityName)) return null;
    const [field, aspect] = rest.split(":");
    const known = (aspect && this.byKey.get(input)) || this.byKey.get(`${entityName}.${field}`);
    if (!known || known.supplied) return null;
    return sourcePhrase(known.source, input, known.hint);
  }

  /** Why a table offers nothing to examine, or null when it holds records. */
  emptyReason(entity: EntityName): string | null {
    if (this.counts[entity] > 0) return null;
    const source = this.entities.has(entity) ? null : this.anySource();
    return source ? sourcePhrase(source, entity, null) : `no ${inputNoun(entity)} to examine`;
  }

  /** Why a requirement ("a|b") is not met, or null. */
  unmetRequirement(requirement: string): string | null {
    let first: string | null = null;
    for (const alternative of requirement.split("|")) {
      const reason = this.unmet(alternative.trim());
      if (reason === null) return null;
      first ??= reason;
    }
    return first;
  }
}

export interface Measurability {
  status: MeasureStatus;
  /** Why the check is not measured (absent when measured). */
  reason?: string;
}

/** Whether a check can be measured: its records exist and every input it requires was supplied. */
export function measurability(meta: Pick<CheckMeta, "entity" | "requires">, data: SuppliedData): Measurability {
  if (meta.entity !== "dataset") {
    const empty = data.emptyReason(meta.entity);
    if (empty) return { status: "not-measured", reason: empty };
  }
  for (const requirement of meta.requires ?? []) {
    const reason = data.unmetRequirement(requirement);
    if (reason) return { status: "not-measured", reason };
  }
  return { status: "measured" };
}

/**
 * The metrics as the data supports them: without login dates the adoption rate is unknown (null,
 * with the reason under `notMeasured`), not 0%; fields the source never supplied are not
 * "unused fields" (nobody could fill them in the export).
 */
export function measuredMetrics(metrics: AuditMetrics, data: SuppliedData): AuditMetrics {
  const noLogins = data.unmetRequirement("users.lastLoginAt");
  const unusedFields = metrics.unusedFields.filter((field) => data.unmetRequirement(field) === null);
  if (!noLogins && unusedFields.length === metrics.unusedFields.length) return metrics;
  return {
    ...metrics,
    unusedFields,
    ...(noLogins && metrics.adoptionRate !== null
      ? { adoptionRate: null, notMeasured: { adoptionRate: noLogins } }
      : {}),
  };
}
