/**
 * `chart score|categories|findings [n]`: one chart as an image with its numbers. Posted where it
 * was asked (an image in a channel is seen by the channel), so it is masked there like any post.
 */
import { categoryTrendChart, findingsByCategoryChart, scorePointOf } from "../../charts/build.js";
import { chartMessage } from "../../messages/charts.js";
import { noAuditYetMessage } from "../../messages/audit.js";
import { scoreHistory } from "../../report/build.js";
import { scoreTrendChart } from "../../charts/build.js";
import { expectArg, positiveInt, tooMany, UsageError } from "../args.js";
import { defineCommand } from "../define.js";

export const CHARTS = ["score", "categories", "findings"] as const;
type ChartName = (typeof CHARTS)[number];

export default defineCommand({
  meta: {
    name: "chart",
    usage: ["chart score|categories|findings [n]"],
    summary:
      "a chart as an image with its numbers: the score or each category's over the last n full audits, or findings by category",
    who: "anyone",
    readOnly: true,
    category: "audit",
  },
  args(tokens) {
    const what = tokens[0]?.toLowerCase();
    if (!what || !(CHARTS as readonly string[]).includes(what)) {
      throw new UsageError(
        what ? `no chart "${tokens[0]}" (${CHARTS.join(", ")})` : `which chart? ${CHARTS.join(", ")}`,
      );
    }
    tooMany(tokens, 2);
    const runs = tokens[1] === undefined ? 12 : expectArg(positiveInt(50), tokens[1], "n");
    return { kind: "chart" as const, what: what as ChartName, runs };
  },
  async run({ audit, stores, request, out, args }) {
    const latest = await audit.latest(request.workspaceId);
    if (!latest) return out.reply(noAuditYetMessage());
    const visibility = request.conversation.kind === "personal" ? "private" : "channel";
    if (args.what === "findings") return out.reply(chartMessage(findingsByCategoryChart(latest), visibility));
    const history =
      latest.selection === null ? await scoreHistory(stores.runRecords, latest, args.runs) : [scorePointOf(latest)];
    const spec = args.what === "score" ? scoreTrendChart(history) : categoryTrendChart(history);
    return out.reply(chartMessage(spec, visibility));
  },
});
