/**
 * `reminders`: each CRM owner gets one digest of their own open items, in a direct message
 * (docs/reminders.md): tasks past due or without a due date, deals past their close date,
 * without recent activity or stuck in a stage, as the checks judge them at the fire's instant.
 * Unassigned items go to the workspace's chat admins. An item is not repeated within
 * `--repeat-after` unless it got worse. Delivery keys are
 * `reminders:<schedule id>:<fire instant>:<CRM user id>`, so a fire delivers each digest once.
 */
import { z } from "zod";
import { REMINDER_PAGE, REMINDER_PAGE_MAX } from "../../messages/reminders.js";
import { REMINDER_REASONS } from "../../reminders/items.js";
import { DEFAULT_REPEAT_AFTER_MS, runReminders } from "../../reminders/send.js";
import { defineScheduleKind } from "../kind.js";

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** "3d", "12h", "1w", "0" → ms; null when it is none of these. */
export function parseInterval(text: string): number | null {
  const m = /^(\d{1,4})\s*([mhdw]?)$/i.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  if (n === 0) return 0;
  return m[2] ? n * UNITS[m[2].toLowerCase()]! : null;
}

const options = z
  .object({
    // Typed as "--reasons task.overdue,deal.past-close-date"; stored as the list.
    reasons: z
      .preprocess(
        (v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v),
        z.array(z.enum(REMINDER_REASONS as [string, ...string[]])),
      )
      .default([]),
    "max-items": z
      .preprocess(
        (v) => (typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v),
        z.number().int().min(1).max(REMINDER_PAGE_MAX),
      )
      .default(REMINDER_PAGE),
    "repeat-after": z
      .preprocess(
        (v) => (typeof v === "string" ? (parseInterval(v) ?? v) : v),
        z.number({ error: "give a length such as 3d, 12h or 1w" }).int().min(0),
      )
      .default(DEFAULT_REPEAT_AFTER_MS),
    always: z.boolean().default(false),
  })
  .strict();

export default defineScheduleKind({
  meta: {
    kind: "reminders",
    summary:
      "sends each CRM owner one direct message of their overdue tasks and stale deals; unassigned ones to admins",
    options,
    optionHelp: [
      `--reasons <a,b>  only these (${REMINDER_REASONS.join(", ")})`,
      `--max-items <n>  items per message, the rest behind "Show all" (1-${REMINDER_PAGE_MAX}, default ${REMINDER_PAGE})`,
      "--repeat-after <3d>  not again within this unless it got worse (default 3d)",
      "--always  send every item each time (snoozed and marked ones still not)",
    ],
  },
  async run({ schedule, options, fireAt, stores, fileSettings, deliver, directory, logger }) {
    const result = await runReminders(
      { stores, fileSettings, deliver, directory },
      {
        workspaceId: schedule.workspaceId,
        platform: schedule.target.platform,
        tenantId: schedule.target.tenantId,
        asOf: fireAt,
        now: fireAt,
        keyPrefix: `reminders:${schedule.id}:${fireAt}`,
        pageSize: options["max-items"],
        repeatAfterMs: options["repeat-after"],
        always: options.always,
        reasons: options.reasons.length ? options.reasons : null,
        zone: schedule.timeZone,
        dryRun: false,
      },
    );
    const unreachable = result.digests.filter((d) => d.skipped === "unreachable").length;
    logger.info("reminders sent", {
      workspaceId: schedule.workspaceId,
      scheduleId: schedule.id,
      delivered: result.delivered,
      unreachable,
      upToDate: result.upToDate,
      unassigned: result.unassigned.items.length,
    });
    if (result.unassigned.items.length && result.unassigned.admins.length === 0) {
      logger.warn("reminders: unassigned items but no chat admin known to send them to", {
        workspaceId: schedule.workspaceId,
        items: result.unassigned.items.length,
      });
    }
    return result.delivered > 0 ? "posted" : "nothing to post";
  },
});
