/**
 * A survey as form pages. A page holds at most PAGE_SIZE questions, and a question whose
 * `showIf` depends on a question of the same page starts a new page, so conditions are judged
 * on answers already given: the next page shows only the questions whose condition holds.
 * Slack modals hold 100 blocks and Teams cards have a size budget; eight questions fit both.
 */
import type { Answers } from "../stores/surveys.js";
import type { SurveyDefinition } from "./definition.js";
import type { Question } from "./questions/registry.js";
import type { Condition } from "./questions/types.js";

export const PAGE_SIZE = 8;

export function pagesOf(definition: SurveyDefinition): Question[][] {
  const pages: Question[][] = [];
  let page: Question[] = [];
  for (const q of definition.questions) {
    const dependsOnPage = q.showIf && page.some((p) => p.id === q.showIf!.question);
    if (page.length >= PAGE_SIZE || dependsOnPage) {
      pages.push(page);
      page = [];
    }
    page.push(q);
  }
  if (page.length) pages.push(page);
  return pages;
}

export function conditionHolds(condition: Condition | undefined, answers: Answers): boolean {
  if (!condition) return true;
  const value = answers[condition.question];
  if (value === undefined) return false;
  const values = Array.isArray(value) ? value : [value];
  return values.some((v) => {
    if (condition.anyOf && !condition.anyOf.some((a) => String(a) === String(v))) return false;
    const n = Number(v);
    if (condition.min !== undefined && !(Number.isFinite(n) && n >= condition.min)) return false;
    if (condition.max !== undefined && !(Number.isFinite(n) && n <= condition.max)) return false;
    return true;
  });
}

/** Whether a question is shown given these answers (its condition's source must be shown too). */
export function isShown(definition: SurveyDefinition, question: Question, answers: Answers): boolean {
  if (!question.showIf) return true;
  const source = definition.questions.find((q) => q.id === question.showIf!.question);
  return !!source && isShown(definition, source, answers) && conditionHolds(question.showIf, answers);
}

/** The answers without those to questions no longer shown (an earlier answer changed). */
export function shownAnswers(definition: SurveyDefinition, answers: Answers): Answers {
  const out: Answers = {};
  for (const q of definition.questions) {
    const value = answers[q.id];
    if (value !== undefined && isShown(definition, q, answers)) out[q.id] = value;
  }
  return out;
}

/** The first page at or after `from` with a question to show; null when there is none. */
export function nextPage(definition: SurveyDefinition, from: number, answers: Answers): number | null {
  const pages = pagesOf(definition);
  for (let p = from; p < pages.length; p++) {
    if (pages[p]!.some((q) => isShown(definition, q, answers))) return p;
  }
  return null;
}
