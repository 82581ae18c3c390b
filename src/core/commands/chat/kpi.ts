import { computeKpis, defaultPeriod, parsePeriod, PERIOD_FORMS, type Period } from "../../kpis/index.js";
import { kpiMessage } from "../../kpis/format.js";
import { tooMany, UsageError } from "../args.js";
import { defineCommand } from "../define.js";

export default defineCommand({
  meta: {
    name: "kpi",
    usage: ["kpi [period]"],
    summary: "CRM KPIs of a month, quarter or year (default the last complete month), with the previous period",
    who: "anyone",
    readOnly: true,
    category: "audit",
  },
  args(tokens) {
    tooMany(tokens, 1);
    let period: Period | null = null;
    if (tokens[0] !== undefined) {
      period = parsePeriod(tokens[0]);
      if (!period) throw new UsageError(`"${tokens[0]}" is not a period: ${PERIOD_FORMS}`);
    }
    return { kind: "kpi" as const, period };
  },
  async run({ stores, request, out, args, kpiSettings, now }) {
    const at = now();
    const report = await computeKpis({
      store: stores.kpis,
      workspaceId: request.workspaceId,
      period: args.period ?? defaultPeriod(at),
      config: kpiSettings.config,
      systemUsers: kpiSettings.systemUsers,
      now: at,
    });
    return out.reply(kpiMessage(report));
  },
});
