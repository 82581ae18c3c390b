/**
 * A survey question type, shaped like a check: one file per type under questions/ (its meta,
 * the zod schema of its own fields, how it becomes a form input, how a submitted value is read
 * and how its answers are summarised), listed in registry.ts. docs/surveys.md lists the same
 * types (test/core/surveys/questions.test.ts keeps them in step).
 */
import { z } from "zod";
import type { InputSpec } from "../../messages/model.js";

/** One answer: a choice's value, a number, several choices' values, or text. */
export type AnswerValue = string | number | string[];

export const QUESTION_ID = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, "must be lower-case letters, digits and _ (at most 40), starting with a letter");

/** `showIf`: show this question only when an earlier one was answered with one of these values / in this range. */
export const ConditionSchema = z
  .object({
    question: QUESTION_ID,
    anyOf: z
      .array(z.union([z.string(), z.number()]))
      .min(1)
      .optional(),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .strict()
  .refine((c) => c.anyOf !== undefined || c.min !== undefined || c.max !== undefined, {
    message: "showIf needs anyOf, min or max",
  });
export type Condition = z.output<typeof ConditionSchema>;

/** Fields every question has. */
export const BaseQuestionSchema = z.object({
  id: QUESTION_ID,
  text: z.string().min(1).max(300),
  help: z.string().max(500).optional(),
  required: z.boolean().default(true),
  showIf: ConditionSchema.optional(),
});

export interface Option {
  value: string;
  label: string;
}

/** "Several times a day" → "several_times_a_day": options may be written as plain labels. */
export function slug(label: string): string {
  return (
    label
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 60) || "option"
  );
}

export const OptionsSchema = z
  .array(
    z.union([
      z.string().min(1).max(150),
      z
        .object({
          value: z.string().regex(/^[a-z0-9_]{1,60}$/, "must be a-z, 0-9 and _"),
          label: z.string().min(1).max(150),
        })
        .strict(),
    ]),
  )
  .min(2, "needs at least two options")
  .max(25, "at most 25 options")
  .transform((list): Option[] => list.map((o) => (typeof o === "string" ? { value: slug(o), label: o } : o)))
  .refine((list) => new Set(list.map((o) => o.value)).size === list.length, {
    message: "two options have the same value",
  });

/** Counts of one value among the answers, in the order the question lists its values. */
export interface Bucket {
  value: string;
  label: string;
  count: number;
}

export interface QuestionSummary {
  /** How many answered this question. */
  answered: number;
  /** Choice and scale questions: how many gave each value. */
  buckets?: Bucket[];
  average?: number | null;
  min?: number | null;
  max?: number | null;
  median?: number | null;
  /** 0–10 questions: % promoters (9–10) − % detractors (0–6). */
  nps?: { score: number; promoters: number; passives: number; detractors: number } | null;
}

export type ReadResult = { ok: true; value: AnswerValue | null } | { ok: false; error: string };

export interface QuestionType<Q extends z.output<typeof BaseQuestionSchema>> {
  meta: {
    /** The `type:` of a question in a definition. */
    type: string;
    /** One line for docs/surveys.md. */
    summary: string;
  };
  /** The whole question: BaseQuestionSchema extended with the type's own fields, strict. */
  schema: z.ZodType<Q>;
  /** The form input for it, with a previous answer filled in. */
  input(question: Q, initial: AnswerValue | undefined): InputSpec;
  /** A submitted value (string or number from the platform; "" or undefined when left empty) → the answer. */
  read(question: Q, raw: string | number | undefined): ReadResult;
  summarise(question: Q, values: readonly AnswerValue[]): QuestionSummary;
}

export function defineQuestionType<Q extends z.output<typeof BaseQuestionSchema>>(
  type: QuestionType<Q>,
): QuestionType<Q> {
  return type;
}

/** The label of an input: the question, its help in brackets (every surface shows labels). */
export function inputLabel(question: { text: string; help?: string | undefined }): string {
  return question.help ? `${question.text} (${question.help})` : question.text;
}

export function isEmpty(raw: string | number | undefined): boolean {
  return raw === undefined || (typeof raw === "string" && raw.trim() === "");
}

export function numericSummary(values: readonly number[]): Pick<QuestionSummary, "average" | "min" | "max" | "median"> {
  if (values.length === 0) return { average: null, min: null, max: null, median: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const sum = sorted.reduce((s, v) => s + v, 0);
  return { average: sum / sorted.length, min: sorted[0]!, max: sorted[sorted.length - 1]!, median };
}

export function countBuckets(options: readonly Option[], values: readonly string[]): Bucket[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return options.map((o) => ({ value: o.value, label: o.label, count: counts.get(o.value) ?? 0 }));
}
