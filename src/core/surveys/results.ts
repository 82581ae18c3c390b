/**
 * A round's results as data, in one function (surveyResults), so text tables today and charts
 * later render the same numbers (src/core/messages/surveys.ts renders them). Rules of
 * docs/surveys.md: any group with fewer answers than the survey's minimum (default 3) is
 * withheld, not shown small; the fitness score counts only items rated by at least that many.
 */
import type { Answers, Survey, SurveyRound, SurveyStore } from "../stores/surveys.js";
import type { SurveyDefinition } from "./definition.js";
import { questionType, type Question } from "./questions/registry.js";
import { RATING_MAX, RATING_MIN } from "./questions/rating.js";
import type { AnswerValue, QuestionSummary } from "./questions/types.js";
import { topThemes, type Theme } from "./themes.js";

export interface QuestionResult {
  id: string;
  text: string;
  type: string;
  answered: number;
  /** Fewer answers than the minimum group: nothing below is given. */
  withheld: boolean;
  summary: QuestionSummary | null;
  themes: Theme[] | null;
  /** Against the previous round, when both have the number. */
  change: { average: number | null; nps: number | null } | null;
}

export interface FitnessItem {
  id: string;
  text: string;
  weight: number;
  raters: number;
  /** 0–100: (average − 1) / 4 × 100; null when withheld or nobody rated it. */
  score: number | null;
  withheld: boolean;
}

export interface FitnessGroup {
  id: string;
  label: string;
  weight: number;
  /** Weighted mean of the group's scored items; null when none was scored. */
  score: number | null;
  items: FitnessItem[];
}

export interface Fitness {
  overall: number | null;
  groups: FitnessGroup[];
  change: number | null;
}

export interface SurveyResults {
  survey: { id: number; title: string; templateId: string; templateVersion: number; anonymous: boolean };
  round: {
    id: number;
    number: number;
    startedAt: number;
    closesAt: number | null;
    closedAt: number | null;
    open: boolean;
  };
  invited: number;
  responded: number;
  /** responded / invited, 0–1; null with nobody invited. */
  responseRate: number | null;
  minGroup: number;
  /** Fewer responses than the minimum, or an anonymous round still open: no question is shown. */
  withheld: boolean;
  /**
   * An anonymous round's answers are shown once it closes: results read before and after one
   * person answers would otherwise differ by exactly that person's answers.
   */
  untilClosed: boolean;
  questions: QuestionResult[];
  fitness: Fitness | null;
  previous: { roundNumber: number; responded: number; responseRate: number | null } | null;
  /**
   * Measured usage of the invited people who are CRM users, in the 30 days before the round
   * ended (or now): beside what they said. Aggregate only; null when fewer than minGroup of them.
   */
  usage: { people: number; loggedIn: number; activities: number; from: number; to: number } | null;
}

export const USAGE_WINDOW_MS = 30 * 86_400_000;

export function isOpen(round: SurveyRound, now: number): boolean {
  return round.closedAt === null && (round.closesAt === null || now < round.closesAt);
}

const itemScore = (average: number) => ((average - RATING_MIN) / (RATING_MAX - RATING_MIN)) * 100;

/** Weighted mean of the entries that have a value; null when none has. */
function weighted(entries: readonly { weight: number; value: number | null }[]): number | null {
  const scored = entries.filter((e): e is { weight: number; value: number } => e.value !== null && e.weight > 0);
  const total = scored.reduce((s, e) => s + e.weight, 0);
  return total > 0 ? scored.reduce((s, e) => s + e.weight * e.value, 0) / total : null;
}

export function fitnessOf(
  definition: SurveyDefinition,
  answers: readonly Answers[],
  weights: Readonly<Record<string, number>>,
  minGroup: number,
): Fitness | null {
  const groups = Object.entries(definition.groups);
  if (groups.length === 0) return null;
  const out: FitnessGroup[] = groups.map(([id, g]) => {
    const items = definition.questions
      .filter((q): q is Extract<Question, { type: "rating" }> => q.type === "rating" && q.score?.group === id)
      .map((q): FitnessItem => {
        const values = answers.map((a) => a[q.id]).filter((v): v is number => typeof v === "number");
        const withheld = values.length > 0 && values.length < minGroup;
        const average = values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
        return {
          id: q.id,
          text: q.text,
          weight: weights[q.id] ?? q.score!.weight,
          raters: values.length,
          score: withheld || average === null ? null : itemScore(average),
          withheld,
        };
      });
    return {
      id,
      label: g.label,
      weight: weights[`group:${id}`] ?? g.weight,
      score: weighted(items.map((i) => ({ weight: i.weight, value: i.score }))),
      items,
    };
  });
  return { overall: weighted(out.map((g) => ({ weight: g.weight, value: g.score }))), groups: out, change: null };
}

function questionResult(q: Question, answers: readonly Answers[], minGroup: number): QuestionResult {
  const values = answers.map((a) => a[q.id]).filter((v): v is AnswerValue => v !== undefined);
  const withheld = values.length < minGroup;
  const kind = questionType(q.type)!;
  const isText = q.type === "short_text" || q.type === "long_text";
  return {
    id: q.id,
    text: q.text,
    type: q.type,
    answered: values.length,
    withheld,
    summary: withheld ? null : kind.summarise(q, values),
    themes: withheld || !isText ? null : topThemes(values.filter((v): v is string => typeof v === "string")),
    change: null,
  };
}

/** The numbers of one round from its submitted answers (no store: the 10,000-answer benchmark calls this). */
export function computeResults(
  survey: Survey,
  round: SurveyRound,
  invited: number,
  answers: readonly Answers[],
  weights: Readonly<Record<string, number>>,
  now: number,
): SurveyResults {
  const { definition } = survey;
  const minGroup = definition.minGroup;
  const untilClosed = survey.anonymous && isOpen(round, now);
  const withheld = answers.length < minGroup || untilClosed;
  return {
    survey: {
      id: survey.id,
      title: definition.title,
      templateId: survey.templateId,
      templateVersion: survey.templateVersion,
      anonymous: survey.anonymous,
    },
    round: { ...round, open: isOpen(round, now) },
    invited,
    responded: answers.length,
    responseRate: invited > 0 ? answers.length / invited : null,
    minGroup,
    withheld,
    untilClosed,
    questions: definition.questions.map((q) =>
      withheld
        ? {
            id: q.id,
            text: q.text,
            type: q.type,
            answered: 0,
            withheld: true,
            summary: null,
            themes: null,
            change: null,
          }
        : questionResult(q, answers, minGroup),
    ),
    fitness: withheld ? null : fitnessOf(definition, answers, weights, minGroup),
    previous: null,
    usage: null,
  };
}

/** With the change since the previous round (per question average and NPS, fitness overall). */
export function withChange(current: SurveyResults, previous: SurveyResults | null): SurveyResults {
  if (!previous) return current;
  const delta = (a: number | null | undefined, b: number | null | undefined) =>
    a === null || a === undefined || b === null || b === undefined ? null : a - b;
  return {
    ...current,
    previous: {
      roundNumber: previous.round.number,
      responded: previous.responded,
      responseRate: previous.responseRate,
    },
    questions: current.questions.map((q) => {
      const before = previous.questions.find((p) => p.id === q.id);
      if (!before || !q.summary || !before.summary) return q;
      return {
        ...q,
        change: {
          average: delta(q.summary.average, before.summary.average),
          nps: delta(q.summary.nps?.score, before.summary.nps?.score),
        },
      };
    }),
    fitness: current.fitness && {
      ...current.fitness,
      change: delta(current.fitness.overall, previous.fitness?.overall),
    },
  };
}

/** Results of a round (default: the latest) with the change from the round before it. */
export async function surveyResults(
  store: SurveyStore,
  survey: Survey,
  now: number,
  roundNumber?: number,
): Promise<SurveyResults | null> {
  const rounds = await store.rounds(survey.id);
  const index = roundNumber === undefined ? rounds.length - 1 : rounds.findIndex((r) => r.number === roundNumber);
  const round = rounds[index];
  if (!round) return null;
  const weights = await store.weights(survey.workspaceId, survey.templateId);
  const of = async (r: SurveyRound) =>
    computeResults(
      survey,
      r,
      (await store.invitations(r.id)).length,
      (await store.responses(r.id)).map((x) => x.answers),
      weights,
      now,
    );
  const previous = index > 0 ? await of(rounds[index - 1]!) : null;
  const results = withChange(await of(round), previous);
  const crmUserIds = [
    ...new Set((await store.invitations(round.id)).flatMap((i) => (i.crmUserId ? [i.crmUserId] : []))),
  ];
  const to = Math.min(now, round.closedAt ?? round.closesAt ?? now);
  const from = to - USAGE_WINDOW_MS;
  const usage = await store.measuredUsage(survey.workspaceId, crmUserIds, from, to);
  return { ...results, usage: usage.people >= survey.definition.minGroup ? { ...usage, from, to } : null };
}
