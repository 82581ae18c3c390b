/**
 * Duplicate detection for contacts and companies. See docs/duplicates.md for the algorithm
 * and its measured precision/recall on public data.
 */
import { detectDuplicates } from "./detect.js";
import {
  organisationBlockingKeys,
  organisationFeatures,
  organisationMatchWeight,
  ORGANISATION_PRIOR_LOG2_ODDS,
} from "./organisations.js";
import { PERSON_PRIOR_LOG2_ODDS, personBlockingKeys, personFeatures, personMatchWeight } from "./people.js";
import type { DuplicateGroups, DuplicateOptions, DuplicateResult, OrganisationLike, PersonLike } from "./types.js";

export type {
  DuplicateGroups,
  DuplicateOptions,
  DuplicateResult,
  DuplicateStats,
  OrganisationLike,
  PersonLike,
} from "./types.js";

/** Groups of people records that describe the same person, with counts of the work done. */
export function detectDuplicatePeople(records: PersonLike[], options?: DuplicateOptions): DuplicateResult {
  return detectDuplicates(
    records.map((r) => r.id),
    {
      recordCount: records.length,
      blockingKeys: personBlockingKeys(records),
      featuresOf: (i) => personFeatures(records[i]!),
      weight: personMatchWeight,
      priorLog2Odds: PERSON_PRIOR_LOG2_ODDS,
    },
    options,
  );
}

/** Groups of organisation records that describe the same organisation, with counts of the work done. */
export function detectDuplicateOrganisations(records: OrganisationLike[], options?: DuplicateOptions): DuplicateResult {
  return detectDuplicates(
    records.map((r) => r.id),
    {
      recordCount: records.length,
      blockingKeys: organisationBlockingKeys(records),
      featuresOf: (i) => organisationFeatures(records[i]!),
      weight: organisationMatchWeight,
      priorLog2Odds: ORGANISATION_PRIOR_LOG2_ODDS,
    },
    options,
  );
}

export function findDuplicatePeople(records: PersonLike[], options?: DuplicateOptions): DuplicateGroups {
  return detectDuplicatePeople(records, options).groups;
}

export function findDuplicateOrganisations(records: OrganisationLike[], options?: DuplicateOptions): DuplicateGroups {
  return detectDuplicateOrganisations(records, options).groups;
}
