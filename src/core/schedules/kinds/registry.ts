/**
 * Every schedule kind. Adding one is a file beside this one and a line here; `schedule add`,
 * its usage text and docs/schedules.md follow from the kind's meta.
 */
import type { ScheduleKind } from "../kind.js";
import audit from "./audit.js";
import digest from "./digest.js";
import report from "./report.js";
import surveyRemind from "./survey-remind.js";
import surveyRepeat from "./survey-repeat.js";
import reminders from "./reminders.js";

export const SCHEDULE_KINDS: readonly ScheduleKind<never>[] = [
  audit,
  digest,
  report,
  surveyRemind,
  surveyRepeat,
  reminders,
] as unknown as readonly ScheduleKind<never>[];

export function scheduleKind(kind: string): ScheduleKind<unknown> | undefined {
  return SCHEDULE_KINDS.find((k) => k.meta.kind === kind) as ScheduleKind<unknown> | undefined;
}
