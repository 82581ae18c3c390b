/**
 * Inputs of duplicate detection. Only the fields that identify a person or an organisation;
 * the audit's contact.duplicate / company.duplicate checks collect these while scanning.
 */
export interface PersonLike {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  /**
   * The phone already read at import: its E.164 form when it is a valid number, null when it is
   * not; absent (undefined) to read `phone` here, which is the slow part of detection.
   */
  phoneE164?: string | null;
  /** ISO 3166 alpha-2, used to read phone numbers without a + prefix. */
  country: string | null;
  companyName?: string | null;
  street?: string | null;
  city?: string | null;
  postcode?: string | null;
  state?: string | null;
  /** Date of birth or any extra identifying string, when the source has it (FEBRL does). */
  birthDate?: string | null;
  /**
   * A national identifier (social security number, tax id) when the source has one. CRM
   * contacts almost never do; public evaluation data (FEBRL) does.
   */
  nationalId?: string | null;
}

/**
 * A person's normalised blocking fields as stored at import (src/core/duplicates/stored-keys.ts):
 * each null or absent one is computed from the record, with the same function.
 */
export interface StoredPersonKeys {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  street?: string | null;
  postcode?: string | null;
  /** The employer's name as normaliseOrganisationName gives it (the company's stored nameKey). */
  employer?: string | null;
}

export interface OrganisationLike {
  id: string;
  name: string;
  domain: string | null;
  phone: string | null;
  /**
   * The phone already read at import: its E.164 form when it is a valid number, null when it is
   * not; absent (undefined) to read `phone` here, which is the slow part of detection.
   */
  phoneE164?: string | null;
  country: string | null;
  street?: string | null;
  city?: string | null;
  postcode?: string | null;
}

export interface DuplicateOptions {
  /** Minimum match score in [0, 1] for two records to be linked. */
  threshold?: number;
  /**
   * Blocks (records sharing one blocking key) larger than this are not compared pairwise:
   * such a key ("gmail.com", a common surname) says little and would make the cost quadratic.
   */
  maxBlockSize?: number;
  /**
   * Pairs decided "not a duplicate" (keys from `pairKey(idA, idB)`): never in one group, also
   * when each is linked to a third record.
   */
  notDuplicates?: ReadonlySet<string>;
}

/** How much work a detection run did. */
export interface DuplicateStats {
  records: number;
  /** Candidate pairs scored (each pair at most once). */
  pairsCompared: number;
  /** Pairs whose score reached the threshold, before grouping. */
  pairsLinked: number;
  /** Blocks skipped for exceeding maxBlockSize. */
  oversizedBlocks: number;
}

/** One field comparison that moved a pair's match weight (a log2 Bayes factor, docs/duplicates.md). */
export interface MatchEvidence {
  /** What was compared: "email", "phone", "name", "address", "employer", ... */
  field: string;
  /** How it agreed or disagreed: "same", "same local part", "nickname", ... */
  finding: string;
  weight: number;
}

/** Why the records of one group were linked: each linked pair inside it, with its evidence. */
export interface GroupEvidence {
  pairs: { a: string; b: string; weight: number; evidence: MatchEvidence[] }[];
}

export interface DuplicateResult {
  groups: DuplicateGroups;
  /** Parallel to `groups`: why each group's records were linked. */
  evidence: GroupEvidence[];
  stats: DuplicateStats;
}

/** Groups of ids (each of size ≥ 2, sorted; groups sorted by their first id). */
export type DuplicateGroups = string[][];
