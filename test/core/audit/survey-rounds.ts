/** Survey rounds written through the real SurveyStore, for the audit's survey tests. */
import type { Answers, Survey, SurveyRound } from "../../../src/core/stores/surveys.js";
import { builtInTemplates } from "../../../src/core/surveys/templates.js";
import type { Database } from "../../../src/db/database.js";
import { surveyStore } from "../../../src/db/stores/surveys.js";

export const DAY = 86_400_000;

export interface RoundSpec {
  template: "crm-usage" | "pulse" | "crm-fitness";
  anonymous?: boolean;
  startedAt: number;
  /** Closed at this instant (survey close); null leaves the round open. */
  closedAt: number | null;
  invitees: number;
  /** One entry per respondent (the first invitees answer). */
  answers: Answers[];
}

/** Creates a survey with one round as specified; returns it (the first invitees answer). */
export async function surveyWithRound(
  db: Database,
  workspaceId: string,
  spec: RoundSpec,
): Promise<{ survey: Survey; round: SurveyRound }> {
  const store = surveyStore(db);
  const definition = builtInTemplates().find((t) => t.definition.id === spec.template)!.definition;
  const survey = await store.create({
    workspaceId,
    templateId: definition.id,
    templateVersion: definition.version,
    definition,
    anonymous: spec.anonymous ?? false,
    audience: { kind: "users", userIds: [] },
    platform: "slack",
    tenantId: "T1",
    conversationId: "C1",
    roundLengthMs: null,
    remindEveryDays: null,
    repeat: null,
    createdBy: "UADMIN",
    createdAt: spec.startedAt,
  });
  const invitees = Array.from({ length: spec.invitees }, (_, i) => ({
    platform: "slack" as const,
    tenantId: "T1",
    userId: `U${i + 1}`,
    crmUserId: null,
  }));
  const round = await store.startRound(survey, { startedAt: spec.startedAt, closesAt: null }, invitees);
  for (const [i, answers] of spec.answers.entries()) {
    if (survey.anonymous) await store.submitAnonymous(round.id, `slack:T1:U${i + 1}`, answers);
    else await store.submitNamed(round.id, `slack:T1:U${i + 1}`, null, answers, spec.startedAt + 1000);
  }
  if (spec.closedAt !== null) await store.closeRound(round.id, spec.closedAt);
  return { survey, round: { ...round, closedAt: spec.closedAt } };
}
