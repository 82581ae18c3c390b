/**
 * What the users said, beside what the data shows (docs/audit.md, "Survey metrics"): the
 * satisfaction rating, the NPS and the fitness score of the latest closed round of the
 * workspace's surveys that ask them. The numbers come from the results of docs/surveys.md
 * (computeResults), so the audit withholds exactly what `survey results` withholds: a round
 * under its minimum group, a question or fitness item answered by fewer people.
 */
import type { Answers } from "../stores/surveys.js";
import { computeResults, type SurveyResults } from "../surveys/results.js";
import type { SurveyDefinition } from "../surveys/definition.js";
import type { AuditSurveyRound, SurveyAuditReader } from "./stores.js";

/** Which survey round a figure comes from. */
export interface SurveyFigureSource {
  surveyId: number;
  title: string;
  templateId: string;
  round: number;
  /** When the round closed (closed early, or its --closes date), epoch ms. */
  closedAt: number;
  invited: number;
  responded: number;
}

export interface SurveyMetrics {
  /** Mean of the survey's satisfaction rating (1–5), e.g. the pulse's "how satisfied". */
  satisfaction: (SurveyFigureSource & { question: string; average: number; answered: number }) | null;
  /** Net Promoter Score (−100..100) of the survey's 0–10 question. */
  nps: (SurveyFigureSource & { question: string; score: number; answered: number }) | null;
  /** Weighted fitness score 0–100 overall, and how many people rated at least one scored item. */
  fitness: (SurveyFigureSource & { overall: number; raters: number }) | null;
  /** Why a figure is null: "no survey yet", "no closed round yet", withheld below the minimum group. */
  notMeasured: Partial<Record<"satisfaction" | "nps" | "fitness", string>>;
}

type Kind = keyof SurveyMetrics["notMeasured"];

/** The question a figure reads (null when the definition does not ask it). */
const questionOf: Record<"satisfaction" | "nps", (d: SurveyDefinition) => { id: string } | null> = {
  // A rating outside every score group: a scored rating is one item of the fitness score.
  satisfaction: (d) => d.questions.find((q) => q.type === "rating" && !q.score) ?? null,
  nps: (d) => d.questions.find((q) => q.type === "scale") ?? null,
};

/** Whether a definition gives the figure: the fitness score needs score groups. */
const asks = (kind: Kind, d: SurveyDefinition) =>
  kind === "fitness" ? Object.keys(d.groups).length > 0 : questionOf[kind](d) !== null;

const closingOf = (r: AuditSurveyRound) => r.round.closedAt ?? r.round.closesAt;

export function surveyMetrics(reader: SurveyAuditReader, workspaceId: string, asOf: number): SurveyMetrics {
  const rounds = reader.rounds(workspaceId, asOf);
  const out: SurveyMetrics = { satisfaction: null, nps: null, fitness: null, notMeasured: {} };
  if (rounds.length === 0) {
    out.notMeasured = { satisfaction: "no survey yet", nps: "no survey yet", fitness: "no survey yet" };
    return out;
  }
  // Latest closed first: an open round's answers are still coming (and anonymous ones are withheld).
  const closed = rounds
    .filter((r) => {
      const at = closingOf(r);
      return at !== null && at <= asOf;
    })
    .sort((a, b) => closingOf(b)! - closingOf(a)! || b.round.id - a.round.id);
  const results = new Map<number, { results: SurveyResults; answers: readonly Answers[] }>();
  const resultsOf = (r: AuditSurveyRound) => {
    let kept = results.get(r.round.id);
    if (!kept) {
      const answers = reader.answers(r.round.id);
      const weights = reader.weights(r.survey.workspaceId, r.survey.templateId);
      kept = { results: computeResults(r.survey, r.round, r.invited, answers, weights, asOf), answers };
      results.set(r.round.id, kept);
    }
    return kept;
  };

  for (const kind of ["satisfaction", "nps", "fitness"] as const) {
    const latest = closed.find((r) => asks(kind, r.survey.definition));
    if (!latest) {
      out.notMeasured[kind] = rounds.some((r) => asks(kind, r.survey.definition))
        ? "no closed survey round yet"
        : "no survey asks it yet";
      continue;
    }
    const { results: res, answers } = resultsOf(latest);
    const source: SurveyFigureSource = {
      surveyId: latest.survey.id,
      title: latest.survey.definition.title,
      templateId: latest.survey.templateId,
      round: latest.round.number,
      closedAt: closingOf(latest)!,
      invited: res.invited,
      responded: res.responded,
    };
    const where = `survey ${source.surveyId} round ${source.round}`;
    const withheld = (answered: number) =>
      `withheld: ${answered} ${answered === 1 ? "answer" : "answers"} in ${where}, under the minimum group of ${res.minGroup}`;
    if (res.withheld) {
      out.notMeasured[kind] = withheld(res.responded);
      continue;
    }
    if (kind === "fitness") {
      if (res.fitness === null || res.fitness.overall === null) {
        out.notMeasured.fitness = `withheld: no item of ${where} rated by at least ${res.minGroup} people`;
        continue;
      }
      const scored = res.fitness.groups.flatMap((g) => g.items.map((i) => i.id));
      const raters = answers.filter((a) => scored.some((id) => typeof a[id] === "number")).length;
      out.fitness = { ...source, overall: res.fitness.overall, raters };
      continue;
    }
    const question = res.questions.find((q) => q.id === questionOf[kind](latest.survey.definition)!.id)!;
    if (question.withheld || !question.summary) {
      out.notMeasured[kind] = withheld(question.answered);
      continue;
    }
    if (kind === "satisfaction" && question.summary.average !== null && question.summary.average !== undefined)
      out.satisfaction = {
        ...source,
        question: question.text,
        average: question.summary.average,
        answered: question.answered,
      };
    else if (kind === "nps" && question.summary.nps)
      out.nps = { ...source, question: question.text, score: question.summary.nps.score, answered: question.answered };
    else out.notMeasured[kind] = `nobody answered it in ${where}`;
  }
  return out;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const from = (s: SurveyFigureSource) => `${s.title}, round ${s.round}`;

/**
 * One line for `status`, the text and Markdown reports: each figure with where it comes from
 * and how many answered, or why it is not measured ("no survey yet" once when none ran).
 */
export function surveyMetricsText(m: SurveyMetrics): string {
  const reasons = Object.values(m.notMeasured);
  if (reasons.length === 3 && reasons.every((r) => r === "no survey yet")) return "Surveys: no survey yet";
  const part = (name: string, kind: Kind, figure: string | null) =>
    figure ?? `${name} not measured (${m.notMeasured[kind] ?? "no answers"})`;
  const parts = [
    part(
      "satisfaction",
      "satisfaction",
      m.satisfaction &&
        `satisfaction ${m.satisfaction.average.toFixed(1)}/5 (${from(m.satisfaction)}, ${plural(m.satisfaction.answered, "answer")})`,
    ),
    part(
      "NPS",
      "nps",
      m.nps && `NPS ${m.nps.score > 0 ? "+" : ""}${m.nps.score} (${from(m.nps)}, ${plural(m.nps.answered, "answer")})`,
    ),
    part(
      "fitness",
      "fitness",
      m.fitness &&
        `fitness ${Math.round(m.fitness.overall)}/100 (${from(m.fitness)}, ${plural(m.fitness.raters, "rater")})`,
    ),
  ];
  return `Surveys: ${parts.join(" · ")}`;
}
