/**
 * Duplicate detection for contacts and companies. See docs/duplicates.md for the algorithm
 * and its measured precision/recall on public data.
 *
 * The collectors take records one at a time, as an audit streams them: each record's blocking
 * keys are computed on arrival and the record itself is kept packed into one string
 * (packed.ts), unpacked again only if it shares a block with another record.
 */
import { detectDuplicates } from "./detect.js";
import {
  explainOrganisationMatch,
  OrganisationBlockingKeys,
  organisationFeatures,
  organisationMatchWeight,
  ORGANISATION_PRIOR_LOG2_ODDS,
} from "./organisations.js";
import { PackedRecords } from "./packed.js";
import {
  explainPersonMatch,
  PERSON_PRIOR_LOG2_ODDS,
  PersonBlockingKeys,
  personContradicts,
  personFeatures,
  personMatchWeight,
} from "./people.js";
import type {
  DuplicateGroups,
  DuplicateOptions,
  DuplicateResult,
  GroupEvidence,
  OrganisationLike,
  PersonLike,
  StoredPersonKeys,
} from "./types.js";

export { pairKey } from "./detect.js";
export type {
  GroupEvidence,
  MatchEvidence,
  DuplicateGroups,
  DuplicateOptions,
  DuplicateResult,
  DuplicateStats,
  OrganisationLike,
  PersonLike,
  StoredPersonKeys,
} from "./types.js";

// Every PersonLike / OrganisationLike field, id first (PackedRecords keeps them in this order).
const PERSON_FIELDS = [
  "id",
  "firstName",
  "lastName",
  "email",
  "phone",
  "phoneE164",
  "country",
  "companyName",
  "street",
  "city",
  "postcode",
  "state",
  "birthDate",
  "nationalId",
] as const satisfies readonly (keyof PersonLike)[];
const ORGANISATION_FIELDS = [
  "id",
  "name",
  "domain",
  "phone",
  "phoneE164",
  "country",
  "street",
  "city",
  "postcode",
] as const satisfies readonly (keyof OrganisationLike)[];

/** Collects people records one at a time; `detect()` once all were added (once: it hands over the key columns). */
export class PeopleDuplicateCollector {
  private readonly records = new PackedRecords<PersonLike>(PERSON_FIELDS);
  private readonly keys: PersonBlockingKeys;

  /** `expectedRecords` sizes the key columns up front (more records may still be added). */
  constructor(expectedRecords = 0) {
    this.keys = new PersonBlockingKeys(expectedRecords);
  }

  /** `stored`: the record's normalised blocking fields as stored at import, where there are some. */
  add(record: PersonLike, stored?: StoredPersonKeys): void {
    this.keys.add(this.records.length, record, stored);
    this.records.push(record);
  }

  detect(options?: DuplicateOptions): DuplicateResult {
    const { records, keys } = this;
    const employerOf = (companyName: string | null | undefined): string => keys.employerOf(companyName);
    return detectDuplicates(
      {
        recordCount: records.length,
        idOf: (i) => records.idOf(i),
        blockingKeys: keys.columns.takeColumns(records.length),
        featuresOf: (i) => personFeatures(records.get(i), employerOf),
        weight: personMatchWeight,
        contradicts: personContradicts,
        explain: explainPersonMatch,
        priorLog2Odds: PERSON_PRIOR_LOG2_ODDS,
      },
      options,
    );
  }
}

/** Collects organisation records one at a time; `detect()` once all were added (once: it hands over the key columns). */
export class OrganisationDuplicateCollector {
  private readonly records = new PackedRecords<OrganisationLike>(ORGANISATION_FIELDS);
  private readonly keys: OrganisationBlockingKeys;

  constructor(expectedRecords = 0) {
    this.keys = new OrganisationBlockingKeys(expectedRecords);
  }

  /** `nameKey`: the record's normalised name as stored at import, where there is one. */
  add(record: OrganisationLike, nameKey?: string | null): void {
    this.keys.add(this.records.length, record, nameKey);
    this.records.push(record);
  }

  detect(options?: DuplicateOptions): DuplicateResult {
    const { records } = this;
    return detectDuplicates(
      {
        recordCount: records.length,
        idOf: (i) => records.idOf(i),
        blockingKeys: this.keys.columns.takeColumns(records.length),
        featuresOf: (i) => organisationFeatures(records.get(i)),
        weight: organisationMatchWeight,
        explain: explainOrganisationMatch,
        priorLog2Odds: ORGANISATION_PRIOR_LOG2_ODDS,
      },
      options,
    );
  }
}

/** Groups of people records that describe the same person, with counts of the work done. */
export function detectDuplicatePeople(records: PersonLike[], options?: DuplicateOptions): DuplicateResult {
  const collector = new PeopleDuplicateCollector(records.length);
  for (const r of records) collector.add(r);
  return collector.detect(options);
}

/** Groups of organisation records that describe the same organisation, with counts of the work done. */
export function detectDuplicateOrganisations(records: OrganisationLike[], options?: DuplicateOptions): DuplicateResult {
  const collector = new OrganisationDuplicateCollector(records.length);
  for (const r of records) collector.add(r);
  return collector.detect(options);
}

export function findDuplicatePeople(records: PersonLike[], options?: DuplicateOptions): DuplicateGroups {
  return detectDuplicatePeople(records, options).groups;
}

export function findDuplicateOrganisations(records: OrganisationLike[], options?: DuplicateOptions): DuplicateGroups {
  return detectDuplicateOrganisations(records, options).groups;
}

const signed = (w: number) => (w > 0 ? `+${w}` : w === 0 ? "±0" : String(w));

/**
 * One line saying why a group's records matched: each linked pair, its total weight and the
 * comparisons behind it, e.g. "C1 + C2 (weight 26): email same address +9, surname same +5, …".
 * Weights are log2 Bayes factors; a pair links at 10 (docs/duplicates.md).
 */
export function describeGroupEvidence(evidence: GroupEvidence): string {
  return evidence.pairs
    .map(
      (p) =>
        `${p.a} + ${p.b} (weight ${p.weight}): ` +
        p.evidence.map((e) => `${e.field} ${e.finding} ${signed(e.weight)}`).join(", "),
    )
    .join("; ");
}
