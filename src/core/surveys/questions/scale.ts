/**
 * `scale`: 0–10, as in "how likely are you to recommend it to a colleague". Its summary carries
 * the Net Promoter Score: % of 9–10 (promoters) − % of 0–6 (detractors), from −100 to 100.
 */
import { z } from "zod";
import {
  BaseQuestionSchema,
  countBuckets,
  defineQuestionType,
  inputLabel,
  isEmpty,
  numericSummary,
  type QuestionSummary,
} from "./types.js";

const schema = BaseQuestionSchema.extend({
  type: z.literal("scale"),
  lowLabel: z.string().max(60).default("Not at all likely"),
  highLabel: z.string().max(60).default("Extremely likely"),
}).strict();

export function npsOf(values: readonly number[]): QuestionSummary["nps"] {
  if (values.length === 0) return null;
  const promoters = values.filter((v) => v >= 9).length;
  const detractors = values.filter((v) => v <= 6).length;
  const passives = values.length - promoters - detractors;
  // Rounded once, at the end: 2 promoters and 1 detractor of 3 is 33, not 67 − 33 = 34.
  const score = Math.round(((promoters - detractors) / values.length) * 100);
  return { score, promoters, passives, detractors };
}

const points = (q: { lowLabel: string; highLabel: string }) =>
  Array.from({ length: 11 }, (_, n) => ({
    value: String(n),
    label: n === 0 ? `0 · ${q.lowLabel}` : n === 10 ? `10 · ${q.highLabel}` : String(n),
  }));

export default defineQuestionType({
  meta: { type: "scale", summary: "0–10 (how likely to recommend); results give the Net Promoter Score" },
  schema,
  input: (q, initial) => ({
    kind: "select",
    id: q.id,
    label: inputLabel(q),
    options: points(q),
    ...(typeof initial === "number" ? { initial: String(initial) } : {}),
    optional: !q.required,
  }),
  read(_q, raw) {
    if (isEmpty(raw)) return { ok: true, value: null };
    const n = Number(String(raw).trim());
    return Number.isInteger(n) && n >= 0 && n <= 10
      ? { ok: true, value: n }
      : { ok: false, error: "Choose a number from 0 to 10." };
  },
  summarise(q, values) {
    const numbers = values.filter((v): v is number => typeof v === "number");
    return {
      answered: numbers.length,
      buckets: countBuckets(
        points(q),
        numbers.map((n) => String(n)),
      ),
      ...numericSummary(numbers),
      nps: npsOf(numbers),
    };
  },
});
