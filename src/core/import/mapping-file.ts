/**
 * User mapping files, for exports no preset covers or to add files to a preset's export: per
 * canonical file, which source CSV to read and how each canonical column is filled. YAML or
 * JSON (JSON is YAML), validated with zod; problems point at the mapping file's line. The
 * format is documented in docs/import.md ("Mapping files"):
 *
 *   preset: hubspot               # optional: read the folder with a preset, plus the files below
 *   delimiter: ";"                # optional, default ","
 *   date_format: M/D/YYYY         # optional, for every timestamp column
 *   deal_stages: { won: [Won], lost: [Lost] }
 *   lost_reason: Reason_Lost__c   # a preset's deals: the column holding the lost reason
 *   files:
 *     deals:
 *       source: pipeline.csv      # relative to the imported folder
 *       skip_lines: 3             # lines before the header; skip_footer: records after the data
 *       columns:
 *         id: Opportunity ID
 *         updated_at: [close_date, engage_date]          # the first non-empty
 *         status: { from: deal_stage, values: { Won: won, Lost: lost, Engaging: open } }
 *         created_at: { from: engage_date, default: "2016-10-01" }
 *       constants: { currency: USD }
 */
import fs from "node:fs";
import path from "node:path";
import { LineCounter, parseDocument, type Node } from "yaml";
import { z } from "zod";
import { ENTITIES, entitySpec, type EntityName } from "../dataset/entities.js";
import { fileProblem, readCsvFile } from "./csv-reader.js";
import { ownerUserId } from "./presets/owners.js";
import { configuredStatus, UnknownStages, type DealStageConfig } from "./presets/deal-stages.js";
import {
  booleanValue,
  countryCode,
  dateFormat,
  dateWithFormats,
  domainFromWebsite,
  firstId,
  plainNumber,
  type DateFormat,
} from "./presets/transforms.js";
import { tableFromCsv, type ColumnRule, type RowContext } from "./source-table.js";
import type { ImportEncoding, ImportIssue, SourceResult, SourceTable } from "./types.js";

const ENTITY_NAMES = ENTITIES.map((e) => e.name) as [EntityName, ...EntityName[]];
const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const names = z
  .union([z.string().min(1, "must name a source column"), z.array(z.string().min(1)).min(1, "must name a column")])
  .transform((v) => (typeof v === "string" ? [v] : v));
const formats = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((v, ctx) => {
  const list = typeof v === "string" ? [v] : v;
  try {
    return list.map(dateFormat);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: (error as Error).message });
    return z.NEVER;
  }
});

/** Conversions a column may apply, by name (the same ones the presets use). */
const CONVERSIONS: Record<string, (value: string) => string> = {
  country: countryCode,
  number: plainNumber,
  domain: domainFromWebsite,
  boolean: booleanValue,
  first_id: firstId,
  lowercase: (v) => v.trim().toLowerCase(),
  // The id a preset derives for an owner name or e-mail: a users file next to a HubSpot export.
  owner_id: ownerUserId,
};

const ColumnSource = z.union([
  names.transform((from) => ({ from })),
  z.strictObject({
    from: names,
    values: z.record(z.string(), scalar).optional(),
    default: scalar.optional(),
    format: formats.optional(),
    convert: z.enum(Object.keys(CONVERSIONS) as [string, ...string[]]).optional(),
  }),
]);
type ColumnSource = z.infer<typeof ColumnSource>;

const count = z.number().int().min(0);

const FileMappingSchema = z.strictObject({
  source: z.string().min(1, "must name the source CSV file"),
  columns: z.record(z.string(), ColumnSource).default({}),
  constants: z.record(z.string(), scalar).optional(),
  delimiter: z.string().length(1, "must be one character").optional(),
  date_format: formats.optional(),
  skip_lines: count.optional(),
  skip_footer: count.optional(),
  /** Keep the first row of each id and leave out later ones (a report lists a rep on every line). */
  distinct: z.boolean().optional(),
});

const StageListsSchema = {
  won: names.optional(),
  lost: names.optional(),
  open: names.optional(),
};
const DealStagesSchema = z.strictObject({
  ...StageListsSchema,
  pipelines: z.record(z.string(), z.strictObject(StageListsSchema)).optional(),
  /** Mapping files: the source column naming the pipeline. */
  pipeline_column: z.string().min(1).optional(),
});

/** Required canonical columns a mapping may leave out: exports listing reps by name have no e-mail. */
const MAY_LEAVE_OUT: Partial<Record<EntityName, readonly string[]>> = { users: ["email"] };

export const MappingFileSchema = z
  .strictObject({
    preset: z.enum(["hubspot", "salesforce"]).optional(),
    delimiter: z.string().length(1, "must be one character").optional(),
    date_format: formats.optional(),
    deal_stages: DealStagesSchema.optional(),
    lost_reason: z.string().min(1).optional(),
    files: z.partialRecord(z.enum(ENTITY_NAMES), FileMappingSchema).default({}),
  })
  .superRefine((mapping, ctx) => {
    if (Object.keys(mapping.files).length === 0 && !mapping.preset) {
      ctx.addIssue({ code: "custom", path: ["files"], message: "maps no file" });
    }
    for (const [entity, file] of Object.entries(mapping.files)) {
      if (!file) continue;
      const spec = entitySpec(entity as EntityName);
      const known = new Set(spec.columns.map((c) => c.csv));
      const optional = new Set(MAY_LEAVE_OUT[entity as EntityName] ?? []);
      // Deal status can come from the stage and deal_stages.
      if (entity === "deals" && mapping.deal_stages && "stage" in file.columns) optional.add("status");
      for (const column of spec.columns) {
        if (
          column.required &&
          !optional.has(column.csv) &&
          !(column.csv in file.columns) &&
          !(column.csv in (file.constants ?? {}))
        ) {
          ctx.addIssue({
            code: "custom",
            path: ["files", entity, "columns"],
            message: `required column "${column.csv}" is not mapped (map it to a source column or give a constant)`,
          });
        }
      }
      for (const part of ["columns", "constants"] as const) {
        for (const column of Object.keys(file[part] ?? {})) {
          if (!known.has(column)) {
            ctx.addIssue({
              code: "custom",
              path: ["files", entity, part, column],
              message: `${entity} has no column "${column}" (columns: ${[...known].join(", ")})`,
            });
          }
        }
      }
    }
  });

export type MappingFile = z.infer<typeof MappingFileSchema>;

/** Parses and validates a mapping file; issues carry the mapping file's line numbers. */
export function loadMappingFile(mappingPath: string): {
  mapping: MappingFile | null;
  issues: ImportIssue[];
  /** The mapping file's line of the deepest node of `at` that exists (1 when none does). */
  lineOf: (at: readonly PropertyKey[]) => number;
} {
  const noLines = () => 1;
  const file = path.basename(mappingPath);
  let text: string;
  try {
    text = fs.readFileSync(mappingPath, "utf8");
  } catch (error) {
    return {
      mapping: null,
      issues: [{ file, line: 1, column: "", message: `cannot read the mapping file: ${(error as Error).message}` }],
      lineOf: noLines,
    };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length) {
    return {
      mapping: null,
      issues: doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0]?.line ?? 1,
        column: "",
        message: e.message.split("\n")[0]!,
      })),
      lineOf: noLines,
    };
  }
  const lineOf = (at: readonly PropertyKey[]) => {
    for (let n = at.length; n > 0; n--) {
      const node = doc.getIn(at.slice(0, n) as (string | number)[], true) as Node | undefined;
      if (node?.range) return lineCounter.linePos(node.range[0]).line;
    }
    return 1;
  };
  const parsed = MappingFileSchema.safeParse(doc.toJS());
  if (parsed.success) return { mapping: parsed.data, issues: [], lineOf };
  const issues = parsed.error.issues.map((issue) => ({
    file,
    line: lineOf(issue.path),
    column: issue.path.join("."),
    message: issue.message,
  }));
  return { mapping: null, issues, lineOf };
}

/** The configuration a mapping file gives a preset. */
export function presetConfig(mapping: MappingFile): { dealStages?: DealStageConfig; lostReason?: string } {
  return {
    ...(mapping.deal_stages ? { dealStages: mapping.deal_stages } : {}),
    ...(mapping.lost_reason ? { lostReason: mapping.lost_reason } : {}),
  };
}

/** Looks a value up in a value map: exactly, then ignoring case and surrounding spaces. */
function valueMap(values: Record<string, string>): (value: string) => string | undefined {
  const folded = new Map(Object.entries(values).map(([k, v]) => [k.trim().toLowerCase(), v]));
  return (value) => values[value] ?? folded.get(value.trim().toLowerCase());
}

/** One canonical column's rule: first non-empty source column, value map, conversion, date format, default. */
function columnRule(target: string, source: ColumnSource, timestamp: boolean, fileFormats?: DateFormat[]): ColumnRule {
  const [first, ...rest] = source.from;
  const lookup = "values" in source && source.values ? valueMap(source.values) : null;
  const convert = "convert" in source && source.convert ? CONVERSIONS[source.convert]! : null;
  const formats = ("format" in source ? source.format : undefined) ?? (timestamp ? fileFormats : undefined);
  const fallback = "default" in source ? source.default : undefined;
  const plain = rest.length === 0 && !lookup && !convert && !formats && fallback === undefined;
  return {
    target,
    from: [first!],
    reads: rest,
    mustExist: true,
    ...(plain
      ? {}
      : {
          value: (cell: string, row: RowContext) => {
            let value = cell.trim();
            for (let i = 0; value === "" && i < rest.length; i++) value = row.get(rest[i]!).trim();
            if (value !== "" && lookup) value = lookup(value) ?? value;
            if (value !== "" && convert) value = convert(value);
            if (value !== "" && formats) value = dateWithFormats(value, formats);
            return value === "" && fallback !== undefined ? fallback : value;
          },
        }),
  };
}

/** A row filter passing the first row of each id (the id as its rule computes it). */
function firstOfEachId(columns: readonly ColumnRule[]): (row: RowContext) => boolean {
  const rule = columns.find((c) => c.target === "id");
  let seen = new Set<string>();
  let lastLine = 0;
  return (row) => {
    if (!rule) return true;
    // The rows are read again from the top (e.g. to count them): start afresh.
    if (row.line <= lastLine) seen = new Set();
    lastLine = row.line;
    const cell = rule.constant ?? row.get(rule.from?.[0] ?? "");
    const id = (rule.value ? rule.value(cell, row) : cell).trim();
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  };
}

/** Reads the files a mapping names; `exclude` collects their names (so a preset leaves them alone). */
export async function readMappedFiles(
  source: string,
  mappingPath: string,
  mapping: MappingFile,
  lineOf: (at: readonly PropertyKey[]) => number,
  encoding?: ImportEncoding,
): Promise<SourceResult & { used: Set<string> }> {
  const issues: ImportIssue[] = [];
  const columnIssues: ImportIssue[] = [];
  const used = new Set<string>();
  const dir = fs.statSync(source).isDirectory() ? source : path.dirname(source);
  // Real paths on both sides, so neither `..` nor a symbolic link leads out of the folder.
  const realDir = fs.realpathSync(dir);
  const tables: SourceTable[] = [];
  const unknownStages = new UnknownStages();
  for (const spec of ENTITIES) {
    const fileMapping = mapping.files[spec.name];
    if (!fileMapping) continue;
    const at = ["files", spec.name, "source"];
    const problem = (message: string) =>
      issues.push({ file: path.basename(mappingPath), line: lineOf(at), column: at.join("."), message });
    const filePath = path.resolve(dir, fileMapping.source);
    const file = path.relative(dir, filePath) || fileMapping.source;
    let realFile: string;
    try {
      realFile = fs.realpathSync(filePath);
    } catch (error) {
      problem(`${fileMapping.source}: ${fileProblem(error, `does not exist in ${dir}`)}`);
      continue;
    }
    const inside = path.relative(realDir, realFile);
    if (inside === "" || inside === ".." || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) {
      problem(`${fileMapping.source} is outside the imported folder ${dir}: a mapping may only read files inside it`);
      continue;
    }
    used.add(inside.split(path.sep)[0]!);
    const { csv, issues: readIssues } = await readCsvFile(
      realFile,
      file,
      fileMapping.delimiter ?? mapping.delimiter ?? ",",
      encoding,
      { skipLines: fileMapping.skip_lines ?? 0, skipFooter: fileMapping.skip_footer ?? 0 },
    );
    issues.push(...readIssues);
    if (!csv) continue;
    const fileFormats = fileMapping.date_format ?? mapping.date_format;
    const timestamps = new Set(spec.columns.filter((c) => c.type === "timestamp").map((c) => c.csv));
    const columns: ColumnRule[] = [
      ...Object.entries(fileMapping.columns).map(([target, from]) =>
        columnRule(target, from, timestamps.has(target), fileFormats),
      ),
      ...Object.entries(fileMapping.constants ?? {}).map(([target, constant]) => ({ target, constant })),
    ];
    const stages = mapping.deal_stages;
    const stageSource = fileMapping.columns.stage;
    if (spec.name === "deals" && stages && stageSource && !("status" in fileMapping.columns)) {
      const stageRule = columnRule("stage", stageSource, false);
      const pipeline = stages.pipeline_column;
      columns.push({
        target: "status",
        from: stageRule.from,
        reads: [...(stageRule.reads ?? []), ...(pipeline ? [pipeline] : [])],
        value: (cell, row) => {
          const stage = stageRule.value ? stageRule.value(cell, row) : cell;
          const status = configuredStatus(stages, stage, pipeline ? row.get(pipeline) : "");
          // With an explicit open list, a stage in none of the lists is a guess worth a warning.
          if (!status && stages.open && stage.trim() !== "")
            unknownStages.note(stage, stageRule.from![0]!, file, row.line);
          return status ?? "open";
        },
      });
    }
    // A required column the export cannot fill is stored blank (it is NOT NULL in the database).
    const leftOut = (MAY_LEAVE_OUT[spec.name] ?? []).filter((c) => !columns.some((rule) => rule.target === c));
    for (const target of leftOut) columns.push({ target, constant: "" });
    const result = tableFromCsv(file, csv, {
      entity: spec.name,
      columns,
      ...(leftOut.length ? { relaxRequired: leftOut } : {}),
      ...(fileMapping.distinct ? { filter: firstOfEachId(columns) } : {}),
    });
    issues.push(...result.issues);
    columnIssues.push(...result.columnIssues);
    // Every listed fallback column must exist too: a typo would silently drop data.
    for (const [, from] of Object.entries(fileMapping.columns)) {
      const header = new Set(csv.header.map((h) => h.toLowerCase()));
      for (const name of from.from.slice(1)) {
        if (!header.has(name.toLowerCase()))
          columnIssues.push({
            file,
            line: csv.headerLine,
            column: name,
            message: "column named in the mapping file is missing from the header",
          });
      }
    }
    if (result.table) tables.push({ ...result.table, clearMissingReferences: true });
  }
  return {
    tables,
    issues,
    columnIssues,
    used,
    finish: () => ({ warnings: unknownStages.warnings(), notes: [] }),
  };
}

export async function readMappedSource(
  source: string,
  mappingPath: string,
  encoding?: ImportEncoding,
): Promise<SourceResult> {
  const { mapping, issues, lineOf } = loadMappingFile(mappingPath);
  if (!mapping) return { tables: [], issues };
  return readMappedFiles(source, mappingPath, mapping, lineOf, encoding);
}
