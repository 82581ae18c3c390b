/** `single_choice`: one of a list of options. */
import { z } from "zod";
import { BaseQuestionSchema, countBuckets, defineQuestionType, inputLabel, isEmpty, OptionsSchema } from "./types.js";

const schema = BaseQuestionSchema.extend({ type: z.literal("single_choice"), options: OptionsSchema }).strict();

export default defineQuestionType({
  meta: { type: "single_choice", summary: "one of a list of options" },
  schema,
  input: (q, initial) => ({
    kind: "select",
    id: q.id,
    label: inputLabel(q),
    options: q.options,
    ...(typeof initial === "string" ? { initial } : {}),
    optional: !q.required,
  }),
  read(q, raw) {
    if (isEmpty(raw)) return { ok: true, value: null };
    const value = String(raw).trim();
    const option = q.options.find((o) => o.value === value || o.label.toLowerCase() === value.toLowerCase());
    return option ? { ok: true, value: option.value } : { ok: false, error: "Choose one of the listed options." };
  },
  summarise: (q, values) => ({
    answered: values.length,
    buckets: countBuckets(
      q.options,
      values.filter((v): v is string => typeof v === "string"),
    ),
  }),
});
