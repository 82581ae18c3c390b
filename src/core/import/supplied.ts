/**
 * Which columns an import supplied, per entity: counted while the rows stream through the
 * import pass, then recorded for the workspace (src/core/stores/dataset-columns.ts) so the audit
 * can say "not measured" instead of flagging every record when the source has no such data
 * (docs/audit.md). A column counts as supplied when the source had it, even blank in every row:
 * then the data itself says "none".
 */
import { CANONICAL_SOURCE, inputNoun, MAPPING_SOURCE } from "../audit/measured.js";
import { CHECKS } from "../checks/registry.js";
import { entitySpec, type EntityName } from "../dataset/entities.js";
import type { SuppliedColumn } from "../stores/dataset-columns.js";
import type { ImportReport, SourceTable, UnsuppliedInput } from "./types.js";

/** The name recorded for an import's source: a preset's title, or what kind of files it was. */
export function sourceName(preset: ImportReport["preset"]): string {
  switch (preset) {
    case "hubspot":
      return "HubSpot";
    case "salesforce":
      return "Salesforce";
    case "mapping":
      return MAPPING_SOURCE;
    default:
      return CANONICAL_SOURCE;
  }
}

interface Tracked {
  table: SourceTable;
  /** Non-blank cells per column of the table. */
  filled: number[];
}

export class SuppliedTracker {
  private readonly tracked: Tracked[] = [];

  /** The same table, counting non-blank cells as its rows are read. */
  wrap(table: SourceTable): SourceTable {
    const filled = new Array<number>(table.columns.length).fill(0);
    this.tracked.push({ table, filled });
    const rows = table.rows;
    return {
      ...table,
      rows: {
        *[Symbol.iterator]() {
          for (const row of rows) {
            for (let i = 0; i < filled.length; i++) {
              const cell = row.cells[i];
              if (cell !== undefined && cell.trim() !== "") filled[i]!++;
            }
            yield row;
          }
        },
      },
    };
  }

  /** Every column of each entity the import held (supplied or not), and the aspects tables declared. */
  columns(source: string): SuppliedColumn[] {
    const byEntity = new Map<EntityName, Tracked[]>();
    for (const t of this.tracked) byEntity.set(t.table.entity, [...(byEntity.get(t.table.entity) ?? []), t]);
    const out: SuppliedColumn[] = [];
    for (const [entity, tables] of byEntity) {
      const spec = entitySpec(entity);
      for (const column of spec.columns) {
        let supplied = false;
        let rows = 0;
        for (const { table, filled } of tables) {
          const i = table.columns.indexOf(column.csv);
          if (i < 0) continue;
          supplied = true;
          rows += filled[i]!;
        }
        out.push({
          entity,
          column: column.field,
          supplied,
          suppliedRows: supplied ? rows : null,
          source,
          hint: supplied ? null : addHint(source, entity, column.csv),
        });
      }
      // An aspect is supplied when any table of the entity supplies it.
      const aspects = new Map<string, { supplied: boolean; hint: string }>();
      for (const { table } of tables) {
        for (const [key, aspect] of Object.entries(table.aspects ?? {})) {
          const earlier = aspects.get(key);
          if (!earlier || (!earlier.supplied && aspect.supplied)) aspects.set(key, aspect);
        }
      }
      for (const [key, aspect] of aspects) {
        const [csv, name] = key.split(":");
        const field = spec.columns.find((c) => c.csv === csv)?.field ?? csv!;
        out.push({
          entity,
          column: `${field}:${name}`,
          supplied: aspect.supplied,
          suppliedRows: null,
          source,
          hint: aspect.supplied ? null : aspect.hint,
        });
      }
    }
    return out;
  }
}

function addHint(source: string, entity: EntityName, csv: string): string | null {
  if (source === CANONICAL_SOURCE) return `add the column "${csv}" to ${entitySpec(entity).file}`;
  if (source === MAPPING_SOURCE) return `map a column of your export to "${csv}" (${entity}) in the mapping file`;
  return null;
}

/**
 * The checks' column inputs this import left unsupplied, for the import report: one entry per
 * input with the checks that need it. Whole tables are not listed (an import of one file is
 * normal); the audit says when a table is missing.
 */
export function unsuppliedInputs(columns: readonly SuppliedColumn[]): UnsuppliedInput[] {
  const byKey = new Map(columns.map((c) => [`${c.entity}.${c.column}`, c]));
  const entries = new Map<string, UnsuppliedInput>();
  for (const check of CHECKS) {
    for (const requirement of check.meta.requires ?? []) {
      const missing: SuppliedColumn[] = [];
      for (const alternative of requirement.split("|")) {
        const [entity, rest] = alternative.trim().split(".");
        if (!rest) {
          missing.length = 0;
          break;
        }
        const field = rest.split(":")[0]!;
        const known = byKey.get(alternative.trim()) ?? byKey.get(`${entity}.${field}`);
        if (!known || known.supplied) {
          missing.length = 0;
          break;
        }
        missing.push(known);
      }
      const first = missing[0];
      if (!first) continue;
      const key = requirement.split("|")[0]!.trim();
      const entry = entries.get(key) ?? { input: `${first.entity}: ${inputNoun(key)}`, checks: [], hint: first.hint };
      entry.checks.push(check.meta.id);
      entries.set(key, entry);
    }
  }
  return [...entries.values()];
}
