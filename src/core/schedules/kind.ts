/**
 * A schedule kind, shaped like a check: one file per kind under kinds/ with its meta (the kind's
 * name, a summary for `help`/docs, and a zod schema for its options) and a run function, listed
 * in kinds/registry.ts. The scheduler (scheduler.ts) calls run once per claimed fire.
 */
import type { z } from "zod";
import type { AuditService } from "../audit/types.js";
import type { CheckSettings } from "../checks/config.js";
import type { KpiSettings } from "../kpis/config.js";
import type { Logger } from "../../logger.js";
import type { ChatDirectory, Deliverer } from "../delivery.js";
import type { Message } from "../messages/model.js";
import type { ChatStores } from "../stores/chat.js";
import type { Schedule } from "../stores/schedules.js";

export interface ScheduleKindMeta<O> {
  kind: string;
  summary: string;
  /** The options `schedule add` accepts (as `--name value` or `--flag`), with defaults. */
  options: z.ZodType<O>;
  /** One line per option for the usage text: "--categories a,b  only these categories". */
  optionHelp: readonly string[];
}

export interface ScheduleRunContext<O> {
  schedule: Schedule;
  options: O;
  /** The instant this fire is for (its claim key). */
  fireAt: number;
  audit: AuditService;
  stores: ChatStores;
  /** The configuration file's check settings, which workspace overrides refine (commands/check-config.ts). */
  fileSettings: Readonly<Record<string, CheckSettings>>;
  /** The configuration file's `kpis:` and system users (the report's KPI section); none when absent. */
  kpiSettings?: KpiSettings;
  logger: Logger;
  /**
   * Posts to the schedule's conversation, provided by the platform layer (Slack chat.postMessage,
   * Teams proactive message, the console's output); channel posts are masked there.
   */
  post(message: Message): Promise<void>;
  /** Sends messages elsewhere than the schedule's conversation (owners' DMs), once per key. */
  deliver: Deliverer["deliver"];
  /** Finds the chat user of a CRM user's email on the schedule's platform. */
  directory: ChatDirectory;
}

export interface ScheduleKind<O = unknown> {
  meta: ScheduleKindMeta<O>;
  /** Runs one fire; says whether something was posted. */
  run(context: ScheduleRunContext<O>): Promise<"posted" | "nothing to post">;
}

export function defineScheduleKind<O>(kind: ScheduleKind<O>): ScheduleKind<O> {
  return kind;
}
