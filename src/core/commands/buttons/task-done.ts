import { defineAction } from "../define.js";
import { markRecord } from "../mark-record.js";

export default defineAction({
  id: "task.done",
  run: (ctx) => markRecord(ctx, "task", ctx.value.taskId, "done"),
});
