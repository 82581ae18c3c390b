/**
 * `crm-audit`: the commands of src/cli/commands/index.ts. Commands fail by throwing a
 * CliFailure; this module alone turns failures into exit codes (`main()` returns it,
 * bin/crm-audit.js sets it). Wrong arguments print a short usage line and exit non-zero; no
 * command ever ends in a stack trace (set DEBUG=1 to see one).
 */
import fs from "node:fs";
import path from "node:path";
import { Command, CommanderError } from "commander";
import { COMMANDS } from "./commands/index.js";
import type { CliContext, CommandFactory } from "./context.js";
import { CliFailure, USAGE_HINT } from "./errors.js";
import { APP_VERSION } from "../version.js";

export function buildProgram(
  env: NodeJS.ProcessEnv = process.env,
  commands: readonly CommandFactory[] = COMMANDS,
): Command {
  const program = new Command("crm-audit")
    .description("Audit a copy of your CRM data and report findings in Slack, Teams or a local console.")
    .version(APP_VERSION, "-v, --version");
  const ctx: CliContext = { env, exit: (code) => process.exit(code) };
  for (const create of commands) program.addCommand(create(ctx));
  return program;
}

/**
 * Parses `args` with `program` and runs the command; returns the exit code. Errors go to the
 * program's error output (configureOutput's writeErr) as one line, usage errors with the hint.
 */
export async function runProgram(
  program: Command,
  args: readonly string[],
  from: "node" | "user" = "node",
): Promise<number> {
  // Every (sub)command: the same hint and suggestions, errors as one line, and no process.exit
  // inside commander, so the code is decided below.
  program
    .showHelpAfterError(USAGE_HINT)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  const inherit = (command: Command) =>
    command.commands.forEach((sub) => {
      sub.copyInheritedSettings(command);
      inherit(sub);
    });
  inherit(program);
  const writeErr = (text: string) =>
    (program.configureOutput().writeErr ?? process.stderr.write.bind(process.stderr))(text);
  try {
    await program.parseAsync(args, { from });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode; // commander already printed usage or help
    if (process.env.DEBUG) console.error(error);
    else if (error instanceof CliFailure) {
      if (error.message) writeErr(`${error.message}\n${error.usage ? `${USAGE_HINT}\n` : ""}`);
    } else writeErr(`error: ${(error as Error).message}\n`);
    return error instanceof CliFailure ? error.exitCode : 1;
  }
}

/** `.env` in the working directory fills in variables the environment does not set; it never overrides them. */
function loadDotEnv(file = path.resolve(".env")): void {
  if (fs.existsSync(file)) process.loadEnvFile(file);
}

/** The command line: runs `argv` and returns the exit code (bin/crm-audit.js sets it). */
export async function main(argv: readonly string[] = process.argv): Promise<number> {
  loadDotEnv();
  return runProgram(buildProgram(), argv);
}
