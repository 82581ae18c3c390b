import { z } from "zod";
import { SURVEYS_REQUIREMENT } from "../../audit/measured.js";
import { defineCheck } from "../types.js";

/** The id a finding lists for one survey round (the round's number within its survey). */
export const surveyRoundId = (surveyId: number, round: number) => `survey-${surveyId}-round-${round}`;

export default defineCheck({
  meta: {
    id: "survey.more-answers-than-invited",
    title: "Survey rounds with more answers than people asked",
    category: "system",
    severity: "high",
    entity: "dataset",
    shape: "records",
    effort: "bulk",
    // Not measured (not a clean pass) while the workspace has run no survey.
    requires: [SURVEYS_REQUIREMENT],
    why: "Each invited person stores at most one answer; more answers than invitations means an integration or data fault, and the round's results cannot be trusted.",
    fix: "Find what wrote the extra answers (an import, a script, a retried delivery) and correct the round before reading its results.",
  },
  // Reported ids are rounds (survey-<id>-round-<n>) whose submitted answers exceed their
  // invitations by more than `tolerance` (0: any answer beyond the invitations is a fault).
  thresholds: z.strictObject({ tolerance: z.number().int().nonnegative().default(0) }),
  create(context) {
    return {
      finish() {
        for (const r of context.surveyRounds?.() ?? [])
          if (r.answers - r.invited > context.thresholds.tolerance) context.report(surveyRoundId(r.surveyId, r.round));
      },
    };
  },
});
