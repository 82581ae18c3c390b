/**
 * A "form" block becomes a button; the click must open the form as a modal within the
 * trigger's 3 seconds, and nothing about the form may live in one process's memory (several
 * instances serve one app). So the form travels in the button's value: JSON, deflated and
 * base64url-encoded to fit Slack's 2000 characters, parsed with zod when it comes back.
 */
import zlib from "node:zlib";
import { z } from "zod";
import type { Form } from "../../core/messages/model.js";
import { LIMITS } from "./limits.js";

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

export const FormSchema = z.object({
  formId: z.string().min(1),
  title: z.string(),
  submitLabel: z.string(),
  inputs: z.array(InputSpecSchema),
  state: z.string().optional(),
});

/** The form as a button value, or null when even compressed it exceeds Slack's 2000 characters. */
export function encodeForm(form: Form): string | null {
  const value = zlib.deflateRawSync(Buffer.from(JSON.stringify(form))).toString("base64url");
  return value.length <= LIMITS.buttonValue ? value : null;
}

/** The form from a clicked button's value; throws on anything that is not one we encoded. */
export function decodeForm(value: string): Form {
  const json = zlib.inflateRawSync(Buffer.from(value, "base64url"), { maxOutputLength: 1_000_000 }).toString("utf8");
  return FormSchema.parse(JSON.parse(json));
}
