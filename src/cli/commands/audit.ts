/**
 * `crm-audit audit`: run the checks over a workspace and print the run.
 *
 *   crm-audit audit [--as-of T] [--checks ids/categories...] [--format text|json|markdown|csv]
 *                   [--workspace W] [--config file]
 *
 * Bad arguments print one line and the usage, and exit non-zero; never a stack trace.
 */
import { Command, Option } from "commander";
import { AUDIT_FORMATS, formatAudit, type AuditFormat } from "../../core/audit/format.js";
import { CheckSelectionError } from "../../core/checks/select.js";
import { waitForImports } from "../../core/import/lock.js";
import { NothingToAuditError, UnknownWorkspaceError, type AuditService } from "../../core/audit/types.js";
import { ConfigError, loadConfig } from "../../config.js";
import { failCommand, lockedMessage } from "../errors.js";

export interface AuditCommandOptions {
  /** Checks provider module (see src/core/audit/task.ts); default: the built-in catalogue. */
  checksModule?: string | URL;
  env?: NodeJS.ProcessEnv;
  write?: (text: string) => void;
}

/**
 * ISO 8601 (a date alone is 00:00 UTC, a time without offset is read as UTC) or epoch
 * milliseconds → epoch milliseconds; null when it is neither.
 */
export function parseAsOf(value: string): number | null {
  const text = value.trim();
  if (/^\d{10,}$/.test(text)) return Number(text);
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.test(text)) return null;
  const hasTime = /[T ]\d{2}:/.test(text);
  const zoned = hasTime && !/(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? `${text.replace(" ", "T")}Z` : text.replace(" ", "T");
  const ms = Date.parse(hasTime ? zoned : `${text}T00:00:00Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** `--checks a,b c` → ["a", "b", "c"]. */
function splitList(values: string[] | undefined): string[] | undefined {
  const list = (values ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
  return list.length > 0 ? list : undefined;
}

/** The first line of an error (a YAML parser adds the offending lines of the file after it). */
const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split("\n")[0]!;

interface CliOptions {
  asOf?: string;
  checks?: string[];
  format: AuditFormat;
  workspace?: string;
  config?: string;
}

export function auditCommand(options: AuditCommandOptions = {}): Command {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const command = new Command("audit")
    .description("Audit a workspace's CRM data and print the findings, scores and metrics")
    .option(
      "--as-of <instant>",
      "audit as of this instant (ISO 8601, e.g. 2026-05-01T12:00:00Z, or epoch ms); default now",
    )
    .option("--checks <ids...>", "check ids or categories to run (space- or comma-separated); default all enabled")
    .addOption(new Option("--format <format>", "output format").choices(AUDIT_FORMATS).default("text"))
    .option("--workspace <id>", "workspace to audit (default: CRM_AUDIT_WORKSPACE or 'default')")
    .option("--config <file>", "check configuration file (default: CRM_AUDIT_CONFIG)")
    .showHelpAfterError("(run with --help for usage)")
    .action(async (cli: CliOptions) => {
      let asOf: number | undefined;
      if (cli.asOf !== undefined) {
        const parsed = parseAsOf(cli.asOf);
        if (parsed === null)
          command.error(`error: --as-of "${cli.asOf}" is not an ISO 8601 instant or epoch milliseconds`);
        asOf = parsed ?? undefined;
      }
      let config;
      try {
        config = loadConfig(options.env ?? process.env);
      } catch (error) {
        if (error instanceof ConfigError) failCommand(command, error.message);
        throw error;
      }
      const workspaceId = cli.workspace ?? config.CRM_AUDIT_WORKSPACE;
      if (!/^[A-Za-z0-9_.-]{1,64}$/.test(workspaceId)) {
        command.error(`error: --workspace "${workspaceId}": letters, digits, '.', '_' or '-', at most 64`);
      }
      const configFile = cli.config ?? config.CRM_AUDIT_CONFIG;
      // Loaded here, not at the top: Prisma and the audit service cost ≈ 0.3 s that --help need not pay.
      const [{ openDatabase }, { applyMigrations }, { createAuditService }] = await Promise.all([
        import("../../db/database.js"),
        import("../../db/migrate.js"),
        import("../../core/audit/service.js"),
      ]);
      const db = openDatabase(config.DATABASE_URL);
      let failure: { message: string; exitCode: number; usage: boolean } | null = null;
      let service: AuditService | undefined;
      try {
        applyMigrations(db.sqlite);
        service = createAuditService(db, {
          ...(configFile ? { configFile } : {}),
          ...(options.checksModule ? { checksModule: options.checksModule } : {}),
        });
        const select = splitList(cli.checks);
        // An import of the workspace in another process: audit what it writes, once it is in.
        await waitForImports(db.sqlite, workspaceId, { onWait: (message) => console.error(message) });
        const run = await service.run({
          workspaceId,
          ...(asOf !== undefined ? { asOf } : {}),
          ...(select ? { select } : {}),
          trigger: "cli",
          requestedBy: null,
        });
        write(formatAudit(run, cli.format));
      } catch (error) {
        const locked = lockedMessage(error, `audit of workspace ${workspaceId}`, db.file);
        failure =
          error instanceof CheckSelectionError
            ? { message: `error: ${error.message}`, exitCode: 1, usage: true }
            : error instanceof UnknownWorkspaceError || error instanceof NothingToAuditError
              ? { message: `error: ${error.message}`, exitCode: 2, usage: false }
              : { message: locked ?? `error: audit failed: ${firstLine(error)}`, exitCode: 2, usage: false };
      } finally {
        await service?.close();
        await db.close();
      }
      // After closing the database: command.error() exits the process.
      if (failure?.usage) command.error(failure.message, { exitCode: failure.exitCode });
      if (failure) failCommand(command, failure.message, failure.exitCode);
    });
  return command;
}
