/** `crm-audit …` as a user runs it: the real bin in a child process, on a given SQLite file. */
import { spawnSync } from "node:child_process";
import path from "node:path";

const BIN = path.resolve(import.meta.dirname, "../../bin/crm-audit.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with DATABASE_URL on `dbFile`, the console off, and `env` on top; never a TTY. */
export function runCli(
  args: string[],
  dbFile: string,
  options: { env?: Record<string, string>; cwd?: string } = {},
): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: `file:${dbFile}`, CONSOLE: "off", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
