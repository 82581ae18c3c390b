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
  /** `value` as typed: the setting's schema decides how to read it (commands/check-config.ts). */
  | { kind: "config-set"; checkId: string; key: string; value: string }
  | { kind: "config-enable"; checkId: string; enabled: boolean }
  | { kind: "config-reset"; checkId: string; key: string | null };

export type ParseResult = { ok: true; command: Command } | { ok: false; error: string; usage: string };

export const USAGE: Record<string, string> = {
  help: "help",
  run: "run [category|check ...] [--post]",
  status: "status",
  findings: "findings <check> [page]",
  overdue: "overdue [@user|email]",
  history: "history [n]",
  config:
    "config | config set <check> <setting> <value> | config set <check> severity <low|medium|high|critical> | config enable|disable <check> | config reset <check> [setting]",
};

export const COMMAND_NAME = "/crm-audit";

/** Check and category names are resolved against the registry by the core (checks/select.ts). */
const checkName = z.string().min(1, "is empty");
const settingName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, "is not a setting name");
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
      return { kind: "run", post, select: rest.map((a) => expect(checkName, a, "category or check", name)) };
    }
    case "findings": {
      if (args.length === 0) throw new UsageError("which check? e.g. findings contact.stale", name);
      tooMany(args, 2, name);
      const page = args[1] === undefined ? 1 : expect(positiveInt(100_000), args[1], "page", name);
      return { kind: "findings", checkId: expect(checkName, args[0]!, "check", name), page };
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
        // A list may be typed with spaces ("DE FR"): everything after the setting is the value.
        if (rest.length < 3) throw new UsageError("config set needs <check> <setting> <value>", name);
        return {
          kind: "config-set",
          checkId: expect(checkName, rest[0]!, "check", name),
          key: expect(settingName, rest[1]!, "setting", name),
          value: rest.slice(2).join(" "),
        };
      }
      if (verb === "enable" || verb === "disable") {
        if (rest.length !== 1) throw new UsageError(`config ${verb} needs one <check>`, name);
        return {
          kind: "config-enable",
          checkId: expect(checkName, rest[0]!, "check", name),
          enabled: verb === "enable",
        };
      }
      if (verb === "reset") {
        if (rest.length < 1 || rest.length > 2) throw new UsageError("config reset needs <check> [setting]", name);
        const key = rest[1] === undefined ? null : expect(settingName, rest[1], "setting", name);
        return { kind: "config-reset", checkId: expect(checkName, rest[0]!, "check", name), key };
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
