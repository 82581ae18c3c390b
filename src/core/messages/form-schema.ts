/**
 * A Form coming back from a chat client (inside a Slack button value or a Teams card's data)
 * is client input: both platform layers parse it with this schema, the zod twin of `Form`.
 */
import { z } from "zod";
import type { Form } from "./model.js";

const InputSpecSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("text"),
    id: z.string(),
    label: z.string(),
    placeholder: z.string().optional(),
    initial: z.string().optional(),
    multiline: z.boolean().optional(),
    optional: z.boolean().optional(),
    maxLength: z.number().optional(),
  }),
  z.object({
    kind: z.literal("number"),
    id: z.string(),
    label: z.string(),
    initial: z.number().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    optional: z.boolean().optional(),
  }),
  z.object({
    kind: z.literal("select"),
    id: z.string(),
    label: z.string(),
    options: z.array(z.object({ value: z.string(), label: z.string() })),
    multiple: z.boolean().optional(),
    initial: z.string().optional(),
    optional: z.boolean().optional(),
  }),
  z.object({
    kind: z.literal("rating"),
    id: z.string(),
    label: z.string(),
    min: z.number().int(),
    max: z.number().int(),
    optional: z.boolean().optional(),
  }),
]);

export const FormSchema: z.ZodType<Form> = z.object({
  formId: z.string().min(1),
  title: z.string(),
  intro: z.string().optional(),
  submitLabel: z.string(),
  inputs: z.array(InputSpecSchema),
  state: z.string().optional(),
});
