/**
 * What comes back from a clicked card (Action.Execute invoke data, or an Action.Submit fallback's
 * message `value`) → a button click or a form submission. Parsed with zod: it is client input.
 */
import { z } from "zod";
import type { Form } from "../core/messages/model.js";
import { DATA_KEYS } from "./render/elements.js";
import { FormSchema } from "../core/messages/form-schema.js";

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
