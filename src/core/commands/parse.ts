/**
 * `/crm-audit` text → a typed Command. The text is split into tokens (quotes group words) and
 * each subcommand's arguments are parsed with a zod schema; anything else becomes a usage
 * error naming the subcommand, so every platform answers bad input the same way.
 */
import { z } from "zod";

export type UserRef =
  /** A chat mention such as Slack's <@U123|ann>: a platform user id. */
  | { kind: "mention"; userId: string }
  /** A CRM user id or email, or a bare @handle. */
  | { kind: "crm"; idOrEmail: string };

export type Command =
  | { kind: "help" }
  | { kind: "run"; select: string[]; post: boolean }
  | { kind: "status" }
  | { kind: "findings"; checkId: string; page: number }
  | { kind: "overdue"; who: UserRef | null }
  | { kind: "history"; limit: number }
  | { kind: "config" }
  | { kind: "config-set"; checkId: string; key: string; value: unknown }
  | { kind: "config-enable"; checkId: string; enabled: boolean };

export type ParseResult = { ok: true; command: Command } | { ok: false; error: string; usage: string };

export const USAGE: Record<string, string> = {
  help: "help",
  run: "run [category|check ...] [--post]",
  status: "status",
  findings: "findings <check> [page]",
  overdue: "overdue [@user|email]",
  history: "history [n]",
  config: "config | config set <check> <key> <value> | config enable|disable <check>",
};

export const COMMAND_NAME = "/crm-audit";

/** Check ids ("contact.stale") and category names ("data-quality"). */
const selector = z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)?$/, "is not a check id or category");
const checkId = z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9-]+$/, 'is not a check id such as "contact.stale"');
const positiveInt = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(1, "must be at least 1").max(max, `must be at most ${max}`));

/** Splits on whitespace; "double" or 'single' quotes keep spaces inside one token. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of text.matchAll(re)) tokens.push(m[1] ?? m[2] ?? m[3]!);
  return tokens;
}

/** "25" → 25, "true" → true, "x" → "x": the check's zod schema decides what is valid. */
function parseValue(raw: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (raw === "true" || raw === "false") return raw === "true";
  if (/^[[{]/.test(raw)) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

function parseUserRef(token: string): UserRef | null {
  const mention = /^<@([A-Za-z0-9._:-]+)(\|[^>]*)?>$/.exec(token);
  if (mention) return { kind: "mention", userId: mention[1]! };
  const handle = token.startsWith("@") ? token.slice(1) : token;
  if (!handle || /[<>\s]/.test(handle)) return null;
  return { kind: "crm", idOrEmail: handle };
}

class UsageError extends Error {
  constructor(
    message: string,
    readonly subcommand: string,
  ) {
    super(message);
  }
}

function expect<T>(schema: z.ZodType<T>, token: string, what: string, subcommand: string): T {
  const result = schema.safeParse(token);
  if (!result.success) throw new UsageError(`"${token}" ${result.error.issues[0]!.message} (${what})`, subcommand);
  return result.data;
}

function tooMany(args: string[], max: number, subcommand: string): void {
  if (args.length > max) throw new UsageError(`unexpected "${args[max]}"`, subcommand);
}

function parseTokens(name: string, args: string[]): Command {
  switch (name) {
    case "help":
      return { kind: "help" };
    case "status":
      tooMany(args, 0, name);
      return { kind: "status" };
    case "run": {
      const post = args.includes("--post");
      const rest = args.filter((a) => a !== "--post");
      const flag = rest.find((a) => a.startsWith("-"));
      if (flag) throw new UsageError(`unknown option "${flag}"`, name);
      return { kind: "run", post, select: rest.map((a) => expect(selector, a, "category or check", name)) };
    }
    case "findings": {
      if (args.length === 0) throw new UsageError("which check? e.g. findings contact.stale", name);
      tooMany(args, 2, name);
      const page = args[1] === undefined ? 1 : expect(positiveInt(100_000), args[1], "page", name);
      return { kind: "findings", checkId: expect(checkId, args[0]!, "check", name), page };
    }
    case "overdue": {
      tooMany(args, 1, name);
      if (args.length === 0) return { kind: "overdue", who: null };
      const who = parseUserRef(args[0]!);
      if (!who) throw new UsageError(`"${args[0]}" is not a user`, name);
      return { kind: "overdue", who };
    }
    case "history":
      tooMany(args, 1, name);
      return { kind: "history", limit: args[0] === undefined ? 10 : expect(positiveInt(50), args[0], "n", name) };
    case "config": {
      const [verb, ...rest] = args;
      if (verb === undefined) return { kind: "config" };
      if (verb === "set") {
        if (rest.length !== 3) throw new UsageError("config set needs <check> <key> <value>", name);
        const key = expect(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, "is not a setting name"), rest[1]!, "key", name);
        return {
          kind: "config-set",
          checkId: expect(checkId, rest[0]!, "check", name),
          key,
          value: parseValue(rest[2]!),
        };
      }
      if (verb === "enable" || verb === "disable") {
        if (rest.length !== 1) throw new UsageError(`config ${verb} needs one <check>`, name);
        return { kind: "config-enable", checkId: expect(checkId, rest[0]!, "check", name), enabled: verb === "enable" };
      }
      throw new UsageError(`unknown config action "${verb}"`, name);
    }
    default:
      throw new UsageError(`unknown command "${name}"`, "help");
  }
}

/** Parses the text after `/crm-audit` (a leading "/crm-audit" or "crm-audit" is ignored). */
export function parseCommand(text: string): ParseResult {
  const tokens = tokenize(text.trim());
  if (tokens[0] === COMMAND_NAME || tokens[0] === COMMAND_NAME.slice(1)) tokens.shift();
  const [name = "help", ...args] = tokens;
  const lower = name.toLowerCase();
  try {
    return { ok: true, command: parseTokens(lower, args) };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const usage =
      error.subcommand === "help"
        ? Object.values(USAGE)
            .map((u) => `${COMMAND_NAME} ${u}`)
            .join("\n")
        : `${COMMAND_NAME} ${USAGE[error.subcommand]}`;
    return { ok: false, error: error.message, usage };
  }
}
