/**
 * `/crm-audit` text → a command module and its arguments. The text is split into tokens (quotes
 * group words); the command's own `args` reads the rest, and anything else becomes a usage
 * error naming the command, so every platform answers bad input the same way.
 */
import { UsageError } from "./args.js";
import type { CommandMeta, CommandModule } from "./define.js";
import { COMMAND_NAME } from "./name.js";
import { COMMANDS, commandNamed } from "./registry.js";

/** What the command modules' `args` produce: `kind` names the command (config has several kinds). */
export type Command = { kind: string } & Record<string, unknown>;

export type ParseResult = { ok: true; command: Command } | { ok: false; error: string; usage: string };

/** "/crm-audit config | config set …": a command's usage forms on one line. */
export function usageLine(meta: CommandMeta): string {
  return `${COMMAND_NAME} ${meta.usage.join(" | ")}`;
}

/** Splits on whitespace; "double" or 'single' quotes keep spaces inside one token. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of text.matchAll(re)) tokens.push(m[1] ?? m[2] ?? m[3]!);
  return tokens;
}

export type Parsed =
  { ok: true; module: CommandModule<unknown>; args: unknown } | { ok: false; error: string; usage: string };

/** Parses the text after `/crm-audit` (a leading "/crm-audit" or "crm-audit" is ignored). */
export function parseWithModule(text: string): Parsed {
  const tokens = tokenize(text.trim());
  if (tokens[0] === COMMAND_NAME || tokens[0] === COMMAND_NAME.slice(1)) tokens.shift();
  const [name = "help", ...rest] = tokens;
  const module = commandNamed(name) as CommandModule<unknown> | undefined;
  if (!module) {
    return { ok: false, error: `unknown command "${name}"`, usage: COMMANDS.map((c) => usageLine(c.meta)).join("\n") };
  }
  try {
    return { ok: true, module, args: module.args(rest) };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { ok: false, error: error.message, usage: usageLine(module.meta) };
  }
}

export function parseCommand(text: string): ParseResult {
  const parsed = parseWithModule(text);
  return parsed.ok ? { ok: true, command: parsed.args as Command } : parsed;
}

/** Whether the text is a command whose answer only reads, so it may be produced again (Slack's "show more"). */
export function isReadOnlyCommand(text: string): boolean {
  const parsed = parseWithModule(text);
  if (!parsed.ok) return parsed.error.startsWith("unknown command") ? false : true;
  return parsed.module.readOnly ? parsed.module.readOnly(parsed.args) : parsed.module.meta.readOnly;
}
