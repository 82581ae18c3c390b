/**
 * `survey-repeat`: made by `survey start --repeat "<cron>" --tz <zone>` (docs/surveys.md). Each
 * fire closes the survey's open round and starts the next one with the audience as it is now,
 * inviting everyone again, and says so in the conversation the survey was started from.
 */
import { z } from "zod";
import { noticeMessage } from "../../messages/help.js";
import { closeRoundOnly, startRound } from "../../surveys/run.js";
import { defineScheduleKind } from "../kind.js";

const options = z.object({ survey: z.coerce.number().int().positive() }).strict();

export default defineScheduleKind({
  meta: {
    kind: "survey-repeat",
    summary: "closes a survey's round and starts the next one (made by `survey start --repeat`)",
    options,
    optionHelp: ["--survey <id>  the survey"],
  },
  async run({ schedule, options, fireAt, stores, deliver, directory, post }) {
    const survey = await stores.surveys.get(schedule.workspaceId, options.survey);
    if (!survey) return "nothing to post";
    const deps = { stores, deliver, directory };
    await closeRoundOnly(deps, survey, fireAt);
    const closesAt = survey.roundLengthMs === null ? null : fireAt + survey.roundLengthMs;
    const { round, invited } = await startRound(deps, survey, fireAt, closesAt);
    await post(
      noticeMessage(
        `Survey #${survey.id} "${survey.definition.title}": round ${round.number} started, ${invited} invited.`,
        `\`/crm-audit survey results ${survey.id} --round ${round.number - 1}\` shows the round before.`,
      ),
    );
    return "posted";
  },
});
