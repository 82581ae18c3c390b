/** Surveys written straight through the survey store, for tests that need results without the chat flow. */
import { respondentKey, type Answers, type Survey, type SurveyStore } from "../../src/core/stores/surveys.js";
import { builtInTemplates } from "../../src/core/surveys/templates.js";

const HOUR = 3_600_000;

/**
 * A survey of a built-in template with one round answered by `answers` (one invitee each,
 * U1, U2 …), closed at `closedAt`; `closedAt: null` leaves the round open.
 */
export async function surveyWithRound(
  store: SurveyStore,
  options: {
    workspaceId: string;
    template: string;
    anonymous: boolean;
    answers: Answers[];
    closedAt: number | null;
    startedAt: number;
  },
): Promise<Survey> {
  const { definition } = builtInTemplates().find((t) => t.definition.id === options.template)!;
  const survey = await store.create({
    workspaceId: options.workspaceId,
    templateId: options.template,
    templateVersion: definition.version,
    definition,
    anonymous: options.anonymous,
    audience: { kind: "users", userIds: options.answers.map((_, i) => `U${i + 1}`) },
    platform: "slack",
    tenantId: "T1",
    conversationId: "C1",
    roundLengthMs: null,
    remindEveryDays: null,
    repeat: null,
    createdBy: "UADMIN",
    createdAt: options.startedAt,
  });
  const invitees = options.answers.map((_, i) => ({
    platform: "slack" as const,
    tenantId: "T1",
    userId: `U${i + 1}`,
    crmUserId: null,
  }));
  const round = await store.startRound(survey, { startedAt: options.startedAt, closesAt: null }, invitees);
  for (const [i, a] of options.answers.entries()) {
    if (options.anonymous) await store.submitAnonymous(round.id, respondentKey(invitees[i]!), a);
    else await store.submitNamed(round.id, respondentKey(invitees[i]!), null, a, options.startedAt + HOUR);
  }
  if (options.closedAt !== null) await store.closeRound(round.id, options.closedAt);
  return survey;
}
