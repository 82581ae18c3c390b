/**
 * The ground truth written beside a sample bundle: for every check id of docs/checks.md, exactly
 * the records (or duplicate groups) that the check's definition selects at the bundle's as-of
 * instant. Audit tests compare their findings with it.
 */
import fs from "node:fs";
import { z } from "zod";
import { ENTITIES, type EntityName } from "../dataset/entities.js";

/** Check ids whose finding lists records. */
export const RECORD_CHECK_IDS = [
  "contact.missing-email-and-phone",
  "contact.missing-owner",
  "contact.missing-company",
  "contact.missing-lifecycle-stage",
  "contact.invalid-email",
  "contact.invalid-phone",
  "contact.stale",
  "contact.retention-exceeded",
  "contact.missing-consent",
  "contact.contacted-after-withdrawal",
  "task.overdue",
  "task.missing-due-date",
  "task.unassigned",
  "deal.past-close-date",
  "deal.missing-close-date",
  "deal.missing-amount",
  "deal.missing-owner",
  "deal.stuck-in-stage",
  "deal.no-recent-activity",
  "deal.lost-without-reason",
  "deal.closed-before-created",
  "user.inactive",
  "user.dormant",
  "user.no-recent-activity",
  "user.mfa-disabled",
  "user.shared-login",
  "user.too-many-admins",
  "activity.future-dated",
] as const;

/** Check ids whose finding lists groups of records (duplicates). */
export const GROUP_CHECK_IDS = ["contact.duplicate", "company.duplicate"] as const;

export const CHECK_IDS = [...RECORD_CHECK_IDS, ...GROUP_CHECK_IDS] as const;

export type RecordCheckId = (typeof RECORD_CHECK_IDS)[number];
export type GroupCheckId = (typeof GROUP_CHECK_IDS)[number];
export type CheckId = RecordCheckId | GroupCheckId;

export type Defects = { [K in RecordCheckId]: string[] } & { [K in GroupCheckId]: string[][] };

const ENTITY_NAMES = ENTITIES.map((e) => e.name) as [EntityName, ...EntityName[]];

const isoInstant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not an ISO 8601 instant");
const ids = z.array(z.string().min(1));
const groups = z.array(z.array(z.string().min(1)).min(2));

const defectsSchema = z.strictObject({
  ...Object.fromEntries(RECORD_CHECK_IDS.map((id) => [id, ids])),
  ...Object.fromEntries(GROUP_CHECK_IDS.map((id) => [id, groups])),
} as Record<RecordCheckId, typeof ids> & Record<GroupCheckId, typeof groups>);

const boundarySchema = z.strictObject({
  entity: z.enum(ENTITY_NAMES),
  id: z.string(),
  /** What the record tests, in one sentence. */
  note: z.string(),
  /** The check ids that list this record (possibly none: a "not affected" boundary). */
  checks: z.array(z.string()),
});

export const groundTruthSchema = z.strictObject({
  generator: z.string(),
  seed: z.number().int(),
  contacts: z.number().int().positive(),
  asOf: isoInstant,
  counts: z.record(z.enum(ENTITY_NAMES), z.number().int().nonnegative()),
  defects: defectsSchema,
  rates: z.record(z.string(), z.number()),
  /** Named edge cases the checks must get right, e.g. "contact.touch-exactly-365-days". */
  boundaries: z.record(z.string(), boundarySchema),
  /** Pairs of different people with the same first and last name: NOT duplicates. */
  namesakes: z.array(z.tuple([z.string(), z.string()])),
});

export type GroundTruth = z.infer<typeof groundTruthSchema>;
export type Boundary = z.infer<typeof boundarySchema>;

/** Reads and validates a ground-truth file; throws with the zod issues when it does not match. */
export function loadGroundTruth(file: string): GroundTruth {
  const raw: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
  const parsed = groundTruthSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${file}: not a sample ground truth: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Collects affected ids while the generator writes rows. */
export class TruthCollector {
  private readonly records = new Map<RecordCheckId, string[]>(RECORD_CHECK_IDS.map((id) => [id, []]));
  private readonly groups = new Map<GroupCheckId, string[][]>(GROUP_CHECK_IDS.map((id) => [id, []]));

  add(check: RecordCheckId, id: string): void {
    (this.records.get(check) as string[]).push(id);
  }

  addGroup(check: GroupCheckId, ids: readonly string[]): void {
    (this.groups.get(check) as string[][]).push([...ids].sort());
  }

  /** Sorted ids per check; groups sorted inside and by their first id. */
  defects(): Defects {
    const out: Record<string, string[] | string[][]> = {};
    for (const [id, list] of this.records) out[id] = [...new Set(list)].sort();
    for (const [id, list] of this.groups)
      out[id] = [...list].sort((a, b) => compareIds(a[0] as string, b[0] as string));
    return out as Defects;
  }
}

/** Plain code-unit order, the order of `Array.prototype.sort()` on the id lists. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
