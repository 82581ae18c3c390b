/**
 * `audit`: runs the audit (every enabled check, or the categories chosen) and posts its summary
 * with what changed since the previous run of the same checks. Nothing is posted when nothing
 * changed (same score, no new and no fixed issue) unless `--always`.
 */
import { z } from "zod";
import { CATEGORIES } from "../../checks/types.js";
import { summaryOf } from "../../commands/audit-views.js";
import type { AuditRunResult } from "../../audit/types.js";
import { defineScheduleKind } from "../kind.js";

const options = z
  .object({
    // Typed as "--categories process,usage"; stored as the list.
    categories: z
      .preprocess((v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v), z.array(z.enum(CATEGORIES)))
      .default([]),
    always: z.boolean().default(false),
  })
  .strict();

/** True when the run differs from the one it was compared with (or had none to compare with). */
export function somethingChanged(run: AuditRunResult): boolean {
  const changes = run.changes;
  if (!changes) return true;
  if (changes.overallDelta !== 0) return true;
  return changes.checks.some((c) => c.added.length > 0 || c.resolved.length > 0);
}

export default defineScheduleKind({
  meta: {
    kind: "audit",
    summary: "runs the audit and posts the score and what changed; nothing when nothing changed",
    options,
    optionHelp: [
      `--categories <a,b>  only these categories (${CATEGORIES.join(", ")})`,
      "--always  post even when nothing changed",
    ],
  },
  async run({ schedule, options, audit, stores, post }) {
    const run = await audit.run({
      workspaceId: schedule.workspaceId,
      ...(options.categories.length ? { select: [...options.categories] } : {}),
      trigger: "schedule",
      // The post's heading names the schedule; history shows the run as "schedule".
      requestedBy: null,
    });
    if (!options.always && !somethingChanged(run)) return "nothing to post";
    await post(await summaryOf(stores.records, run, "channel", `Scheduled audit (schedule #${schedule.id})`));
    return "posted";
  },
});
