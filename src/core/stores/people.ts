/**
 * The CRM side of "who is who" and "what is on someone's plate": the workspace's CRM users and
 * the open work of one of them, as rows the checks can judge (commands/attention.ts runs the
 * checks' own visitors on them). Implemented under src/db/stores/people.ts.
 */
import type { AuditRows } from "../checks/types.js";

export interface CrmPerson {
  id: string;
  name: string;
  email: string;
  role: string | null;
  active: boolean;
}

export interface PeopleStore {
  /** By id, or by email ignoring case. */
  find(workspaceId: string, idOrEmail: string): Promise<CrmPerson | null>;
  /**
   * Users whose name, email or id contains `search` (ignoring case; all users without one),
   * active first, then by name; `total` counts every match, `people` holds `limit` from `offset`.
   */
  search(
    workspaceId: string,
    search: string | null,
    offset: number,
    limit: number,
  ): Promise<{ total: number; people: CrmPerson[] }>;
  /**
   * Tasks assigned to the person and deals they own, with what the deal and task checks read
   * (a deal's last linked activity at or before `asOf`), plus the task's related record by name.
   */
  workOf(
    workspaceId: string,
    crmUserId: string,
    asOf: number,
  ): Promise<{ tasks: PersonTask[]; deals: AuditRows["deals"][] }>;
  /**
   * Every id that tasks are assigned to or deals are owned by, CRM user or not, sorted: whose
   * attention lists a team digest reads (schedules/kinds/digest.ts).
   */
  owners(workspaceId: string): Promise<string[]>;
  /** One task as workOf gives it, or null when it is not stored. */
  task(workspaceId: string, id: string): Promise<PersonTask | null>;
  /** One deal as workOf gives it, or null when it is not stored. */
  deal(workspaceId: string, id: string, asOf: number): Promise<AuditRows["deals"] | null>;
}

export type PersonTask = AuditRows["tasks"] & {
  /** The deal, contact or company the task is about, by name. */
  relatedTo: string | null;
};
