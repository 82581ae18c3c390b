/** Failures of the command line that are not usage errors: one line, no "--help" hint. */
import { CommanderError, type Command } from "commander";

/**
 * A sentence for SQLite's "database is locked" (SQLITE_BUSY, after the connection's busy
 * timeout in src/db/sqlite.ts), saying what waited and on which file; null for other errors.
 */
export function lockedMessage(error: unknown, what: string, file: string, waitedSeconds = 5): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_BUSY")) return null;
  return `error: ${what}: the database ${file} is locked by another writer (an import, an audit or the bot); gave up after waiting ${waitedSeconds} s, try again when it is done`;
}

/**
 * Prints `message` as the command's error output and ends the command with `exitCode`,
 * without the usage hint that `command.error` adds (that belongs to usage errors only).
 */
export function failCommand(command: Command, message: string, exitCode = 1): never {
  const output = command.configureOutput();
  const write = output.writeErr ?? ((text: string) => void process.stderr.write(text));
  if (output.outputError) output.outputError(`${message}\n`, write);
  else write(`${message}\n`);
  throw new CommanderError(exitCode, "crm-audit.failed", message);
}
