/**
 * Whole Slack surfaces from neutral messages and forms: message payloads (response_url,
 * chat.postMessage, chat.update), the App Home view, and modals for forms and their results.
 */
import type { Form, InputSpec, Message } from "../../core/messages/model.js";
import { FORM_CALLBACK_ID, INPUT_ACTION_ID, RESULT_CALLBACK_ID } from "./action-ids.js";
import { paginate, renderBlocks } from "./blocks.js";
import { LIMITS, type SlackBlock } from "./limits.js";
import { toPlain, truncate } from "./text.js";

export interface MessagePayload {
  text: string;
  blocks: SlackBlock[];
}

export interface RenderPageOptions {
  page?: number;
  showMore?: ((nextPage: number) => string | null) | undefined;
}

export function renderMessage(message: Message, options: RenderPageOptions = {}): MessagePayload {
  return {
    text: truncate(message.text || " ", LIMITS.messageText),
    blocks: paginate(renderBlocks(message.blocks), { budget: LIMITS.messageBlocks, ...options }),
  };
}

export interface HomeView {
  type: "home";
  blocks: SlackBlock[];
}

export function renderHome(message: Message, options: RenderPageOptions = {}): HomeView {
  return { type: "home", blocks: paginate(renderBlocks(message.blocks), { budget: LIMITS.viewBlocks, ...options }) };
}

export interface ModalView {
  type: "modal";
  callback_id: string;
  title: { type: "plain_text"; text: string };
  submit?: { type: "plain_text"; text: string };
  close: { type: "plain_text"; text: string };
  private_metadata?: string;
  blocks: SlackBlock[];
}

const label = (text: string, max: number) => ({
  type: "plain_text" as const,
  text: truncate(toPlain(text), max) || " ",
});

function option(value: string, text: string) {
  return { text: label(text, LIMITS.optionText), value: truncate(value, LIMITS.optionValue) };
}

function inputBlock(input: InputSpec): SlackBlock {
  const base = { type: "input" as const, block_id: input.id, label: label(input.label, LIMITS.inputLabel) };
  const optional = input.optional ? { optional: true } : {};
  switch (input.kind) {
    case "text":
      return {
        ...base,
        ...optional,
        element: {
          type: "plain_text_input",
          action_id: INPUT_ACTION_ID,
          ...(input.multiline ? { multiline: true } : {}),
          ...(input.placeholder ? { placeholder: label(input.placeholder, LIMITS.placeholder) } : {}),
          ...(input.initial ? { initial_value: truncate(input.initial, LIMITS.plainTextInputMax) } : {}),
          ...(input.maxLength ? { max_length: Math.min(input.maxLength, LIMITS.plainTextInputMax) } : {}),
        },
      };
    case "number":
      return {
        ...base,
        ...optional,
        element: {
          type: "number_input",
          action_id: INPUT_ACTION_ID,
          is_decimal_allowed: true,
          ...(input.initial !== undefined ? { initial_value: String(input.initial) } : {}),
          ...(input.min !== undefined ? { min_value: String(input.min) } : {}),
          ...(input.max !== undefined ? { max_value: String(input.max) } : {}),
        },
      };
    case "select": {
      const options = input.options.slice(0, LIMITS.selectOptions).map((o) => option(o.value, o.label));
      if (input.multiple) {
        const chosen = (input.initial ?? "").split(",");
        const initialOptions = options.filter((o) => chosen.includes(o.value));
        return {
          ...base,
          ...optional,
          element: {
            type: "multi_static_select",
            action_id: INPUT_ACTION_ID,
            options,
            ...(initialOptions.length ? { initial_options: initialOptions } : {}),
          },
        };
      }
      const initial = options.find((o) => o.value === input.initial);
      return {
        ...base,
        ...optional,
        element: {
          type: "static_select",
          action_id: INPUT_ACTION_ID,
          options,
          ...(initial ? { initial_option: initial } : {}),
        },
      };
    }
    case "rating": {
      const values: string[] = [];
      for (let v = input.min; v <= input.max && values.length < LIMITS.selectOptions; v++) values.push(String(v));
      const options = values.map((v) => option(v, v));
      // Up to 10 choices read best as radio buttons; a wider scale needs a select.
      const element =
        options.length <= 10
          ? { type: "radio_buttons" as const, action_id: INPUT_ACTION_ID, options }
          : { type: "static_select" as const, action_id: INPUT_ACTION_ID, options };
      return { ...base, ...optional, element };
    }
  }
}

/** A form as a modal; `privateMetadata` carries the form id, state and where to answer. */
export function renderFormModal(form: Form, privateMetadata: string): ModalView {
  return {
    type: "modal",
    callback_id: FORM_CALLBACK_ID,
    title: label(form.title, LIMITS.modalTitle),
    submit: label(form.submitLabel || "Submit", LIMITS.modalButton),
    close: label("Cancel", LIMITS.modalButton),
    private_metadata: privateMetadata,
    // A survey's first screen says whether it is anonymous: the intro goes above the inputs.
    blocks: [
      ...(form.intro ? renderBlocks([{ type: "text", text: form.intro }]) : []),
      ...form.inputs.map(inputBlock),
    ].slice(0, LIMITS.viewBlocks),
  };
}

/** A message shown in a modal (e.g. "Thanks, your answers were saved"). */
export function renderResultModal(title: string, message: Message): ModalView {
  return {
    type: "modal",
    callback_id: RESULT_CALLBACK_ID,
    title: label(title, LIMITS.modalTitle),
    close: label("Close", LIMITS.modalButton),
    blocks: paginate(renderBlocks(message.blocks), { budget: LIMITS.viewBlocks }),
  };
}

/** What Slack sends back for one input in view.state.values. */
export interface SlackInputState {
  type?: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  /** multi_static_select: every chosen option. */
  selected_options?: { value: string }[] | null;
}

/** The ids of inputs whose answers are numbers (number and rating inputs), kept in the modal's metadata. */
export function numericInputIds(form: Form): string[] {
  return form.inputs.filter((i) => i.kind === "number" || i.kind === "rating").map((i) => i.id);
}

/** view.state.values (block_id → action_id → state) → the core's form values; `numeric` from numericInputIds. */
export function readFormValues(
  state: Record<string, Record<string, SlackInputState>>,
  numeric: readonly string[],
): Record<string, string | number | undefined> {
  const values: Record<string, string | number | undefined> = {};
  for (const [blockId, actions] of Object.entries(state)) {
    const input = actions[INPUT_ACTION_ID];
    if (!input) continue;
    // Several chosen options travel comma-separated, as Teams sends them (option values hold no commas).
    const raw = Array.isArray(input.selected_options)
      ? input.selected_options.map((o) => o.value).join(",")
      : input.selected_option !== undefined
        ? input.selected_option?.value
        : input.value;
    if (raw === null || raw === undefined || raw === "") {
      values[blockId] = undefined;
    } else if (numeric.includes(blockId) && Number.isFinite(Number(raw))) {
      values[blockId] = Number(raw);
    } else {
      values[blockId] = raw;
    }
  }
  return values;
}
