/**
 * What comes back from a clicked card (Action.Execute invoke data, or an Action.Submit fallback's
 * message `value`) → a button click or a form submission. Parsed with zod: it is client input.
 */
import { z } from "zod";
import type { Form } from "../core/messages/model.js";
import { DATA_KEYS } from "./render/elements.js";

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
    min: z.number(),
    max: z.number(),
    optional: z.boolean().optional(),
  }),
]);

const FormSchema = z.object({
  formId: z.string().min(1),
  title: z.string(),
  submitLabel: z.string(),
  inputs: z.array(InputSpecSchema),
  state: z.string().optional(),
});

const CardDataSchema = z.record(z.string(), z.unknown());

export type CardInput =
  | { kind: "action"; actionId: string; value: string }
  | { kind: "form"; form: Form; values: Record<string, string | number | undefined> }
  | { kind: "unknown" };

function formValues(form: Form, data: Record<string, unknown>): Record<string, string | number | undefined> {
  const values: Record<string, string | number | undefined> = {};
  for (const input of form.inputs) {
    const raw = data[input.id];
    if (raw === undefined || raw === null || raw === "") {
      values[input.id] = undefined;
    } else if ((input.kind === "number" || input.kind === "rating") && Number.isFinite(Number(raw))) {
      values[input.id] = Number(raw);
    } else {
      values[input.id] = String(raw);
    }
  }
  return values;
}

/** `verb` is the Action.Execute verb; undefined for an Action.Submit fallback. */
export function parseCardInput(verb: string | undefined, rawData: unknown): CardInput {
  const parsed = CardDataSchema.safeParse(rawData ?? {});
  if (!parsed.success) return { kind: "unknown" };
  const data = parsed.data;
  const formJson = data[DATA_KEYS.form];
  if (typeof formJson === "string") {
    let form: Form;
    try {
      form = FormSchema.parse(JSON.parse(formJson));
    } catch {
      return { kind: "unknown" };
    }
    return { kind: "form", form, values: formValues(form, data) };
  }
  const actionId = verb ?? data[DATA_KEYS.actionId];
  const value = data[DATA_KEYS.value];
  if (typeof actionId === "string" && actionId && typeof value === "string") return { kind: "action", actionId, value };
  return { kind: "unknown" };
}
