/**
 * The reminders' "Snooze until…" form (messages/reminders.ts): a date typed by the person,
 * read as the start of that day in their zone (`reminders tz`, else their chat profile's, else
 * UTC), then the same mark as the Snooze buttons (commands/mark-record.ts).
 */
import { z } from "zod";
import { markRecord } from "../commands/mark-record.js";
import type { ActionContext, ChatServices } from "../commands/define.js";
import type { FormResult, FormSubmission } from "../commands/types.js";
import type { Message } from "../messages/model.js";
import { instantOf } from "../schedules/cron.js";

const DAY = 86_400_000;
/** The farthest a snooze may reach. */
const MAX_DAYS = 365;

const state = z.object({ recordType: z.enum(["task", "deal"]), recordId: z.string().min(1).max(200) });

export async function submitSnoozeForm(services: ChatServices, submission: FormSubmission): Promise<FormResult> {
  let parsed;
  try {
    parsed = state.safeParse(JSON.parse(submission.state ?? ""));
  } catch {
    parsed = null;
  }
  if (!parsed?.success) return { ok: false, errors: { until: "This form is no longer valid." } };
  const typed = String(submission.values.until ?? "").trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typed);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !date || date.getUTCDate() !== Number(m[3]) || date.getUTCMonth() !== Number(m[2]) - 1) {
    return { ok: false, errors: { until: `"${typed}" is not a date (YYYY-MM-DD, e.g. 2026-12-31)` } };
  }
  const { actor } = submission;
  const key = { platform: actor.platform, tenantId: actor.tenantId, userId: actor.userId };
  const zone =
    (await services.stores.reminders.settings(key))?.timeZone ??
    (await services.stores.identities.get(key))?.timeZone ??
    "UTC";
  const start = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: 0, minute: 0 };
  const until = instantOf(start, zone) ?? instantOf({ ...start, hour: 1 }, zone) ?? date.getTime();
  const now = services.now();
  if (until <= now) return { ok: false, errors: { until: `${typed} is not in the future` } };
  if (until - now > MAX_DAYS * DAY) return { ok: false, errors: { until: `at most ${MAX_DAYS} days ahead` } };
  let answer: Message | undefined;
  const capture = async (message: Message) => void (answer = message);
  const ctx: ActionContext<unknown> = {
    ...services,
    request: submission,
    value: parsed.data,
    out: { reply: capture, update: capture },
    now: () => now,
  };
  await markRecord(ctx, parsed.data.recordType, parsed.data.recordId, "snooze", (until - now) / DAY);
  return answer ? { ok: true, message: answer } : { ok: true };
}
