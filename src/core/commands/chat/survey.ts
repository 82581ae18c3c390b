/**
 * `survey templates|list|start|status|answer|results|close|weights`: feedback surveys
 * (docs/surveys.md). Anyone may list, see status and results (aggregates, withheld below the
 * minimum group) and answer what was sent to them; admins start, close and set weights.
 */
import { noticeMessage } from "../../messages/help.js";
import {
  answerFormMessage,
  listMessage,
  resultsMessage,
  startedMessage,
  statusMessage,
  templatesMessage,
} from "../../messages/surveys.js";
import { respondentKey } from "../../stores/surveys.js";
import { AudienceError } from "../../surveys/audience.js";
import { surveyResults } from "../../surveys/results.js";
import {
  closeSurvey,
  InvitationError,
  latestRound,
  openingForm,
  startSurvey,
  surveyStatus,
} from "../../surveys/run.js";
import { parseStartSpec, StartSpecError, type StartSpec } from "../../surveys/start-spec.js";
import { findTemplate, templatesOf } from "../../surveys/templates.js";
import { isOpen } from "../../surveys/results.js";
import { expectArg, positiveInt, tooMany, UsageError } from "../args.js";
import { actorName, defineCommand } from "../define.js";

type SurveyArgs =
  | { kind: "survey-templates" }
  | { kind: "survey-list" }
  | { kind: "survey-start"; tokens: string[] }
  | { kind: "survey-status"; id: number | null }
  | { kind: "survey-answer"; id: number }
  | { kind: "survey-results"; id: number; round: number | null }
  | { kind: "survey-close"; id: number }
  | { kind: "survey-weights"; template: string; weights: Record<string, number> };

const surveyId = (token: string | undefined, what = "survey id") => {
  if (token === undefined) throw new UsageError(`give a ${what}`);
  return expectArg(positiveInt(Number.MAX_SAFE_INTEGER), token.replace(/^#/, ""), what);
};

export default defineCommand({
  meta: {
    name: "survey",
    usage: [
      "survey templates",
      "survey list",
      'survey start <template> --to <audience> [--anonymous] [--closes <date>] [--remind every 2d] [--repeat "<cron>" --tz <zone>]',
      "survey status [<id>]",
      "survey answer <round id>",
      "survey results <id> [--round <n>]",
      "survey close <id>",
      "survey weights <template> [<item>=<weight> …]",
    ],
    summary: "feedback surveys: templates, start (admins), answer, status, results, close",
    who: "anyone",
    whoNote: "start, close, weights: admins",
    readOnly: false,
    category: "people",
  },
  args(tokens): SurveyArgs {
    const [verb = "list", ...rest] = tokens;
    switch (verb) {
      case "templates":
        return (tooMany(rest, 0), { kind: "survey-templates" });
      case "list":
        return (tooMany(rest, 0), { kind: "survey-list" });
      case "start":
        // Read in run (it needs the clock and the conversation); only its shape is checked here.
        if (!rest.length) throw new UsageError("survey start needs a template and --to <audience>");
        return { kind: "survey-start", tokens: rest };
      case "status":
        tooMany(rest, 1);
        return { kind: "survey-status", id: rest[0] === undefined ? null : surveyId(rest[0]) };
      case "answer":
        tooMany(rest, 1);
        return { kind: "survey-answer", id: surveyId(rest[0], "round id") };
      case "results": {
        const [id, flag, n, ...more] = rest;
        tooMany(more, 0);
        if (flag !== undefined && flag !== "--round") throw new UsageError(`unexpected "${flag.slice(0, 40)}"`);
        return { kind: "survey-results", id: surveyId(id), round: flag ? surveyId(n, "round number") : null };
      }
      case "close":
        tooMany(rest, 1);
        return { kind: "survey-close", id: surveyId(rest[0]) };
      case "weights": {
        const [template, ...pairs] = rest;
        if (!template) throw new UsageError("survey weights needs a template id");
        const weights: Record<string, number> = {};
        for (const pair of pairs) {
          const m = /^((?:group:)?[a-z][a-z0-9_]{0,39})=(\d+(?:\.\d+)?)$/.exec(pair);
          if (!m || Number(m[2]) <= 0 || Number(m[2]) > 100)
            throw new UsageError(`"${pair.slice(0, 60)}" is not <item>=<weight> with a weight above 0 and up to 100`);
          weights[m[1]!] = Number(m[2]);
        }
        return { kind: "survey-weights", template: template.toLowerCase(), weights };
      }
      default:
        throw new UsageError(`unknown survey action "${verb.slice(0, 40)}"`);
    }
  },
  readOnly: (args) =>
    args.kind === "survey-templates" ||
    args.kind === "survey-list" ||
    args.kind === "survey-status" ||
    args.kind === "survey-results",
  adminOnly: (args) =>
    args.kind === "survey-start" ||
    args.kind === "survey-close" ||
    (args.kind === "survey-weights" && Object.keys(args.weights).length)
      ? "Only admins can start and close surveys or change their weights."
      : null,
  async run(context) {
    const { stores, request, out, args, now } = context;
    const { workspaceId, actor } = request;
    const surveys = stores.surveys;
    const missing = (id: number) =>
      out.reply(noticeMessage(`There is no survey #${id} in this workspace.`, "`/crm-audit survey list` shows them."));

    if (args.kind === "survey-templates") return out.reply(templatesMessage(await templatesOf(surveys, workspaceId)));
    if (args.kind === "survey-list") {
      const all = await surveys.list(workspaceId);
      return out.reply(listMessage(await Promise.all(all.map((s) => surveyStatus(context, s, now())))));
    }
    if (args.kind === "survey-start") {
      let spec: StartSpec;
      try {
        spec = parseStartSpec(args.tokens, now(), request.conversation.id);
      } catch (error) {
        if (error instanceof StartSpecError) return out.reply(context.usage(error.message));
        throw error;
      }
      const template = await findTemplate(surveys, workspaceId, spec.template);
      if (!template)
        return out.reply(
          noticeMessage(`There is no survey template "${spec.template}".`, "`/crm-audit survey templates` lists them."),
        );
      try {
        const started = await startSurvey(context, {
          workspaceId,
          definition: template.definition,
          anonymous: spec.anonymous,
          audience: spec.audience,
          platform: actor.platform,
          tenantId: actor.tenantId,
          conversationId: request.conversation.id,
          closesAt: spec.closesAt,
          remindEveryDays: spec.remindEveryDays,
          repeat: spec.repeat,
          createdBy: actorName(request),
          now: now(),
        });
        return await out.reply(startedMessage(started));
      } catch (error) {
        if (error instanceof AudienceError) return out.reply(noticeMessage(error.message));
        if (error instanceof InvitationError)
          return out.reply(
            noticeMessage(
              `Survey #${error.surveyId} started, but only ${error.handedOver} of ${error.total} invitations could be sent: ${error.message}.`,
              `\`/crm-audit survey close ${error.surveyId}\` ends it.`,
            ),
          );
        throw error;
      }
    }
    if (args.kind === "survey-weights") {
      const template = await findTemplate(surveys, workspaceId, args.template);
      if (!template) return out.reply(noticeMessage(`There is no survey template "${args.template}".`));
      const { definition } = template;
      const items = new Set([
        ...definition.questions.filter((q) => q.type === "rating" && q.score).map((q) => q.id),
        ...Object.keys(definition.groups).map((g) => `group:${g}`),
      ]);
      if (items.size === 0) return out.reply(noticeMessage(`"${definition.id}" has no scored items to weigh.`));
      const wrong = Object.keys(args.weights).find((k) => !items.has(k));
      if (wrong)
        return out.reply(
          noticeMessage(`"${wrong}" is not a scored item of ${definition.id} (${[...items].join(", ")}).`),
        );
      if (Object.keys(args.weights).length) await surveys.setWeights(workspaceId, definition.id, args.weights);
      const own = await surveys.weights(workspaceId, definition.id);
      const rows = [...items].map((key) => {
        const q = definition.questions.find((x) => x.id === key);
        const fallback = key.startsWith("group:")
          ? definition.groups[key.slice(6)]!.weight
          : q?.type === "rating"
            ? (q.score?.weight ?? 1)
            : 1;
        return [key, String(own[key] ?? fallback), own[key] === undefined ? "template" : "workspace"];
      });
      return out.reply({
        text: `Weights of ${definition.id}`,
        visibility: "private",
        blocks: [
          { type: "heading", text: `Weights of ${definition.title}` },
          { type: "table", columns: ["item", "weight", "from"], rows },
        ],
      });
    }
    if (args.kind === "survey-answer") {
      const found = await surveys.round(workspaceId, args.id);
      const invitation =
        found && (await surveys.invitation(found.round.id, actor.platform, actor.tenantId, actor.userId));
      if (!found || !invitation) return out.reply(noticeMessage(`No survey round ${args.id} was sent to you.`));
      const { survey, round } = found;
      if (!isOpen(round, now())) return out.reply(noticeMessage(`"${survey.definition.title}" has closed.`));
      const respondent = respondentKey(actor);
      if (survey.anonymous && (await surveys.answered(round.id)).has(respondent))
        return out.reply(
          noticeMessage("You have already answered this anonymous survey; anonymous answers are final once submitted."),
        );
      const own = survey.anonymous ? null : await surveys.ownAnswers(round.id, respondent);
      return out.reply(
        answerFormMessage(survey, round, await openingForm(context, survey, round.id, respondent), !!own),
      );
    }
    if (args.kind === "survey-status" && args.id === null) {
      const all = await surveys.list(workspaceId);
      const latest = all[all.length - 1];
      if (!latest) return out.reply(listMessage([]));
      return out.reply(statusMessage(await surveyStatus(context, latest, now()), now()));
    }
    const survey = await surveys.get(workspaceId, args.id!);
    if (!survey) return missing(args.id!);
    if (args.kind === "survey-status")
      return out.reply(statusMessage(await surveyStatus(context, survey, now()), now()));
    if (args.kind === "survey-results") {
      const results = await surveyResults(surveys, survey, now(), args.round ?? undefined);
      if (!results) return out.reply(noticeMessage(`Survey #${survey.id} has no round ${args.round ?? ""}.`.trim()));
      return out.reply(resultsMessage(results));
    }
    // survey-close
    const round = await latestRound(context, survey);
    const { wasOpen } = await closeSurvey(context, survey, now());
    return out.reply(
      noticeMessage(
        wasOpen
          ? `Survey #${survey.id} closed: round ${round!.number} takes no more answers.`
          : `Survey #${survey.id} was already closed.`,
        survey.scheduleIds.length ? "Its reminders and repeats were removed." : undefined,
      ),
    );
  },
});
