/** The importer's public surface (see docs/import.md). */
export { importBundle } from "./import-bundle.js";
export { formatImportIssue, formatImportReport } from "./report.js";
export { parseIsoTimestamp } from "./timestamp.js";
export { MappingFileSchema, loadMappingFile, type MappingFile } from "./mapping-file.js";
export { ownerUserId } from "./presets/owners.js";
export type { EntityCounts, ImportIssue, ImportOptions, ImportPreset, ImportReport, SkippedRow } from "./types.js";
