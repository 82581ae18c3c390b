/**
 * Which reader turns the source into canonical tables: the canonical bundle, a preset, a
 * mapping file, or a preset plus a mapping file (the preset's export and the mapping's extra
 * files in one import, the mapping's `deal_stages` and `lost_reason` configuring the preset).
 */
import fs from "node:fs";
import path from "node:path";
import { readCanonicalSource } from "./canonical-source.js";
import { loadMappingFile, presetConfig, readMappedFiles } from "./mapping-file.js";
import { readHubspotSource } from "./presets/hubspot.js";
import { readSalesforceSource } from "./presets/salesforce.js";
import type { ImportIssue, ImportOptions, SourceResult, SourceRow } from "./types.js";

function readPreset(
  preset: string,
  source: string,
  options: Parameters<typeof readHubspotSource>[1],
  config: Parameters<typeof readHubspotSource>[2],
): Promise<SourceResult> {
  switch (preset) {
    case "hubspot":
      return readHubspotSource(source, options, config);
    case "salesforce":
      return readSalesforceSource(source, options, config);
    default:
      throw new Error(`unknown import preset "${preset}" (canonical, hubspot or salesforce)`);
  }
}

export async function readSource(source: string, options: ImportOptions): Promise<SourceResult> {
  const { encoding } = options;
  if (!options.mappingFile) {
    const preset = options.preset ?? "canonical";
    if (preset === "canonical") return readCanonicalSource(source, ",", encoding);
    return readPreset(preset, source, encoding ? { encoding } : {}, {});
  }
  const { mapping, issues, lineOf } = loadMappingFile(options.mappingFile);
  if (!mapping) return { tables: [], issues };
  const cliPreset = options.preset && options.preset !== "canonical" ? options.preset : undefined;
  if (cliPreset && mapping.preset && cliPreset !== mapping.preset) {
    const problem: ImportIssue = {
      file: options.mappingFile,
      line: lineOf(["preset"]),
      column: "preset",
      message: `the mapping file says preset ${mapping.preset}, the import --preset ${cliPreset}: give one`,
    };
    return { tables: [], issues: [problem] };
  }
  const mapped = await readMappedFiles(source, options.mappingFile, mapping, lineOf, encoding);
  // The mapping file itself may lie in the imported folder: it is neither data nor ignored.
  if (path.dirname(path.resolve(options.mappingFile)) === path.resolve(source))
    mapped.used.add(path.basename(options.mappingFile));
  const preset = cliPreset ?? mapping.preset;
  if (!preset) {
    const ignored = fs.statSync(source).isDirectory()
      ? fs
          .readdirSync(source)
          .sort()
          .filter((name) => !mapped.used.has(name))
          .map((file) => ({ file, reason: "not named in the mapping file" }))
      : [];
    return { ...mapped, ignored };
  }
  const fromPreset = await readPreset(
    preset,
    source,
    { ...(encoding ? { encoding } : {}), exclude: mapped.used },
    presetConfig(mapping),
  );
  // Users the mapping's files describe replace the users a preset derives from owner names.
  const mappedUsers = new Set<string>();
  for (const table of mapped.tables) {
    const id = table.columns.indexOf("id");
    if (table.entity !== "users" || id < 0) continue;
    for (const row of table.rows) {
      const value = row.cells[id]?.trim();
      if (value) mappedUsers.add(value);
    }
  }
  const presetTables = fromPreset.tables.map((table) => {
    const id = table.columns.indexOf("id");
    if (table.entity !== "users" || !mappedUsers.size || !Array.isArray(table.rows)) return table;
    const rows = (table.rows as SourceRow[]).filter((row) => !mappedUsers.has(row.cells[id]?.trim() ?? ""));
    return { ...table, rows };
  });
  return {
    tables: [...presetTables, ...mapped.tables].filter((t) => !Array.isArray(t.rows) || t.rows.length > 0),
    issues: [...fromPreset.issues, ...mapped.issues],
    columnIssues: [...(fromPreset.columnIssues ?? []), ...(mapped.columnIssues ?? [])],
    warnings: fromPreset.warnings ?? [],
    ignored: fromPreset.ignored ?? [],
    finish: () => {
      const a = fromPreset.finish?.() ?? { warnings: [], notes: [] };
      const b = mapped.finish?.() ?? { warnings: [], notes: [] };
      return { warnings: [...a.warnings, ...b.warnings], notes: [...a.notes, ...b.notes] };
    },
  };
}
