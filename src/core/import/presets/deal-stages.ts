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
 * The outcome a stage's name states when the export has no closed flag: "Renewed" ends a deal
 * won; "Churned", "Cancelled" and "Disqualified" end it lost; null for any other name (taken as
 * open). Presets ask only after the mapping file, their export's flags and the CRM's own
 * "Closed Won"/"Closed Lost", and warn about every stage placed this way (UnknownStages).
 */
export function outcomeByStageName(stage: string): DealStatus | null {
  const s = key(stage);
  if (/\brenew(ed|al won)\b/.test(s)) return "won";
  if (/\b(churned|cancell?ed|disqualified)\b/.test(s)) return "lost";
  return null;
}

/**
 * Stages a preset could not place and took as open: one warning per stage at the end. A preset
 * may read a file twice (once to collect owners): a row at or above the last one seen in its
 * file starts the counts of that file afresh, so every row counts once.
 */
export class UnknownStages {
  private readonly stages = new Map<
    string,
    { stage: string; column: string; file: string; count: number; line: number }
  >();
  private readonly lastLine = new Map<string, number>();

  /** Notes a stage the preset placed by guessing (or took as open); recognised closed names are not guesses. */
  note(stage: string, column: string, file: string, line: number): void {
    if (line <= (this.lastLine.get(file) ?? 0))
      for (const [k, entry] of this.stages) if (entry.file === file) this.stages.delete(k);
    this.lastLine.set(file, line);
    const k = `${file}\u0000${key(stage)}`;
    const entry = this.stages.get(k);
    if (entry) entry.count++;
    else this.stages.set(k, { stage: stage.trim(), column, file, count: 1, line });
  }

  warnings(): ImportIssue[] {
    return [...this.stages.values()].map(({ stage, column, file, count: n, line }) => {
      const deals = `${n} deal${n === 1 ? "" : "s"}`;
      const status = outcomeByStageName(stage);
      return {
        file,
        line,
        column,
        message: status
          ? `stage "${stage}" (${deals}) is taken as ${status} by its name: the export does not say whether it is ` +
            `closed; if that is wrong, list it under deal_stages in a mapping file (docs/import.md)`
          : `stage "${stage}" (${deals}) is taken as open: the export does not say whether it is ` +
            `closed; if it is, list it under deal_stages (won or lost) in a mapping file (docs/import.md)`,
      };
    });
  }
}
