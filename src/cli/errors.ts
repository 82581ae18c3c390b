/**
 * The one way a command fails: it throws a CliFailure, and main.ts (the only place that knows
 * about exit codes) prints it and returns its code. Usage errors end with the "--help" hint,
 * every other failure is one line.
 */
import { ConfigError, loadConfig, type AppConfig } from "../config.js";

export const USAGE_HINT = "(run with --help for usage)";

export class CliFailure extends Error {
  readonly exitCode: number;
  /** A wrong argument: printed with USAGE_HINT after it. */
  readonly usage: boolean;

  /** An empty message prints nothing: the command has already said why (e.g. the import's report). */
  constructor(message: string, options: { exitCode?: number; usage?: boolean } = {}) {
    super(message);
    this.name = "CliFailure";
    this.exitCode = options.exitCode ?? 1;
    this.usage = options.usage ?? false;
  }
}

/** The configuration, or a one-line failure naming the setting. */
export function cliConfig(env: NodeJS.ProcessEnv, exitCode = 1): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliFailure(error.message, { exitCode });
    throw error;
  }
}

/**
 * A sentence for SQLite's "database is locked" (SQLITE_BUSY, after the connection's busy
 * timeout in src/db/sqlite/connection.ts), saying what waited and on which file; null for other errors.
 */
export function lockedMessage(error: unknown, what: string, file: string, waitedSeconds = 5): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_BUSY")) return null;
  return `error: ${what}: the database ${file} is locked by another writer (an import, an audit or the bot); gave up after waiting ${waitedSeconds} s, try again when it is done`;
}
