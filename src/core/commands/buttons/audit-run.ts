import { defineAction } from "../define.js";
import { runAudit } from "../run-audit.js";

export default defineAction({
  id: "audit.run",
  run: (ctx) => runAudit(ctx, ctx.request, ctx.value.select ?? [], false, ctx.out),
});
