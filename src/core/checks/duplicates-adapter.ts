/**
 * The duplicate checks reach the detector through this one module, so the detector's location
 * is named in a single place.
 */
export {
  describeGroupEvidence,
  OrganisationDuplicateCollector,
  PeopleDuplicateCollector,
} from "../duplicates/index.js";
