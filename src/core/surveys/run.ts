/**
 * Running surveys (docs/surveys.md): start a survey and its rounds, invite, remind those who
 * have not answered, close, and take answers page by page from the survey form. Chat
 * (commands/chat/survey.ts), the command line (src/cli/commands/survey.ts) and the schedule
 * kinds (schedules/kinds/survey-*.ts) all go through here.
 */
import zlib from "node:zlib";
import { z } from "zod";
import type { Platform } from "../commands/types.js";
import type { FormResult, FormSubmission } from "../commands/types.js";
import type { ChatDirectory, Deliverer, Delivery } from "../delivery.js";
import type { Form } from "../messages/model.js";
import { invitationMessage, reminderMessage, surveyDoneMessage } from "../messages/surveys.js";
import type { ChatStores } from "../stores/chat.js";
import {
  respondentKey,
  type Answers,
  type Audience,
  type Invitee,
  type Survey,
  type SurveyRound,
} from "../stores/surveys.js";
import { AudienceError, resolveAudience, type ResolvedAudience } from "./audience.js";
import type { SurveyDefinition } from "./definition.js";
import { isShown, nextPage, pagesOf, shownAnswers } from "./pages.js";
import { questionType } from "./questions/registry.js";
import { isOpen } from "./results.js";

export const SURVEY_FORM_ID = "survey.answer";
/** Deliveries go out in batches of this many (one outbox write each). */
const DELIVERY_BATCH = 200;

export interface SurveyDeps {
  stores: Pick<ChatStores, "surveys" | "schedules">;
  deliver: Deliverer["deliver"];
  directory: ChatDirectory;
}

// ---------- the form's round trip ----------

const StateSchema = z.object({
  r: z.number().int().positive(),
  p: z.number().int().min(0),
  /** Anonymous surveys: earlier pages' answers ride along instead of being stored under a name. */
  a: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])).optional(),
});
type FormState = z.output<typeof StateSchema>;

/** Deflated JSON, base64url: a Slack modal's private_metadata holds 3000 characters. */
export function encodeState(state: FormState): string {
  return zlib.deflateRawSync(Buffer.from(JSON.stringify(state))).toString("base64url");
}

export function decodeState(raw: string | undefined): FormState | null {
  if (!raw || raw.length > 10_000) return null;
  try {
    const json = zlib.inflateRawSync(Buffer.from(raw, "base64url"), { maxOutputLength: 100_000 }).toString("utf8");
    const parsed = StateSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function introText(survey: Survey, roundId: number, page: number, pages: number): string {
  const { definition } = survey;
  const lines: string[] = [];
  if (page === 0) {
    if (definition.description) lines.push(definition.description);
    lines.push(
      survey.anonymous
        ? `*This survey is anonymous.* Your answers are stored without your name, so nobody (admins included) can tell which are yours; results are shown only for groups of at least ${definition.minGroup} answers. Once you submit, your answers are final.`
        : `*This survey is not anonymous:* your name is stored with your answers. Each page is saved as you go, and until the survey closes you can change your answers (\`/crm-audit survey answer ${roundId}\`).`,
    );
  }
  if (pages > 1) lines.push(`Page ${page + 1} of ${pages}`);
  return lines.join("\n\n");
}

/** Page `page` of the survey form with `answers` filled in, for this round. */
export function surveyForm(survey: Survey, roundId: number, page: number, answers: Answers): Form {
  const { definition } = survey;
  const pages = pagesOf(definition);
  const questions = pages[page]!.filter((q) => isShown(definition, q, answers));
  // "Next" while a later page may still show something: its questions already shown, or shown
  // depending on an answer given on this page.
  const here = new Set(pages[page]!.map((q) => q.id));
  const last = !pages
    .slice(page + 1)
    .some((p) => p.some((q) => isShown(definition, q, answers) || (q.showIf && here.has(q.showIf.question))));
  return {
    formId: SURVEY_FORM_ID,
    title: definition.title,
    intro: introText(survey, roundId, page, pages.length),
    submitLabel: last ? "Submit" : "Next",
    inputs: questions.map((q) => questionType(q.type)!.input(q, answers[q.id])),
    state: encodeState({ r: roundId, p: page, ...(survey.anonymous ? { a: answers } : {}) }),
  };
}

/** The first page to show someone: their saved answers filled in (named surveys). */
export async function openingForm(
  deps: Pick<SurveyDeps, "stores">,
  survey: Survey,
  roundId: number,
  respondent: string,
) {
  const own = survey.anonymous ? null : await deps.stores.surveys.ownAnswers(roundId, respondent);
  const answers = own?.answers ?? {};
  return surveyForm(survey, roundId, nextPage(survey.definition, 0, answers) ?? 0, answers);
}

/** Answers carried in a form's state came from the client: each is read again as if typed, bad ones dropped. */
function revalidated(definition: SurveyDefinition, carried: Answers): Answers {
  const out: Answers = {};
  for (const q of definition.questions) {
    const value = carried[q.id];
    if (value === undefined) continue;
    const read = questionType(q.type)!.read(q, Array.isArray(value) ? value.join(",") : value);
    if (read.ok && read.value !== null) out[q.id] = read.value;
  }
  return out;
}

const refused = (message: string): FormResult => ({ ok: false, errors: { form: message } });

/** One page submitted: checked, saved (named) or carried (anonymous), then the next page or the end. */
export async function submitSurveyForm(
  deps: Pick<SurveyDeps, "stores">,
  submission: FormSubmission,
  now: number,
): Promise<FormResult> {
  const state = decodeState(submission.state);
  if (!state) return refused("This form is no longer valid. Open the survey again from its message.");
  const found = await deps.stores.surveys.round(submission.workspaceId, state.r);
  if (!found) return refused("This survey no longer exists.");
  const { survey, round } = found;
  const { actor } = submission;
  const invitation = await deps.stores.surveys.invitation(round.id, actor.platform, actor.tenantId, actor.userId);
  if (!invitation) return refused("This survey was not sent to you, so it cannot take your answers.");
  if (!isOpen(round, now))
    return refused("This survey has closed; thank you all the same. Your answers were not saved.");
  const respondent = respondentKey(actor);
  const { definition } = survey;
  const pages = pagesOf(definition);
  const page = pages[state.p];
  if (!page) return refused("This form is no longer valid. Open the survey again from its message.");
  const already = await deps.stores.surveys.answered(round.id);
  if (survey.anonymous && already.has(respondent))
    return refused("You have already answered this anonymous survey; anonymous answers are final once submitted.");

  const saved = survey.anonymous ? {} : ((await deps.stores.surveys.ownAnswers(round.id, respondent))?.answers ?? {});
  const answers: Answers = { ...saved, ...revalidated(definition, state.a ?? {}) };
  const errors: Record<string, string> = {};
  for (const q of page) {
    if (!isShown(definition, q, answers)) continue;
    const read = questionType(q.type)!.read(q, submission.values[q.id]);
    if (!read.ok) errors[q.id] = read.error;
    else if (read.value === null) {
      if (q.required) errors[q.id] = "This question needs an answer.";
      delete answers[q.id];
    } else answers[q.id] = read.value;
  }
  if (Object.keys(errors).length) return { ok: false, errors };

  const following = nextPage(definition, state.p + 1, answers);
  const kept = shownAnswers(definition, answers);
  if (following !== null) {
    if (!survey.anonymous) await deps.stores.surveys.saveDraft(round.id, respondent, invitation.crmUserId, kept, now);
    return { ok: true, next: surveyForm(survey, round.id, following, kept) };
  }
  const missing = definition.questions.find(
    (q) => q.required && isShown(definition, q, kept) && kept[q.id] === undefined,
  );
  if (missing) {
    // A required question of an earlier page is empty (its form was opened before a change): back there.
    const at = pages.findIndex((p) => p.some((q) => q.id === missing.id));
    return { ok: true, next: surveyForm(survey, round.id, at, kept) };
  }
  if (survey.anonymous) {
    const outcome = await deps.stores.surveys.submitAnonymous(round.id, respondent, kept);
    if (outcome === "already answered")
      return refused("You have already answered this anonymous survey; anonymous answers are final once submitted.");
  } else {
    await deps.stores.surveys.submitNamed(round.id, respondent, invitation.crmUserId, kept, now);
  }
  return { ok: true, message: surveyDoneMessage(survey, round.id, already.has(respondent)) };
}

// ---------- starting, reminding, closing ----------

export interface StartInput {
  workspaceId: string;
  definition: SurveyDefinition;
  anonymous: boolean;
  audience: Audience;
  platform: Platform;
  tenantId: string;
  conversationId: string;
  closesAt: number | null;
  remindEveryDays: number | null;
  repeat: { cron: string; timeZone: string } | null;
  createdBy: string;
  now: number;
}

export interface StartedRound {
  survey: Survey;
  round: SurveyRound;
  invited: number;
  missed: ResolvedAudience["missed"];
}

/** Invitations that could not all be handed over (no delivery on this instance, an outage). */
export class InvitationError extends Error {
  constructor(
    readonly surveyId: number,
    readonly handedOver: number,
    readonly total: number,
    reason: string,
  ) {
    super(reason);
  }
}

async function deliverAll(deps: Pick<SurveyDeps, "deliver">, deliveries: Delivery[], surveyId: number): Promise<void> {
  let handed = 0;
  try {
    for (let i = 0; i < deliveries.length; i += DELIVERY_BATCH) {
      const batch = deliveries.slice(i, i + DELIVERY_BATCH);
      await deps.deliver(batch);
      handed += batch.length;
    }
  } catch (error) {
    throw new InvitationError(
      surveyId,
      handed,
      deliveries.length,
      error instanceof Error ? error.message : String(error),
    );
  }
}

const userTarget = (i: Invitee) =>
  ({ kind: "user", platform: i.platform, tenantId: i.tenantId, userId: i.userId }) as const;

/** A new round of a survey: the audience resolved now, invitations stored and sent. */
export async function startRound(
  deps: SurveyDeps,
  survey: Survey,
  now: number,
  closesAt: number | null,
  resolved?: ResolvedAudience,
) {
  const { invitees, missed } =
    resolved ?? (await resolveAudience(deps, survey.workspaceId, survey.platform, survey.tenantId, survey.audience));
  const round = await deps.stores.surveys.startRound(survey, { startedAt: now, closesAt }, invitees);
  await deliverAll(
    deps,
    invitees.map((i) => ({
      workspaceId: survey.workspaceId,
      target: userTarget(i),
      message: invitationMessage(survey, round, surveyForm(survey, round.id, 0, {})),
      key: `survey:${round.id}:invite:${i.userId}`,
    })),
    survey.id,
  );
  return { survey, round, invited: invitees.length, missed };
}

export async function startSurvey(deps: SurveyDeps, input: StartInput): Promise<StartedRound> {
  // Resolved first: an audience that cannot be listed leaves no survey behind.
  const resolved = await resolveAudience(deps, input.workspaceId, input.platform, input.tenantId, input.audience);
  if (resolved.invitees.length === 0) {
    const why = resolved.missed.length
      ? ` (${resolved.missed.length} not found in chat, e.g. ${resolved.missed[0]!.who}: ${resolved.missed[0]!.reason})`
      : "";
    throw new AudienceError(`Nobody in that audience can be reached, so no survey was started${why}.`);
  }
  const survey = await deps.stores.surveys.create({
    workspaceId: input.workspaceId,
    templateId: input.definition.id,
    templateVersion: input.definition.version,
    definition: input.definition,
    anonymous: input.anonymous,
    audience: input.audience,
    platform: input.platform,
    tenantId: input.tenantId,
    conversationId: input.conversationId,
    roundLengthMs: input.closesAt === null ? null : input.closesAt - input.now,
    remindEveryDays: input.remindEveryDays,
    repeat: input.repeat,
    createdBy: input.createdBy,
    createdAt: input.now,
  });
  const started = await startRound(deps, survey, input.now, input.closesAt, resolved);
  const target = { platform: input.platform, tenantId: input.tenantId, conversationId: input.conversationId };
  const scheduleIds: number[] = [];
  const base = { workspaceId: input.workspaceId, target, createdBy: input.createdBy, createdAt: input.now };
  if (input.remindEveryDays !== null) {
    // Checked daily at 09:00 in the repeat's zone (UTC without one); the kind reminds every N days.
    const timeZone = input.repeat?.timeZone ?? "UTC";
    const s = await deps.stores.schedules.add({
      ...base,
      kind: "survey-remind",
      cron: "0 9 * * *",
      timeZone,
      options: { survey: survey.id, every: input.remindEveryDays },
    });
    scheduleIds.push(s.id);
  }
  if (input.repeat) {
    const s = await deps.stores.schedules.add({
      ...base,
      kind: "survey-repeat",
      cron: input.repeat.cron,
      timeZone: input.repeat.timeZone,
      options: { survey: survey.id },
    });
    scheduleIds.push(s.id);
  }
  if (scheduleIds.length) await deps.stores.surveys.setScheduleIds(survey.workspaceId, survey.id, scheduleIds);
  return { ...started, survey: { ...survey, scheduleIds } };
}

export async function latestRound(deps: Pick<SurveyDeps, "stores">, survey: Survey): Promise<SurveyRound | null> {
  const rounds = await deps.stores.surveys.rounds(survey.id);
  return rounds[rounds.length - 1] ?? null;
}

/**
 * Reminds the invitees of the latest open round who are not in its "has answered" set, at most
 * once every `everyDays` days each. Returns how many were reminded.
 */
export async function remindSurvey(deps: SurveyDeps, survey: Survey, now: number, everyDays: number): Promise<number> {
  const round = await latestRound(deps, survey);
  if (!round || !isOpen(round, now)) return 0;
  const dayMs = 86_400_000;
  // A little slack, so a daily 09:00 check reminds on the Nth day and not the (N+1)th.
  const due = (since: number) => now - since >= everyDays * dayMs - 60 * 60_000;
  const answered = await deps.stores.surveys.answered(round.id);
  const waiting = (await deps.stores.surveys.invitations(round.id)).filter(
    (i) => !answered.has(respondentKey(i)) && due(i.remindedAt ?? i.invitedAt),
  );
  await deliverAll(
    deps,
    waiting.map((i) => ({
      workspaceId: survey.workspaceId,
      target: userTarget(i),
      message: reminderMessage(survey, round, surveyForm(survey, round.id, 0, {})),
      key: `survey:${round.id}:remind:${now}:${i.userId}`,
    })),
    survey.id,
  );
  await deps.stores.surveys.markReminded(round.id, waiting, now);
  return waiting.length;
}

/** Ends the latest round if it is still open (a repeat starting the next one). */
export async function closeRoundOnly(deps: Pick<SurveyDeps, "stores">, survey: Survey, now: number): Promise<void> {
  const round = await latestRound(deps, survey);
  if (round && round.closedAt === null)
    await deps.stores.surveys.closeRound(round.id, Math.min(now, round.closesAt ?? now));
}

/** Ends the open round now and stops the survey's reminders and repeats. */
export async function closeSurvey(deps: Pick<SurveyDeps, "stores">, survey: Survey, now: number) {
  const round = await latestRound(deps, survey);
  const wasOpen = !!round && isOpen(round, now);
  await closeRoundOnly(deps, survey, now);
  for (const id of survey.scheduleIds) await deps.stores.schedules.remove(survey.workspaceId, id);
  if (survey.scheduleIds.length) await deps.stores.surveys.setScheduleIds(survey.workspaceId, survey.id, []);
  return { round, wasOpen };
}

export interface SurveyStatus {
  survey: Survey;
  round: SurveyRound | null;
  open: boolean;
  invited: number;
  responded: number;
}

export async function surveyStatus(
  deps: Pick<SurveyDeps, "stores">,
  survey: Survey,
  now: number,
): Promise<SurveyStatus> {
  const round = await latestRound(deps, survey);
  if (!round) return { survey, round, open: false, invited: 0, responded: 0 };
  const invited = (await deps.stores.surveys.invitations(round.id)).length;
  const responded = (await deps.stores.surveys.answered(round.id)).size;
  return { survey, round, open: isOpen(round, now), invited, responded };
}
