/**
 * `survey-remind`: made by `survey start --remind every <n>d` (docs/surveys.md). Checked daily,
 * it reminds the invitees of the survey's open round who are not in its "has answered" set and
 * were not invited or reminded in the last <n> days. Posts nothing to its conversation.
 */
import { z } from "zod";
import { remindSurvey } from "../../surveys/run.js";
import { defineScheduleKind } from "../kind.js";

const options = z
  .object({
    survey: z.coerce.number().int().positive(),
    every: z.coerce.number().int().min(1).max(99).default(2),
  })
  .strict();

export default defineScheduleKind({
  meta: {
    kind: "survey-remind",
    summary: "reminds those who have not answered a survey's open round (made by `survey start --remind`)",
    options,
    optionHelp: ["--survey <id>  the survey", "--every <n>  days between reminders to one person (default 2)"],
  },
  async run({ schedule, options, fireAt, stores, deliver, directory }) {
    const survey = await stores.surveys.get(schedule.workspaceId, options.survey);
    if (!survey) return "nothing to post";
    const reminded = await remindSurvey({ stores, deliver, directory }, survey, fireAt, options.every);
    return reminded > 0 ? "posted" : "nothing to post";
  },
});
