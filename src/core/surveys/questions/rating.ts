/**
 * `rating`: 1–5 with a label per step (`labels`, lowest first). `score` puts the question into a
 * weighted score group of the survey (the fitness scorecard, docs/surveys.md).
 */
import { z } from "zod";
import { BaseQuestionSchema, countBuckets, defineQuestionType, inputLabel, isEmpty, numericSummary } from "./types.js";

export const RATING_MIN = 1;
export const RATING_MAX = 5;

const schema = BaseQuestionSchema.extend({
  type: z.literal("rating"),
  labels: z
    .array(z.string().min(1).max(60))
    .length(RATING_MAX - RATING_MIN + 1, "needs five labels, lowest first")
    .default(["Very poor", "Poor", "Fair", "Good", "Very good"]),
  score: z
    .object({
      group: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "must be a group id of `groups`"),
      weight: z.number().positive().max(100).default(1),
    })
    .strict()
    .optional(),
}).strict();

const steps = (labels: readonly string[]) =>
  labels.map((label, i) => ({ value: String(RATING_MIN + i), label: `${RATING_MIN + i} · ${label}` }));

export default defineQuestionType({
  meta: { type: "rating", summary: "1–5 with a label per step; `score` adds it to a weighted score group" },
  schema,
  input: (q, initial) => ({
    kind: "select",
    id: q.id,
    label: inputLabel(q),
    options: steps(q.labels),
    ...(typeof initial === "number" ? { initial: String(initial) } : {}),
    optional: !q.required,
  }),
  read(_q, raw) {
    if (isEmpty(raw)) return { ok: true, value: null };
    const n = Number(String(raw).trim());
    return Number.isInteger(n) && n >= RATING_MIN && n <= RATING_MAX
      ? { ok: true, value: n }
      : { ok: false, error: `Choose a rating from ${RATING_MIN} to ${RATING_MAX}.` };
  },
  summarise(q, values) {
    const numbers = values.filter((v): v is number => typeof v === "number");
    return {
      answered: numbers.length,
      buckets: countBuckets(
        steps(q.labels),
        numbers.map((n) => String(n)),
      ),
      ...numericSummary(numbers),
    };
  },
});
