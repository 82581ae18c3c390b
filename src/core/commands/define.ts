/**
 * The unit of extension for chat, shaped like a check: one command per file
 * (`defineCommand({ meta, args, run })`, src/core/commands/chat/) and one button action per
 * file (`defineAction({ id, run })`, src/core/commands/buttons/), listed in registry.ts. The
 * parser, `help`, usage errors, the read-only set Slack's "show more" replays, and the command
 * tables of README.md and docs/usage.md all come from `meta` (test/core/commands/docs.test.ts).
 */
import type { AuditService } from "../audit/types.js";
import type { CheckSettings } from "../checks/config.js";
import type { Check } from "../checks/types.js";
import type { KpiSettings } from "../kpis/config.js";
import type { Logger } from "../../logger.js";
import type { ChatDirectory, Deliverer } from "../delivery.js";
import type { Message } from "../messages/model.js";
import type { ChatStores } from "../stores/chat.js";
import type { JobQueue } from "../jobs/runner.js";
import type { ActionId, ActionValue } from "./actions.js";
import type { RequestContext, Responder } from "./types.js";

export const COMMAND_CATEGORIES = {
  audit: "Audit",
  work: "Your work",
  people: "People",
  settings: "Settings",
} as const;
export type CommandCategory = keyof typeof COMMAND_CATEGORIES;

export interface CommandMeta {
  /** The word typed after `/crm-audit`. */
  name: string;
  /** Every form of the command after `/crm-audit`, e.g. "findings <check> [page]". */
  usage: readonly string[];
  /** One line for `help`. */
  summary: string;
  /** Who may use it at all; finer rules (run --post) are the module's `adminOnly`. */
  who: "anyone" | "admin";
  /** The "who" column of the docs when it says more than `who`, e.g. "anyone; `--post` admins". */
  whoNote?: string;
  /** The answer changes nothing, so Slack's "show more" may produce it again (src/slack/show-more.ts). */
  readOnly: boolean;
  category: CommandCategory;
}

/** What every command and action gets besides its own arguments. */
export interface ChatServices {
  stores: ChatStores;
  audit: AuditService;
  logger: Logger;
  /** The checks the audit knows (the registry), to validate check names and settings. */
  checks: readonly Check[];
  /** Settings from the check configuration file by check id (defaults ← file ← workspace overrides). */
  fileSettings: Readonly<Record<string, CheckSettings>>;
  /** The configuration file's `kpis:` section (seats, costs, gains) and system users, for `kpi` (docs/kpis.md). */
  kpiSettings: KpiSettings;
  now(): number;
  /** The registered commands, for `help`. */
  commands: readonly CommandMeta[];
  /** Sends messages to people and channels other than the one asking (invitations, reassign requests). */
  deliver: Deliverer["deliver"];
  /** Finds the chat user behind a CRM user's email. */
  directory: ChatDirectory;
  /** Long work queued in the database (docs/jobs.md); without it, audits run in this process. */
  jobs?: JobQueue;
}

export interface CommandContext<A> extends ChatServices {
  request: RequestContext;
  args: A;
  out: Responder;
  /** A usage error of this command: what was wrong and its usage line. */
  usage(error: string): Message;
}

export interface CommandModule<A = unknown> {
  meta: CommandMeta;
  /** Tokens after the command name → arguments; throws UsageError (args.ts) on bad input. */
  args(tokens: string[]): A;
  /**
   * A refusal when these arguments need an admin and the actor is not one (checked by the
   * dispatcher, beside `meta.who`); null when anyone may.
   */
  adminOnly?(args: A): string | null;
  /** Whether these arguments only read (default: meta.readOnly). */
  readOnly?(args: A): boolean;
  run(context: CommandContext<A>): Promise<void>;
}

export function defineCommand<A>(command: CommandModule<A>): CommandModule<A> {
  return command;
}

export interface ActionContext<V> extends ChatServices {
  request: RequestContext;
  value: V;
  out: Responder;
}

export interface ActionModule<A extends ActionId = ActionId> {
  /** The action id; its value's schema is ACTION_SCHEMAS[id] (actions.ts). */
  id: A;
  run(context: ActionContext<ActionValue<A>>): Promise<void>;
}

export function defineAction<A extends ActionId>(action: ActionModule<A>): ActionModule<A> {
  return action;
}

/** How a person is named in messages and in `updatedBy`/`markedBy` columns. */
export function actorName(request: RequestContext): string {
  return request.actor.displayName ?? request.actor.email ?? request.actor.userId;
}
