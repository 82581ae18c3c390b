/** `long_text`: several lines of text (at most `maxLength`, default 1000); results give frequent words and phrases. */
import { z } from "zod";
import { BaseQuestionSchema, defineQuestionType, inputLabel, isEmpty, type ReadResult } from "./types.js";

const schema = BaseQuestionSchema.extend({
  type: z.literal("long_text"),
  maxLength: z.number().int().min(1).max(2000).default(1000),
  placeholder: z.string().max(100).optional(),
}).strict();

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function readText(maxLength: number, raw: string | number | undefined): ReadResult {
  if (isEmpty(raw)) return { ok: true, value: null };
  // Control characters other than line breaks and tabs have no place in an answer.
  const text = String(raw).replace(CONTROL, "").trim();
  if (text.length > maxLength) return { ok: false, error: `At most ${maxLength} characters (this is ${text.length}).` };
  return { ok: true, value: text };
}

export default defineQuestionType({
  meta: {
    type: "long_text",
    summary: "several lines of text (`maxLength`, default 1000); results give frequent words",
  },
  schema,
  input: (q, initial) => ({
    kind: "text",
    id: q.id,
    label: inputLabel(q),
    multiline: true,
    maxLength: q.maxLength,
    ...(q.placeholder ? { placeholder: q.placeholder } : {}),
    ...(typeof initial === "string" ? { initial } : {}),
    optional: !q.required,
  }),
  read: (q, raw) => readText(q.maxLength, raw),
  summarise: (_q, values) => ({ answered: values.length }),
});
