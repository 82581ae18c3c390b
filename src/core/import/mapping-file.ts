/**
 * User mapping files, for exports no preset covers: per canonical file, which source CSV to
 * read, which source column fills each canonical column, and constant values. YAML or JSON
 * (JSON is YAML), validated with zod; problems point at the mapping file's line.
 *
 *   delimiter: ";"                # optional, default ","
 *   files:
 *     contacts:
 *       source: people.csv        # relative to the imported folder
 *       columns: { id: Person ID, email: E-mail, created_at: Created }
 *       constants: { lifecycle_stage: lead }
 */
import fs from "node:fs";
import path from "node:path";
import { LineCounter, parseDocument, type Node } from "yaml";
import { z } from "zod";
import { ENTITIES, entitySpec, type EntityName } from "../dataset/entities.js";
import { fileProblem, readCsvFile } from "./csv-reader.js";
import { tableFromCsv, type ColumnRule } from "./source-table.js";
import type { ImportEncoding, ImportIssue, SourceResult, SourceTable } from "./types.js";

const ENTITY_NAMES = ENTITIES.map((e) => e.name) as [EntityName, ...EntityName[]];
const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const FileMappingSchema = z.strictObject({
  source: z.string().min(1, "must name the source CSV file"),
  columns: z.record(z.string(), z.string().min(1, "must name a source column")),
  constants: z.record(z.string(), scalar).optional(),
});

export const MappingFileSchema = z
  .strictObject({
    delimiter: z.string().length(1, "must be one character").optional(),
    files: z.partialRecord(z.enum(ENTITY_NAMES), FileMappingSchema),
  })
  .superRefine((mapping, ctx) => {
    if (Object.keys(mapping.files).length === 0) {
      ctx.addIssue({ code: "custom", path: ["files"], message: "maps no file" });
    }
    for (const [entity, file] of Object.entries(mapping.files)) {
      if (!file) continue;
      const spec = entitySpec(entity as EntityName);
      const known = new Set(spec.columns.map((c) => c.csv));
      for (const column of spec.columns) {
        if (column.required && !(column.csv in file.columns) && !(column.csv in (file.constants ?? {}))) {
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

export async function readMappedSource(
  source: string,
  mappingPath: string,
  encoding?: ImportEncoding,
): Promise<SourceResult> {
  const { mapping, issues, lineOf } = loadMappingFile(mappingPath);
  if (!mapping) return { tables: [], issues };
  const dir = fs.statSync(source).isDirectory() ? source : path.dirname(source);
  // Real paths on both sides, so neither `..` nor a symbolic link leads out of the folder.
  const realDir = fs.realpathSync(dir);
  const tables: SourceTable[] = [];
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
    const { csv, issues: readIssues } = await readCsvFile(realFile, file, mapping.delimiter ?? ",", encoding);
    issues.push(...readIssues);
    if (!csv) continue;
    const columns: ColumnRule[] = [
      ...Object.entries(fileMapping.columns).map(([target, from]) => ({ target, from: [from], mustExist: true })),
      ...Object.entries(fileMapping.constants ?? {}).map(([target, constant]) => ({ target, constant })),
    ];
    const result = tableFromCsv(file, csv, { entity: spec.name, columns });
    issues.push(...result.issues);
    if (result.table) tables.push(result.table);
  }
  return { tables, issues };
}
