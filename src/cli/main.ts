/**
 * `crm-audit`: import, sample, audit, serve, db migrate. Wrong arguments print a short usage
 * line and exit non-zero; no command ever ends in a stack trace (set DEBUG=1 to see one).
 */
import path from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import fs from "node:fs";
import os from "node:os";
import { ConfigError, loadConfig, type AppConfig } from "../config.js";
import { createLogger, logUnhandledRejections } from "../logger.js";
import { auditCommand } from "./commands/audit.js";
import { lockedMessage } from "./errors.js";
import { createProgressBar } from "./progress.js";
// Small modules without dependencies: the importer itself is still loaded on demand.
import {
  DEFAULT_DATE_WINDOW,
  DEFAULT_MAX_FIELD_CHARS,
  parseDateWindow,
  type DateWindow,
} from "../core/import/limits.js";
import { IMPORT_ENCODINGS, type ImportEncoding } from "../core/import/types.js";

// The app, the importer and the sample generator (faker's data) are loaded by the command that
// needs them, so `--help` and usage errors answer quickly.
const APP_VERSION = (
  JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;
/** The database modules load Prisma (≈ 0.3 s): only the commands that open the database pay for it. */
async function openers() {
  const [{ openDatabase }, { applyMigrations }] = await Promise.all([
    import("../db/database.js"),
    import("../db/migrate.js"),
  ]);
  return { openDatabase, applyMigrations };
}

/** Nice 10: the process gets CPU time that nothing more urgent wants. Not possible everywhere; then as is. */
function lowerCpuPriority(): void {
  try {
    os.setPriority(Math.max(os.getPriority(), 10));
  } catch {
    // e.g. a sandbox without setpriority: the import still runs, at normal priority.
  }
}

/** A user-facing failure: printed as one line, exit code 1. */
class CliError extends Error {}

function integer(min: number, max: number) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError("must be a whole number.");
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`must be between ${min} and ${max}.`);
    return n;
  };
}

function dateWindow(value: string): DateWindow {
  const window = parseDateWindow(value);
  if (typeof window === "string") throw new InvalidArgumentError(`${window}.`);
  return window;
}

function config(env: NodeJS.ProcessEnv): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
}

export function buildProgram(env: NodeJS.ProcessEnv = process.env): Command {
  const program = new Command("crm-audit")
    .description("Audit a copy of your CRM data and report findings in Slack, Teams or a local console.")
    .version(APP_VERSION, "-v, --version")
    .showHelpAfterError("(run with --help for usage)")
    .showSuggestionAfterError(true);

  program
    .command("serve")
    .description("start the bot: HTTP server (/healthz, Slack, Teams) and the local console on a terminal")
    .action(async () => {
      const cfg = config(env);
      // On a terminal with the console, info lines would print over the prompt: warnings only,
      // unless LOG_LEVEL asks for more.
      const consoleOnTerminal = cfg.CONSOLE !== "off" && process.stdin.isTTY && process.stdout.isTTY;
      const logger = createLogger(consoleOnTerminal && !env.LOG_LEVEL ? "warn" : cfg.LOG_LEVEL);
      logUnhandledRejections(logger);
      const { startApp } = await import("../app.js");
      const app = await startApp(cfg, logger, { stdin: process.stdin, stdout: process.stdout });
      let signals = 0;
      const onSignal = (signal: NodeJS.Signals) => {
        // A second Ctrl+C while stopping means "now".
        if (++signals > 1) process.exit(1);
        logger.info(`${signal}: stopping`);
        void app.stop();
      };
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      await app.stopped;
      // Exit even if a library left a timer or socket behind: the bot was asked to stop.
      process.exit(Number(process.exitCode ?? 0));
    });

  program
    .command("import")
    .description("import a canonical CSV/JSON bundle or a HubSpot/Salesforce export into a workspace")
    .argument("<source>", "a folder of CSV files, or one CSV/JSON file")
    .addOption(new Option("--preset <preset>", "column names of a CRM's export").choices(["hubspot", "salesforce"]))
    .option("--mapping <file>", "YAML/JSON file mapping your columns onto the canonical ones")
    .option("--dry-run", "validate and report, write nothing")
    .option("--skip-invalid", "skip bad rows (listed) instead of importing nothing")
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
    .action(
      async (
        source: string,
        opts: {
          preset?: "hubspot" | "salesforce";
          mapping?: string;
          dryRun?: boolean;
          skipInvalid?: boolean;
          workspace?: string;
          encoding?: ImportEncoding;
          maxFieldChars?: number;
          dateWindow?: DateWindow;
          wait: number;
        },
      ) => {
        const cfg = config(env);
        // An import is a batch job and the bot beside it is interactive: on a busy machine the
        // bot's answers come first (docs/import.md, "Imports while the bot runs").
        lowerCpuPriority();
        const { formatImportReport, importBundle } = await import("../core/import/index.js");
        const { openDatabase, applyMigrations } = await openers();
        // Each attempt to write waits at most --wait (SQLite's busy timeout), and the import retries
        // for --wait in all: the message on giving up can say how long it waited.
        const db = openDatabase(cfg.DATABASE_URL, { busyTimeoutMs: Math.min(5000, opts.wait * 1000) });
        const bar = createProgressBar(opts.dryRun ? "validating" : "importing", process.stderr);
        // importBundle creates the workspace row inside its transaction: a failed import leaves none.
        const workspaceId = opts.workspace ?? cfg.CRM_AUDIT_WORKSPACE;
        try {
          applyMigrations(db.sqlite);
          const report = await importBundle(db, workspaceId, path.resolve(source), {
            ...(opts.preset ? { preset: opts.preset } : {}),
            ...(opts.mapping ? { mappingFile: opts.mapping } : {}),
            dryRun: opts.dryRun ?? false,
            skipInvalid: opts.skipInvalid ?? false,
            ...(opts.encoding ? { encoding: opts.encoding } : {}),
            ...(opts.maxFieldChars ? { maxFieldChars: opts.maxFieldChars } : {}),
            ...(opts.dateWindow ? { dateWindow: opts.dateWindow } : {}),
            onProgress: bar.onProgress,
            onWait: (message) => console.error(message),
            lockWaitMs: opts.wait * 1000,
          });
          bar.stop();
          for (const line of formatImportReport(report)) console.log(line);
          if (!report.ok) process.exitCode = 1;
        } catch (error) {
          const locked = lockedMessage(error, `import into workspace ${workspaceId}`, db.file, opts.wait);
          if (locked) throw new CliError(locked);
          throw error;
        } finally {
          bar.stop();
          await db.close();
        }
      },
    );

  program
    .command("sample")
    .description("write the seeded sample dataset (a canonical CSV bundle with known defects and its ground truth)")
    // The generator checks its own minimum (and says so); here only the shape of the number.
    .option("--contacts <n>", "number of contacts (at most 1000000)", integer(1, 1_000_000), 2000)
    .option("--seed <n>", "random seed: the same seed gives the same data", integer(0, 0xffffffff), 42)
    .option("--out <dir>", "output folder", "sample-data")
    .action(async (opts: { contacts: number; seed: number; out: string }) => {
      const { writeSampleBundle } = await import("../core/sample/index.js");
      const summary = await writeSampleBundle(path.resolve(opts.out), { contacts: opts.contacts, seed: opts.seed });
      const counts = Object.entries(summary.counts)
        .map(([entity, n]) => `${entity} ${n.toLocaleString("en")}`)
        .join(", ");
      console.log(
        `wrote ${opts.out}: ${counts} (as of ${summary.asOf}) in ${(summary.durationMs / 1000).toFixed(1)} s`,
      );
      console.log(`ground truth: ${summary.groundTruthPath}`);
    });

  program.addCommand(auditCommand({ env }));

  const db = program.command("db").description("database maintenance");
  db.command("migrate")
    .description("apply the committed migrations to DATABASE_URL (serve does this on start too)")
    .action(async () => {
      const cfg = config(env);
      const { openDatabase, applyMigrations } = await openers();
      const database = openDatabase(cfg.DATABASE_URL);
      try {
        const result = applyMigrations(database.sqlite);
        console.log(
          result.applied.length
            ? `applied ${result.applied.join(", ")} to ${database.file}`
            : `${database.file} is up to date (${result.alreadyApplied} migrations)`,
        );
      } finally {
        await database.close();
      }
    });

  // Every (sub)command: errors as one line, no process.exit inside commander, so main decides the code.
  const configure = (command: Command) => {
    command.exitOverride();
    command.configureOutput({ outputError: (text, write) => write(text) });
    command.commands.forEach(configure);
  };
  configure(program);
  return program;
}

/** `.env` in the working directory fills in variables the environment does not set; it never overrides them. */
function loadDotEnv(file = path.resolve(".env")): void {
  if (fs.existsSync(file)) process.loadEnvFile(file);
}

export async function main(argv: string[] = process.argv): Promise<number> {
  loadDotEnv();
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode; // commander already printed usage or help
    if (process.env.DEBUG) console.error(error);
    else if (error instanceof CliError) console.error(error.message);
    else console.error(`error: ${(error as Error).message}`);
    return 1;
  }
}

process.exitCode = await main();
