/** Form inputs → Input.* elements, with per-input errors from the core shown under each input. */
import type { Form, InputSpec } from "../../core/messages/model.js";
import { toCardMarkdown } from "./markdown.js";
import type { CardElement } from "./elements.js";

type Values = Record<string, string | number | undefined>;

function initial(input: InputSpec, values: Values | undefined): string | number | undefined {
  const entered = values?.[input.id];
  if (entered !== undefined && entered !== "") return entered;
  if (input.kind === "rating") return undefined;
  return input.initial;
}

export function inputElement(input: InputSpec, values?: Values): CardElement {
  const required = !input.optional;
  const base = { id: input.id, label: input.label, isRequired: required };
  const value = initial(input, values);
  switch (input.kind) {
    case "text":
      return {
        type: "Input.Text",
        ...base,
        ...(input.placeholder ? { placeholder: input.placeholder } : {}),
        ...(value !== undefined ? { value: String(value) } : {}),
        ...(input.multiline ? { isMultiline: true } : {}),
        ...(input.maxLength ? { maxLength: input.maxLength } : {}),
        ...(required ? { errorMessage: `${input.label} is required` } : {}),
      };
    case "number":
      return {
        type: "Input.Number",
        ...base,
        ...(value !== undefined && value !== "" && Number.isFinite(Number(value)) ? { value: Number(value) } : {}),
        ...(input.min !== undefined ? { min: input.min } : {}),
        ...(input.max !== undefined ? { max: input.max } : {}),
        ...(required ? { errorMessage: `${input.label} is required` } : {}),
      };
    case "select":
      return {
        type: "Input.ChoiceSet",
        ...base,
        style: "compact",
        ...(input.multiple ? { isMultiSelect: true } : {}),
        choices: input.options.map((o) => ({ title: o.label, value: o.value })),
        ...(value !== undefined ? { value: String(value) } : {}),
        ...(required ? { errorMessage: `Choose a value for ${input.label}` } : {}),
      };
    case "rating": {
      // Schema 1.5 has no rating input: an expanded (radio) choice set of the scale reads the same.
      const choices = [];
      for (let n = input.min; n <= input.max; n++) choices.push({ title: String(n), value: String(n) });
      const entered = values?.[input.id];
      return {
        type: "Input.ChoiceSet",
        ...base,
        style: "expanded",
        choices,
        ...(entered !== undefined && entered !== "" ? { value: String(entered) } : {}),
        ...(required ? { errorMessage: `Choose a rating for ${input.label}` } : {}),
      };
    }
  }
}

/** The inputs of a form, each followed by its error (if the core rejected the value). */
export function formInputs(form: Form, values?: Values, errors?: Record<string, string>): CardElement[] {
  const elements: CardElement[] = [];
  for (const input of form.inputs) {
    elements.push(inputElement(input, values));
    const error = errors?.[input.id];
    if (error) {
      elements.push({ type: "TextBlock", text: toCardMarkdown(error), color: "Attention", size: "Small", wrap: true });
    }
  }
  const unknown = Object.entries(errors ?? {}).filter(([id]) => !form.inputs.some((i) => i.id === id));
  for (const [, error] of unknown) {
    elements.push({ type: "TextBlock", text: toCardMarkdown(error), color: "Attention", wrap: true });
  }
  return elements;
}
