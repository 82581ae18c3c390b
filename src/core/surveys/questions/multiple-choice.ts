/**
 * `multiple_choice`: any number of a list of options (`maxChoices` caps it). Platforms send the
 * chosen values comma-separated (Teams' multi-select does so natively), so option values never
 * hold commas (types.ts, OptionsSchema).
 */
import { z } from "zod";
import { BaseQuestionSchema, countBuckets, defineQuestionType, inputLabel, isEmpty, OptionsSchema } from "./types.js";

const schema = BaseQuestionSchema.extend({
  type: z.literal("multiple_choice"),
  options: OptionsSchema,
  maxChoices: z.number().int().min(1).optional(),
}).strict();

export default defineQuestionType({
  meta: { type: "multiple_choice", summary: "any of a list of options (`maxChoices` limits how many)" },
  schema,
  input: (q, initial) => ({
    kind: "select",
    id: q.id,
    label: inputLabel(q),
    options: q.options,
    multiple: true,
    ...(Array.isArray(initial) && initial.length ? { initial: initial.join(",") } : {}),
    optional: !q.required,
  }),
  read(q, raw) {
    if (isEmpty(raw)) return { ok: true, value: null };
    const chosen: string[] = [];
    for (const part of String(raw).split(",")) {
      const text = part.trim();
      if (!text) continue;
      const option = q.options.find((o) => o.value === text || o.label.toLowerCase() === text.toLowerCase());
      if (!option) return { ok: false, error: `"${text.slice(0, 40)}" is not one of the listed options.` };
      if (!chosen.includes(option.value)) chosen.push(option.value);
    }
    if (chosen.length === 0) return { ok: true, value: null };
    if (q.maxChoices !== undefined && chosen.length > q.maxChoices)
      return { ok: false, error: `Choose at most ${q.maxChoices}.` };
    // In the question's order, so equal answers compare equal.
    return { ok: true, value: q.options.map((o) => o.value).filter((v) => chosen.includes(v)) };
  },
  summarise: (q, values) => ({
    answered: values.length,
    buckets: countBuckets(
      q.options,
      values.flatMap((v) => (Array.isArray(v) ? v : [])),
    ),
  }),
});
