/**
 * What command modules parse their tokens with: a usage error type and small zod-backed readers,
 * so every command answers bad input the same way ("<token>" <problem> (<what>)).
 */
import { z } from "zod";

export class UsageError extends Error {
  override name = "UsageError";
}

export type UserRef =
  /** A chat mention such as Slack's <@U123|ann>: a platform user id. */
  | { kind: "mention"; userId: string }
  /** A CRM user id, email, or a name or part of one; a bare @handle loses its "@". */
  | { kind: "crm"; idOrEmail: string };

/** Check and category names are resolved against the registry by the command (checks/select.ts). */
export const checkName = z.string().min(1, "is empty");
export const settingName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, "is not a setting name");
export const positiveInt = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(1, "must be at least 1").max(max, `must be at most ${max}`));

export function expectArg<T>(schema: z.ZodType<T>, token: string, what: string): T {
  const result = schema.safeParse(token);
  if (!result.success) throw new UsageError(`"${token}" ${result.error.issues[0]!.message} (${what})`);
  return result.data;
}

export function tooMany(args: readonly string[], max: number): void {
  if (args.length > max) throw new UsageError(`unexpected "${args[max]}"`);
}

export function parseUserRef(token: string): UserRef | null {
  const mention = /^<@([A-Za-z0-9._:-]+)(\|[^>]*)?>$/.exec(token);
  if (mention) return { kind: "mention", userId: mention[1]! };
  // A name with spaces comes quoted ("Ann Lee"): one token.
  const handle = (token.startsWith("@") ? token.slice(1) : token).trim();
  if (!handle || /[<>]/.test(handle)) return null;
  return { kind: "crm", idOrEmail: handle };
}
