/**
 * `chart score|categories|findings [n]`, `chart kpi <kpi> [periods]`, `chart survey <id>`: charts
 * as images with their numbers (docs/charts.md). Posted where it was asked (an image in a
 * channel is seen by the channel), so it is masked there like any post.
 */
import {
  categoryTrendChart,
  findingsByCategoryChart,
  kpiTrendChart,
  scorePointOf,
  scoreTrendChart,
} from "../../charts/build.js";
import { computeKpiTrend, defaultPeriod, KPIS, MAX_TREND_PERIODS } from "../../kpis/index.js";
import { noAuditYetMessage } from "../../messages/audit.js";
import { chartMessage } from "../../messages/charts.js";
import { noticeMessage } from "../../messages/help.js";
import type { Block, Message, Visibility } from "../../messages/model.js";
import { withheldText } from "../../messages/surveys.js";
import { scoreHistory } from "../../report/build.js";
import { kpiSeries, surveyCharts } from "../../report/sections.js";
import { surveyResults } from "../../surveys/results.js";
import { expectArg, positiveInt, tooMany, UsageError } from "../args.js";
import { defineCommand } from "../define.js";

export const CHARTS = ["score", "categories", "findings", "kpi", "survey"] as const;
type ChartName = (typeof CHARTS)[number];

/** Periods a KPI chart spans unless told: a year of months. */
export const KPI_CHART_PERIODS = 12;

type ChartArgs =
  | { kind: "chart"; what: "score" | "categories" | "findings"; runs: number }
  | { kind: "chart"; what: "kpi"; kpi: string; periods: number }
  | { kind: "chart"; what: "survey"; surveyId: number };

/** Question types whose answers are counted per value, i.e. drawn as a distribution. */
const COUNTED_TYPES = new Set(["single_choice", "multiple_choice", "scale", "rating"]);

const kpiIds = () => KPIS.map((k) => k.id).join(", ");

/** Several charts in one message, each with its numbers (a survey's questions). */
function chartsMessage(title: string, specs: Parameters<typeof chartMessage>[0][], visibility: Visibility): Message {
  const parts = specs.map((s) => chartMessage(s, visibility));
  const blocks: Block[] = [{ type: "heading", text: title }, ...parts.flatMap((p) => p.blocks)];
  return { text: [title, ...parts.map((p) => p.text)].join("\n\n"), visibility, blocks };
}

export default defineCommand({
  meta: {
    name: "chart",
    usage: ["chart score|categories|findings [n]", "chart kpi <kpi> [periods]", "chart survey <id>"],
    summary:
      "a chart as an image with its numbers: the score or each category's over the last n full audits, findings by category, a KPI by month, or a survey's answers",
    who: "anyone",
    readOnly: true,
    category: "audit",
  },
  args(tokens): ChartArgs {
    const what = tokens[0]?.toLowerCase();
    if (!what || !(CHARTS as readonly string[]).includes(what)) {
      throw new UsageError(
        what ? `no chart "${tokens[0]}" (${CHARTS.join(", ")})` : `which chart? ${CHARTS.join(", ")}`,
      );
    }
    const name = what as ChartName;
    if (name === "kpi") {
      tooMany(tokens, 3);
      const id = tokens[1]?.toLowerCase();
      if (!id) throw new UsageError(`which KPI? ${kpiIds()}`);
      if (!KPIS.some((k) => k.id === id)) throw new UsageError(`no KPI "${tokens[1]}" (${kpiIds()})`);
      const periods =
        tokens[2] === undefined ? KPI_CHART_PERIODS : expectArg(positiveInt(MAX_TREND_PERIODS), tokens[2], "periods");
      return { kind: "chart", what: name, kpi: id, periods };
    }
    if (name === "survey") {
      tooMany(tokens, 2);
      if (tokens[1] === undefined) throw new UsageError("which survey? its id, from `survey list`");
      return {
        kind: "chart",
        what: name,
        surveyId: expectArg(positiveInt(1e9), tokens[1].replace(/^#/, ""), "survey id"),
      };
    }
    tooMany(tokens, 2);
    const runs = tokens[1] === undefined ? 12 : expectArg(positiveInt(50), tokens[1], "n");
    return { kind: "chart", what: name, runs };
  },
  async run({ audit, stores, request, out, args, kpiSettings, now }) {
    const visibility = request.conversation.kind === "personal" ? "private" : "channel";
    if (args.what === "kpi") {
      const kpi = KPIS.find((k) => k.id === args.kpi)!;
      const trend = await computeKpiTrend({
        store: stores.kpis,
        workspaceId: request.workspaceId,
        last: defaultPeriod(now()),
        count: args.periods,
        config: kpiSettings.config,
        systemUsers: kpiSettings.systemUsers,
        kpis: [kpi],
      });
      return out.reply(chartMessage(kpiTrendChart(kpiSeries(kpi, trend)), visibility));
    }
    if (args.what === "survey") {
      const survey = await stores.surveys.get(request.workspaceId, args.surveyId);
      if (!survey) return out.reply(noticeMessage(`There is no survey #${args.surveyId} in this workspace.`));
      const results = await surveyResults(stores.surveys, survey, now());
      if (!results) return out.reply(noticeMessage(`Survey #${survey.id} has no round yet.`));
      const head = `Survey #${survey.id} "${results.survey.title}", round ${results.round.number}`;
      if (results.withheld) return out.reply(noticeMessage(`${head}: ${withheldText(results)}`));
      const specs = surveyCharts(results);
      // Only questions that would have a chart count as left out (text and numbers have none).
      const left = results.questions.filter((q) => q.withheld && COUNTED_TYPES.has(q.type)).length;
      const leftOut = left
        ? ` ${left} question${left === 1 ? "" : "s"} withheld (fewer than ${results.minGroup} answers).`
        : "";
      if (specs.length === 0) {
        return out.reply(
          noticeMessage(`${head}: no question with answers to count (choices, scales, ratings).${leftOut}`),
        );
      }
      const message = chartsMessage(head, specs, visibility);
      if (leftOut) message.blocks.push({ type: "context", text: leftOut.trim() });
      return out.reply(message);
    }
    const latest = await audit.latest(request.workspaceId);
    if (!latest) return out.reply(noAuditYetMessage());
    if (args.what === "findings") return out.reply(chartMessage(findingsByCategoryChart(latest), visibility));
    const history =
      latest.selection === null ? await scoreHistory(stores.runRecords, latest, args.runs) : [scorePointOf(latest)];
    const spec = args.what === "score" ? scoreTrendChart(history) : categoryTrendChart(history);
    return out.reply(chartMessage(spec, visibility));
  },
});
