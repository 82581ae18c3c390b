/** `number`: a number, optionally whole (`integer`) and within `min`/`max`. */
import { z } from "zod";
import { BaseQuestionSchema, defineQuestionType, inputLabel, isEmpty, numericSummary } from "./types.js";

const schema = BaseQuestionSchema.extend({
  type: z.literal("number"),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().default(false),
  unit: z.string().max(30).optional(),
})
  .strict()
  .refine((q) => q.min === undefined || q.max === undefined || q.min <= q.max, { message: "min is above max" });

export default defineQuestionType({
  meta: { type: "number", summary: "a number (`min`, `max`, `integer`, `unit`); results give average, median, range" },
  schema,
  input: (q, initial) => ({
    kind: "number",
    id: q.id,
    label: inputLabel(q.unit ? { ...q, text: `${q.text} (${q.unit})` } : q),
    ...(typeof initial === "number" ? { initial } : {}),
    ...(q.min !== undefined ? { min: q.min } : {}),
    ...(q.max !== undefined ? { max: q.max } : {}),
    optional: !q.required,
  }),
  read(q, raw) {
    if (isEmpty(raw)) return { ok: true, value: null };
    const text = String(raw).trim().replace(",", ".");
    const n = /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : NaN;
    if (!Number.isFinite(n)) return { ok: false, error: "Enter a number." };
    if (q.integer && !Number.isInteger(n)) return { ok: false, error: "Enter a whole number." };
    if (q.min !== undefined && n < q.min) return { ok: false, error: `Enter ${q.min} or more.` };
    if (q.max !== undefined && n > q.max) return { ok: false, error: `Enter ${q.max} or less.` };
    return { ok: true, value: n };
  },
  summarise(_q, values) {
    const numbers = values.filter((v): v is number => typeof v === "number");
    return { answered: numbers.length, ...numericSummary(numbers) };
  },
});
