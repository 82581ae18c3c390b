import { defineAction } from "../define.js";
import { markRecord } from "../mark-record.js";

/** The reminders' Done: a task or a deal, marked done in chat until the CRM says so (commands/marks.ts). */
export default defineAction({
  id: "reminder.done",
  run: (ctx) => markRecord(ctx, ctx.value.recordType, ctx.value.recordId, "done"),
});
