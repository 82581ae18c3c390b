/**
 * The ground truth of the real-export evaluation (docs/evaluation.md): what the generator
 * planted in a HubSpot export and a Salesforce Data Export, record by record and check by check.
 */

/** What an audit should say about one record (or one pair of records, for duplicate checks). */
export type Expected = "finding" | "no-finding" | "not-measured";

export interface Label {
  checkId: string;
  /** The record id as the audit lists it (the CRM's own id; `owner:<slug>` for HubSpot owners). */
  recordId?: string;
  /** Duplicate checks: the two records of a pair (sorted). */
  pair?: [string, string];
  expected: Expected;
  /** Short name of the defect or trap, e.g. `us-number-blank-country`. */
  kind: string;
}

/** Record kinds as the audit JSON names them (`findings[].entity`). */
export const ENTITIES = ["users", "companies", "contacts", "deals", "tasks", "activities"] as const;
export type Entity = (typeof ENTITIES)[number];

export interface SourceTruth {
  /** The `--preset` the folder is imported with (`mapping`: a mapping file instead). */
  preset: "hubspot" | "salesforce" | "mapping";
  /** The folder, relative to the ground-truth file. */
  folder: string;
  /**
   * Checks this source cannot measure (the export lacks their input), with the reason: any
   * record they flag is a false alarm, labelled or not.
   */
  notMeasurable: Record<string, string>;
  /** Every record id the import creates, per entity (as the audit names them). */
  records: Record<Entity, string[]>;
  labels: Label[];
}

export interface GroundTruth {
  seed: number;
  asOf: string;
  sources: { hubspot: SourceTruth; salesforce: SourceTruth };
}

/** The entity a check's records are, from its id (`contact.stale` → contacts). */
export function entityOfCheck(checkId: string): Entity | undefined {
  const prefix = checkId.split(".")[0];
  const map: Record<string, Entity> = {
    user: "users",
    company: "companies",
    contact: "contacts",
    deal: "deals",
    task: "tasks",
    activity: "activities",
  };
  return prefix === undefined ? undefined : map[prefix];
}
