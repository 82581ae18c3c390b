import { defineAction } from "../define.js";
import { markRecord } from "../mark-record.js";

export default defineAction({
  id: "record.not-mine",
  run: (ctx) => markRecord(ctx, ctx.value.recordType, ctx.value.recordId, "not-mine"),
});
