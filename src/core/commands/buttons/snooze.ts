import { defineAction } from "../define.js";
import { markRecord } from "../mark-record.js";

export default defineAction({
  id: "reminder.snooze",
  run: (ctx) => markRecord(ctx, ctx.value.recordType, ctx.value.recordId, "snooze", ctx.value.days),
});
