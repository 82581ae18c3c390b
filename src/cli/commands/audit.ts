/**
 * `crm-audit audit`: run the checks over a workspace and print the run.
 *
 *   crm-audit audit [--as-of T] [--checks ids/categories...] [--format text|json|markdown|csv]
 *                   [--workspace W] [--config file] [--fail-on severity]
 *
 * Bad arguments print one line and the usage, and exit non-zero; never a stack trace.
 * With --fail-on the exit code gates a CI job or a cron script: 1 when a finding at or above
 * that severity exists, 2 for any error (usage errors included), 0 otherwise (docs/audit.md).
 */
import { Command, Option, type ErrorOptions } from "commander";
import { AUDIT_FORMATS, formatAudit, type AuditFormat } from "../../core/audit/format.js";
import { rankFindings } from "../../core/audit/scores.js";
import { CheckSelectionError } from "../../core/checks/select.js";
import { waitForImports } from "../../core/import/lock.js";
import {
  NothingToAuditError,
  UnknownWorkspaceError,
  type AuditRunResult,
  type AuditService,
} from "../../core/audit/types.js";
import { SEVERITIES, SEVERITY_WEIGHTS, type Severity } from "../../core/checks/types.js";
import { CliFailure, cliConfig, lockedMessage } from "../errors.js";

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
  failOn?: Severity;
}

/** The findings with records to fix at `severity` or above (a check that found nothing never counts). */
export function findingsAtOrAbove(run: AuditRunResult, severity: Severity) {
  return rankFindings(run).filter((f) => SEVERITY_WEIGHTS[f.severity] >= SEVERITY_WEIGHTS[severity]);
}

/**
 * With --fail-on, exit code 1 means "findings": every error, commander's own argument errors
 * included, ends with 2 instead. Read from the raw arguments because commander may reject an
 * option before it has parsed --fail-on.
 */
class AuditCommand extends Command {
  gated = false;

  override parseOptions(args: string[]) {
    this.gated = args.some((arg) => arg === "--fail-on" || arg.startsWith("--fail-on="));
    return super.parseOptions(args);
  }

  override error(message: string, options: ErrorOptions = {}): never {
    return super.error(message, this.gated ? { ...options, exitCode: 2 } : options);
  }
}

export function auditCommand(options: AuditCommandOptions = {}): Command {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const command = new AuditCommand("audit");
  command
    .description("Audit a workspace's CRM data and print the findings, scores and metrics")
    .option(
      "--as-of <instant>",
      "audit as of this instant (ISO 8601, e.g. 2026-05-01T12:00:00Z, or epoch ms); default now",
    )
    .option("--checks <ids...>", "check ids or categories to run (space- or comma-separated); default all enabled")
    .addOption(new Option("--format <format>", "output format").choices(AUDIT_FORMATS).default("text"))
    .option("--workspace <id>", "workspace to audit (default: CRM_AUDIT_WORKSPACE or 'default')")
    .option("--config <file>", "check configuration file (default: CRM_AUDIT_CONFIG)")
    .addOption(
      new Option(
        "--fail-on <severity>",
        "exit 1 when a finding at or above this severity exists, 2 on any error (for CI and cron)",
      ).choices(SEVERITIES),
    )
    .action(async (cli: CliOptions) => {
      const failed = (message: string, exitCode: number, usage = false) =>
        new CliFailure(message, { exitCode: command.gated ? 2 : exitCode, usage });
      let asOf: number | undefined;
      if (cli.asOf !== undefined) {
        const parsed = parseAsOf(cli.asOf);
        if (parsed === null)
          throw failed(`error: --as-of "${cli.asOf}" is not an ISO 8601 instant or epoch milliseconds`, 1, true);
        asOf = parsed;
      }
      const config = cliConfig(options.env ?? process.env, command.gated ? 2 : 1);
      const workspaceId = cli.workspace ?? config.CRM_AUDIT_WORKSPACE;
      if (!/^[A-Za-z0-9_.-]{1,64}$/.test(workspaceId)) {
        throw failed(`error: --workspace "${workspaceId}": letters, digits, '.', '_' or '-', at most 64`, 1, true);
      }
      const configFile = cli.config ?? config.CRM_AUDIT_CONFIG;
      // Loaded here, not at the top: Prisma and the audit service cost ≈ 0.3 s that --help need not pay.
      const [{ openAnyDatabase, migrateDatabase, databaseLabel }, { createAuditService }] = await Promise.all([
        import("../../db/database.js"),
        import("../../core/audit/service.js"),
      ]);
      // SQLite or PostgreSQL, as DATABASE_URL says (docs/storage.md).
      const db = await openAnyDatabase(config.DATABASE_URL);
      let service: AuditService | undefined;
      let run: AuditRunResult;
      let output: string;
      try {
        await migrateDatabase(db);
        service = createAuditService(db.stores, {
          ...(configFile ? { configFile } : {}),
          ...(options.checksModule ? { checksModule: options.checksModule } : {}),
        });
        const select = splitList(cli.checks);
        // An import of the workspace in another process: audit what it writes, once it is in.
        await waitForImports(db.stores.importLocks, workspaceId, { onWait: (message) => console.error(message) });
        run = await service.run({
          workspaceId,
          ...(asOf !== undefined ? { asOf } : {}),
          ...(select ? { select } : {}),
          trigger: "cli",
          requestedBy: null,
        });
        // The CSV names each record and its owner, read while the database is open.
        const { findRecordDetails } = await import("../../db/stores/record-details.js");
        output = formatAudit(run, cli.format, {
          details: (entity, ids, fields) => findRecordDetails(db.sql, workspaceId, entity, ids, fields),
        });
      } catch (error) {
        const locked = lockedMessage(error, `audit of workspace ${workspaceId}`, databaseLabel(db));
        throw error instanceof CheckSelectionError
          ? failed(`error: ${error.message}`, 1, true)
          : error instanceof UnknownWorkspaceError || error instanceof NothingToAuditError
            ? failed(`error: ${error.message}`, 2)
            : failed(locked ?? `error: audit failed: ${firstLine(error)}`, 2);
      } finally {
        await service?.close();
        await db.close();
      }
      write(output);
      if (cli.failOn) {
        const over = findingsAtOrAbove(run, cli.failOn);
        if (over.length > 0) {
          const ids = over.map((f) => f.checkId).join(", ");
          throw new CliFailure(`--fail-on ${cli.failOn}: ${over.length} finding(s) at ${cli.failOn} or above: ${ids}`);
        }
      }
    });
  return command;
}
