/**
 * Buttons → Action.Execute (Universal Actions: the bot gets an `adaptiveCard/action` invoke and
 * answers with the updated card), each with an Action.Submit fallback for clients older than
 * schema 1.4, which then arrives as a message activity carrying `value`.
 */
import type { Button, Form } from "../../core/messages/model.js";
import { DATA_KEYS, type CardAction } from "./elements.js";

function style(button: Button): Record<string, string> {
  if (button.style === "primary") return { style: "positive" };
  if (button.style === "danger") return { style: "destructive" };
  return {};
}

export function buttonAction(button: Button): CardAction {
  return {
    type: "Action.Execute",
    title: button.label,
    verb: button.actionId,
    data: { [DATA_KEYS.value]: button.value },
    ...style(button),
    fallback: {
      type: "Action.Submit",
      title: button.label,
      data: { [DATA_KEYS.actionId]: button.actionId, [DATA_KEYS.value]: button.value },
      ...style(button),
    },
  };
}

/** The submit of a form: the inputs' values are merged into `data` by the client. */
export function formSubmitAction(form: Form): CardAction {
  const data = { [DATA_KEYS.form]: JSON.stringify(form) };
  return {
    type: "Action.Execute",
    title: form.submitLabel,
    verb: `form:${form.formId}`,
    data,
    style: "positive",
    fallback: { type: "Action.Submit", title: form.submitLabel, data, style: "positive" },
  };
}
