/**
 * "Not a duplicate" decisions, as the core sees them: a plain interface that src/db implements
 * (src/db/stores/duplicate-decisions.ts). Decisions are keyed by the CRM's own record ids, so
 * they hold across audit runs and re-imports; the duplicate checks leave such pairs apart.
 */

/** The record kinds duplicate detection groups. */
export type DuplicateEntity = "contacts" | "companies";

export interface NotDuplicateDecision {
  entity: DuplicateEntity;
  /** The two record ids, the smaller first. */
  ids: [string, string];
  decidedBy: string | null;
  decidedAt: number;
}

export interface DuplicateDecisionStore {
  /** Records that the pair is two records of two people / organisations; false when it already was. */
  markNotDuplicate(
    workspaceId: string,
    entity: DuplicateEntity,
    a: string,
    b: string,
    decidedBy: string | null,
    at: number,
  ): boolean;
  /** Withdraws a decision; false when there was none. */
  unmark(workspaceId: string, entity: DuplicateEntity, a: string, b: string): boolean;
  list(workspaceId: string): NotDuplicateDecision[];
  /** The decided pairs of one kind, as pairKey (src/core/duplicates) keys. */
  notDuplicatePairs(workspaceId: string, entity: DuplicateEntity): Set<string>;
}
