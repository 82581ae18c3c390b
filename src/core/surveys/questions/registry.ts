/**
 * Every survey question type. Adding one is a file beside this one and a line here;
 * docs/surveys.md lists them (test/core/surveys/questions.test.ts).
 */
import longText from "./long-text.js";
import multipleChoice from "./multiple-choice.js";
import number from "./number.js";
import rating from "./rating.js";
import scale from "./scale.js";
import shortText from "./short-text.js";
import singleChoice from "./single-choice.js";
import type { QuestionType } from "./types.js";

export const QUESTION_TYPES = [singleChoice, multipleChoice, rating, scale, number, shortText, longText] as const;

export type Question = z_output<(typeof QUESTION_TYPES)[number]>;
type z_output<T> = T extends QuestionType<infer Q> ? Q : never;

export function questionType(type: string): QuestionType<Question> | undefined {
  return QUESTION_TYPES.find((t) => t.meta.type === type) as QuestionType<Question> | undefined;
}
