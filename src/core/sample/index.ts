/** The sample dataset generator: a seeded CRM bundle with known defects and its ground truth. */
export {
  DEFAULT_SAMPLE_AS_OF,
  GROUND_TRUTH_FILE,
  MIN_SAMPLE_CONTACTS,
  writeSampleBundle,
  type SampleOptions,
  type SampleSummary,
} from "./bundle.js";
export {
  CHECK_IDS,
  GROUP_CHECK_IDS,
  RECORD_CHECK_IDS,
  groundTruthSchema,
  loadGroundTruth,
  type Boundary,
  type CheckId,
  type Defects,
  type GroundTruth,
} from "./ground-truth.js";
export { BASE_RATES, DEFECT_RATES, entityCounts } from "./rates.js";
