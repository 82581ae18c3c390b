/** The importer's public surface (see docs/import.md). */
export { importBundle } from "./import-bundle.js";
export { formatImportIssue, formatImportReport } from "./report.js";
export { parseIsoTimestamp } from "./timestamp.js";
export { MappingFileSchema, loadMappingFile, type MappingFile } from "./mapping-file.js";
export { ownerUserId } from "./presets/owners.js";
export { DEFAULT_DATE_WINDOW, DEFAULT_MAX_FIELD_CHARS, type DateWindow } from "./limits.js";
export { IMPORT_ENCODINGS } from "./types.js";
export type {
  EntityCounts,
  ImportEncoding,
  ImportIssue,
  ImportOptions,
  ImportPreset,
  ImportReport,
  SkippedRow,
} from "./types.js";
