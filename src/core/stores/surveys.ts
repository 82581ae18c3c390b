/**
 * Surveys, their rounds, invitations and answers (docs/surveys.md). Implemented under
 * src/db/stores/surveys.ts. Anonymous rounds keep two things apart: the "has answered" set
 * (who, for reminders; no time, no order that joins) and the ballots (what, with no person,
 * no time; pre-made at the round's start in random order and filled at random), so nothing
 * stored links an answer to a person.
 */
import type { Platform } from "../commands/types.js";
import type { SurveyDefinition } from "../surveys/definition.js";
import type { AnswerValue } from "../surveys/questions/types.js";

export type Answers = Record<string, AnswerValue>;

/** Who a survey goes to, as typed after `--to` (resolved to chat users at each round's start). */
export type Audience =
  | { kind: "channel"; conversationId: string }
  | { kind: "users"; userIds: string[] }
  | { kind: "role"; role: string }
  | { kind: "team"; team: string }
  | { kind: "all" };

export interface Survey {
  id: number;
  workspaceId: string;
  templateId: string;
  templateVersion: number;
  /** The definition as it was when the survey started: later template versions do not change it. */
  definition: SurveyDefinition;
  anonymous: boolean;
  audience: Audience;
  /** Where invitations go and where it was started. */
  platform: Platform;
  tenantId: string;
  conversationId: string;
  /** How long each round stays open (from `--closes`); null: until closed. */
  roundLengthMs: number | null;
  remindEveryDays: number | null;
  repeat: { cron: string; timeZone: string } | null;
  /** The schedules `survey start` made for reminders and repeats, removed by `survey close`. */
  scheduleIds: number[];
  createdBy: string;
  createdAt: number;
}

export type NewSurvey = Omit<Survey, "id" | "scheduleIds">;

export interface SurveyRound {
  id: number;
  surveyId: number;
  /** 1 for the first round, 2 for the first repeat… */
  number: number;
  startedAt: number;
  closesAt: number | null;
  closedAt: number | null;
}

export interface Invitee {
  platform: Platform;
  tenantId: string;
  userId: string;
  crmUserId: string | null;
}

export interface Invitation extends Invitee {
  roundId: number;
  invitedAt: number;
  remindedAt: number | null;
}

/** A submitted response as results read it; `respondent` only in surveys that are not anonymous. */
export interface SubmittedResponse {
  id: string;
  respondent: string | null;
  crmUserId: string | null;
  answers: Answers;
  submittedAt: number | null;
}

export interface StoredTemplate {
  definition: SurveyDefinition;
  addedBy: string;
  addedAt: number;
}

export type AnonymousSubmit = "stored" | "already answered" | "no ballot left";

export interface CrmRespondent {
  id: string;
  name: string;
  email: string;
  role: string | null;
  /** The `team` column of the users' import (kept among its extra columns), when there is one. */
  team: string | null;
  active: boolean;
}

export interface SurveyStore {
  /** The workspace's own templates, the latest version of each id. */
  templates(workspaceId: string): Promise<StoredTemplate[]>;
  /** False when this id and version is already stored (versions are never overwritten). */
  addTemplate(workspaceId: string, template: StoredTemplate): Promise<boolean>;
  /** Score weights the workspace set for a template's items and groups (`group:<id>` keys for groups). */
  weights(workspaceId: string, templateId: string): Promise<Record<string, number>>;
  setWeights(workspaceId: string, templateId: string, weights: Record<string, number>): Promise<void>;

  create(survey: NewSurvey): Promise<Survey>;
  get(workspaceId: string, id: number): Promise<Survey | null>;
  list(workspaceId: string): Promise<Survey[]>;
  setScheduleIds(workspaceId: string, id: number, scheduleIds: number[]): Promise<void>;

  /** A round with its invitations (and, when anonymous, one blank ballot per invitee in random order). */
  startRound(
    survey: Survey,
    round: { startedAt: number; closesAt: number | null },
    invitees: readonly Invitee[],
  ): Promise<SurveyRound>;
  rounds(surveyId: number): Promise<SurveyRound[]>;
  round(workspaceId: string, roundId: number): Promise<{ survey: Survey; round: SurveyRound } | null>;
  closeRound(roundId: number, at: number): Promise<void>;

  invitation(roundId: number, platform: Platform, tenantId: string, userId: string): Promise<Invitation | null>;
  invitations(roundId: number): Promise<Invitation[]>;
  /** Chat users (`platform:tenant:user`) in the round's "has answered" set. */
  answered(roundId: number): Promise<Set<string>>;
  markReminded(roundId: number, invitees: readonly Invitee[], at: number): Promise<void>;

  /** Named surveys only: the person's answers so far (draft or submitted), or null. */
  ownAnswers(roundId: number, respondent: string): Promise<{ answers: Answers; submitted: boolean } | null>;
  /** Named surveys only: saves answers part-way (a submitted response stays submitted). */
  saveDraft(roundId: number, respondent: string, crmUserId: string | null, answers: Answers, at: number): Promise<void>;
  /** Named surveys only: submits (or replaces) the person's answers and adds them to the "has answered" set. */
  submitNamed(
    roundId: number,
    respondent: string,
    crmUserId: string | null,
    answers: Answers,
    at: number,
  ): Promise<void>;
  /**
   * Anonymous surveys: adds the person to the "has answered" set and fills one blank ballot with
   * the answers, in one transaction; a second submission stores nothing.
   */
  submitAnonymous(roundId: number, respondent: string, answers: Answers): Promise<AnonymousSubmit>;
  /** The round's submitted responses (anonymous: in ballot order, which is random). */
  responses(roundId: number): Promise<SubmittedResponse[]>;

  /**
   * Measured usage of these CRM users in [from, to): how many exist, how many logged in, how many
   * activities they logged (completed ones). Aggregates only, for the results' side-by-side view.
   */
  measuredUsage(
    workspaceId: string,
    crmUserIds: readonly string[],
    from: number,
    to: number,
  ): Promise<{ people: number; loggedIn: number; activities: number }>;
  /** The workspace's CRM users with role and team, for `--to role:…`, `team:…` and `all`. */
  crmUsers(workspaceId: string): Promise<CrmRespondent[]>;
}

export const respondentKey = (p: { platform: Platform; tenantId: string; userId: string }) =>
  `${p.platform}:${p.tenantId}:${p.userId}`;
