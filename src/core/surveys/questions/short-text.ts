/** `short_text`: one line of text (at most `maxLength`, default 200); results give frequent words. */
import { z } from "zod";
import { readText } from "./long-text.js";
import { BaseQuestionSchema, defineQuestionType, inputLabel } from "./types.js";

const schema = BaseQuestionSchema.extend({
  type: z.literal("short_text"),
  maxLength: z.number().int().min(1).max(500).default(200),
  placeholder: z.string().max(100).optional(),
}).strict();

export default defineQuestionType({
  meta: { type: "short_text", summary: "one line of text (`maxLength`, default 200); results give frequent words" },
  schema,
  input: (q, initial) => ({
    kind: "text",
    id: q.id,
    label: inputLabel(q),
    maxLength: q.maxLength,
    ...(q.placeholder ? { placeholder: q.placeholder } : {}),
    ...(typeof initial === "string" ? { initial } : {}),
    optional: !q.required,
  }),
  read: (q, raw) => readText(q.maxLength, raw),
  summarise: (_q, values) => ({ answered: values.length }),
});
