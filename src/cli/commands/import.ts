/** `crm-audit import`: a canonical bundle or a CRM's export into a workspace (docs/import.md). */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
// Small modules without dependencies: the importer itself is loaded on demand.
import { DEFAULT_DATE_WINDOW, DEFAULT_MAX_FIELD_CHARS, type DateWindow } from "../../core/import/limits.js";
import { isTimeZone, timeZoneProblem } from "../../core/time-zone.js";
import { IMPORT_ENCODINGS, type ImportEncoding } from "../../core/import/types.js";
import { dateWindow, integer } from "../args.js";
import type { CliContext } from "../context.js";
import { CliFailure, cliConfig, lockedMessage } from "../errors.js";
import { createProgressBar } from "../progress.js";

interface ImportOptions {
  preset?: "hubspot" | "salesforce";
  mapping?: string;
  dryRun?: boolean;
  skipInvalid?: boolean;
  workspace?: string;
  encoding?: ImportEncoding;
  maxFieldChars?: number;
  dateWindow?: DateWindow;
  timeZone?: string;
  full?: boolean;
  allowDrop?: boolean;
  maxDrop?: number;
  wait: number;
}

function timeZone(value: string): string {
  if (!isTimeZone(value)) throw new InvalidArgumentError(`${timeZoneProblem(value)}.`);
  return value;
}

/** Presets whose exports hold whole objects: a full import is their default (docs/import.md, "Full exports"). */
const FULL_BY_DEFAULT: ReadonlySet<string> = new Set(["hubspot", "salesforce"]);

/** A share from 0 to 1 ("0.2"), or a percentage ("20%"). */
function share(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(value.trim());
  const n = match ? Number(match[1]) / (match[2] ? 100 : 1) : NaN;
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError("must be a share from 0 to 1 (0.2) or a percentage (20%).");
  return n;
}

/** Nice 10: the process gets CPU time that nothing more urgent wants. Not possible everywhere; then as is. */
function lowerCpuPriority(): void {
  try {
    os.setPriority(Math.max(os.getPriority(), 10));
  } catch {
    // e.g. a sandbox without setpriority: the import still runs, at normal priority.
  }
}

export function importCommand({ env }: CliContext): Command {
  return new Command("import")
    .description("import a canonical CSV/JSON bundle or a HubSpot/Salesforce export into a workspace")
    .argument("<source>", "a folder of CSV files, or one CSV/JSON file")
    .addOption(new Option("--preset <preset>", "column names of a CRM's export").choices(["hubspot", "salesforce"]))
    .option("--mapping <file>", "YAML/JSON file mapping your columns onto the canonical ones (alone or with --preset)")
    .option("--dry-run", "validate and report, write nothing")
    .option("--skip-invalid", "skip bad rows (listed) instead of importing nothing")
    .option(
      "--full",
      "the export holds every record of its objects: delete stored records it lacks (default with --preset)",
    )
    .option("--no-full", "only add and update, delete nothing")
    .option("--allow-drop", "let a full import delete more than --max-drop of an object's records")
    .option("--max-drop <share>", "share of an object's records a full import may delete (default 0.2)", share)
    .option("--workspace <id>", "workspace to import into (default: CRM_AUDIT_WORKSPACE)")
    .addOption(
      new Option("--encoding <encoding>", "text encoding of the files (default utf-8; a byte-order mark wins)").choices(
        IMPORT_ENCODINGS,
      ),
    )
    .option(
      "--max-field-chars <n>",
      `longest text a field may hold (default ${DEFAULT_MAX_FIELD_CHARS})`,
      integer(1, 100_000_000),
    )
    .option(
      "--wait <seconds>",
      "how long the final copy waits for another writer to release the database",
      integer(0, 3600),
      60,
    )
    .option(
      "--date-window <from..to>",
      `dates outside this window are errors (default ${DEFAULT_DATE_WINDOW.from}..${DEFAULT_DATE_WINDOW.to})`,
      dateWindow,
    )
    .option(
      "--time-zone <zone>",
      "the workspace's time zone (IANA name): dates without a time are its calendar days (default UTC)",
      timeZone,
    )
    .action(async (source: string, opts: ImportOptions) => {
      const cfg = cliConfig(env);
      // An import is a batch job and the bot beside it is interactive: on a busy machine the
      // bot's answers come first (docs/import.md, "Imports while the bot runs").
      lowerCpuPriority();
      const { formatImportReport, importBundle } = await import("../../core/import/index.js");
      const { openAnyDatabase, migrateDatabase, databaseLabel } = await import("../../db/database.js");
      const { providerOf } = await import("../../db/provider.js");
      const { sqliteFileFromUrl } = await import("../../db/sqlite/connection.js");
      // A dry run writes nothing, not even a new database file: without one it validates
      // against an empty database in memory.
      const dryRunInMemory =
        opts.dryRun && providerOf(cfg.DATABASE_URL) === "sqlite" && !fs.existsSync(sqliteFileFromUrl(cfg.DATABASE_URL));
      const url = dryRunInMemory ? "file::memory:" : cfg.DATABASE_URL;
      // Each attempt to write waits at most --wait (SQLite's busy timeout), and the import retries
      // for --wait in all: the message on giving up can say how long it waited.
      const db = await openAnyDatabase(url, { busyTimeoutMs: Math.min(5000, opts.wait * 1000) });
      const bar = createProgressBar(opts.dryRun ? "validating" : "importing", process.stderr);
      // importBundle creates the workspace row inside its transaction: a failed import leaves none.
      const workspaceId = opts.workspace ?? cfg.CRM_AUDIT_WORKSPACE;
      try {
        await migrateDatabase(db);
        const report = await importBundle(db.stores, workspaceId, path.resolve(source), {
          ...(opts.preset ? { preset: opts.preset } : {}),
          ...(opts.mapping ? { mappingFile: opts.mapping } : {}),
          dryRun: opts.dryRun ?? false,
          skipInvalid: opts.skipInvalid ?? false,
          full: opts.full ?? (opts.preset !== undefined && FULL_BY_DEFAULT.has(opts.preset)),
          allowDrop: opts.allowDrop ?? false,
          ...(opts.maxDrop !== undefined ? { maxDropShare: opts.maxDrop } : {}),
          ...(opts.encoding ? { encoding: opts.encoding } : {}),
          ...(opts.maxFieldChars ? { maxFieldChars: opts.maxFieldChars } : {}),
          ...(opts.dateWindow ? { dateWindow: opts.dateWindow } : {}),
          ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
          onProgress: bar.onProgress,
          onWait: (message) => console.error(message),
          lockWaitMs: opts.wait * 1000,
        });
        bar.stop();
        for (const line of formatImportReport(report)) console.log(line);
        // The report above says what failed.
        if (!report.ok) throw new CliFailure("");
      } catch (error) {
        const locked = lockedMessage(error, `import into workspace ${workspaceId}`, databaseLabel(db), opts.wait);
        if (locked) throw new CliFailure(locked);
        throw error;
      } finally {
        bar.stop();
        await db.close();
      }
    });
}
