/**
 * Runs one check over in-memory tables the way the audit runner does: tables in VISIT_ORDER,
 * then finish(). Also builds complete rows from the few fields a test cares about.
 */
import type { z } from "zod";
import type { EntityName } from "../../../src/core/dataset/entities.js";
import { type AuditRows, type Check, VISIT_ORDER } from "../../../src/core/checks/types.js";

export type Tables = { [E in EntityName]?: AuditRows[E][] };

export interface CheckOutcome {
  /** Reported ids, sorted. */
  ids: string[];
  /** Reported groups (each sorted), sorted by their first id. */
  groups: string[][];
}

export function runCheck<S extends z.ZodType>(
  check: Check<S>,
  tables: Tables,
  options: {
    asOf: number;
    thresholds?: unknown;
    previousCounts?: Record<EntityName, number> | null;
    /** Receives the check's notes (CheckContext.note). */
    notes?: string[];
  },
): CheckOutcome {
  const counts = Object.fromEntries(VISIT_ORDER.map((e) => [e, tables[e]?.length ?? 0])) as Record<EntityName, number>;
  const ids: string[] = [];
  const groups: string[][] = [];
  const visitors = check.create({
    asOf: options.asOf,
    thresholds: check.thresholds.parse(options.thresholds ?? {}),
    counts,
    previousCounts: options.previousCounts ?? null,
    report: (id) => ids.push(id),
    reportGroup: (group) => groups.push([...group].sort()),
    note: (text) => options.notes?.push(text),
  });
  for (const entity of VISIT_ORDER) {
    const visit = visitors[entity] as ((row: AuditRows[typeof entity]) => void) | undefined;
    if (!visit) continue;
    for (const row of tables[entity] ?? []) visit(row);
  }
  visitors.finish?.();
  return { ids: ids.sort(), groups: groups.sort((a, b) => (a[0]! < b[0]! ? -1 : 1)) };
}

/** Epoch ms of an ISO 8601 instant; throws on a typo so tests never run with NaN. */
export function at(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad instant ${iso}`);
  return ms;
}

const CREATED = at("2020-01-01T00:00:00Z");

export function user(fields: Partial<AuditRows["users"]> & { id: string }): AuditRows["users"] {
  return {
    name: `User ${fields.id}`,
    email: `${fields.id}@example.com`,
    role: "rep",
    active: true,
    lastLoginAt: null,
    mfaEnabled: null,
    lastActivityAt: null,
    ...fields,
  };
}

export function company(fields: Partial<AuditRows["companies"]> & { id: string }): AuditRows["companies"] {
  return {
    name: `Company ${fields.id}`,
    domain: null,
    industry: null,
    phone: null,
    street: null,
    city: null,
    postcode: null,
    state: null,
    country: null,
    ownerId: null,
    lifecycleStage: null,
    tags: null,
    createdAt: CREATED,
    updatedAt: CREATED,
    ...fields,
  };
}

export function contact(fields: Partial<AuditRows["contacts"]> & { id: string }): AuditRows["contacts"] {
  return {
    firstName: null,
    lastName: null,
    email: null,
    phone: null,
    jobTitle: null,
    companyId: null,
    ownerId: null,
    lifecycleStage: null,
    street: null,
    city: null,
    postcode: null,
    state: null,
    country: null,
    consent: null,
    consentAt: null,
    tags: null,
    createdAt: CREATED,
    updatedAt: CREATED,
    lastActivityAt: null,
    lastLinkedActivityAt: null,
    ...fields,
  };
}

export function deal(fields: Partial<AuditRows["deals"]> & { id: string }): AuditRows["deals"] {
  return {
    name: `Deal ${fields.id}`,
    companyId: null,
    contactId: null,
    ownerId: null,
    stage: "qualification",
    status: "open",
    amount: null,
    currency: null,
    expectedCloseDate: null,
    closedAt: null,
    lostReason: null,
    createdAt: CREATED,
    updatedAt: CREATED,
    stageEnteredAt: null,
    lastActivityAt: null,
    lastLinkedActivityAt: null,
    ...fields,
  };
}

export function task(fields: Partial<AuditRows["tasks"]> & { id: string }): AuditRows["tasks"] {
  return {
    subject: `Task ${fields.id}`,
    assigneeId: null,
    dueAt: null,
    status: "open",
    completedAt: null,
    dealId: null,
    contactId: null,
    companyId: null,
    createdAt: CREATED,
    ...fields,
  };
}

export function activity(fields: Partial<AuditRows["activities"]> & { id: string }): AuditRows["activities"] {
  return {
    type: "call",
    userId: "u1",
    occurredAt: CREATED,
    contactId: null,
    companyId: null,
    dealId: null,
    status: null,
    ...fields,
  };
}
