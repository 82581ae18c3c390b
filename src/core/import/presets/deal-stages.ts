/**
 * Which deal stages are closed, and how: a mapping file's `deal_stages` (docs/import.md,
 * "Mapping files"), per pipeline when stage names differ between pipelines. Presets consult it
 * before their own rules, and note every stage they could only guess about, so the import
 * report can say which stages were taken as open.
 */
import type { ImportIssue } from "../types.js";

export type DealStatus = "open" | "won" | "lost";

export interface StageLists {
  won?: readonly string[];
  lost?: readonly string[];
  open?: readonly string[];
}

export interface DealStageConfig extends StageLists {
  /** Stage lists of one pipeline (by its name in the export), consulted before the general ones. */
  pipelines?: Readonly<Record<string, StageLists>>;
}

const key = (s: string) => s.trim().toLowerCase();

function inLists(lists: StageLists | undefined, stage: string): DealStatus | null {
  if (!lists) return null;
  for (const status of ["won", "lost", "open"] as const)
    if (lists[status]?.some((s) => key(s) === stage)) return status;
  return null;
}

/** The status the configuration gives the stage (in that pipeline), or null when it does not say. */
export function configuredStatus(
  config: DealStageConfig | undefined,
  stage: string,
  pipeline: string,
): DealStatus | null {
  if (!config) return null;
  const s = key(stage);
  const p = key(pipeline);
  const own = Object.entries(config.pipelines ?? {}).find(([name]) => key(name) === p)?.[1];
  return inLists(own, s) ?? inLists(config, s);
}

/**
 * Stages a preset could not place and took as open, counted once per row (a preset may read a
 * file twice): one warning per stage at the end.
 */
export class UnknownStages {
  private readonly stages = new Map<string, { stage: string; column: string; file: string; lines: Set<number> }>();

  note(stage: string, column: string, file: string, line: number): void {
    const k = `${file}\u0000${key(stage)}`;
    let entry = this.stages.get(k);
    if (!entry) this.stages.set(k, (entry = { stage: stage.trim(), column, file, lines: new Set() }));
    entry.lines.add(line);
  }

  warnings(): ImportIssue[] {
    return [...this.stages.values()].map(({ stage, column, file, lines }) => {
      let first = Infinity;
      for (const line of lines) if (line < first) first = line;
      const n = lines.size;
      return {
        file,
        line: first,
        column,
        message:
          `stage "${stage}" (${n} deal${n === 1 ? "" : "s"}) is taken as open: the export does not say whether it is ` +
          `closed; if it is, list it under deal_stages (won or lost) in a mapping file (docs/import.md)`,
      };
    });
  }
}
