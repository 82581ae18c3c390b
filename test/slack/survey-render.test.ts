/** A survey page as a Slack modal: the intro first, several choices as multi_static_select, read back comma-separated. */
import { describe, expect, it } from "vitest";
import type { Form } from "../../src/core/messages/model.js";
import { ModalViewSchema } from "../../src/slack/render/limits.js";
import { readFormValues, renderFormModal } from "../../src/slack/render/surfaces.js";
import { formInputs } from "../../src/teams/render/inputs.js";

const form: Form = {
  formId: "survey.answer",
  title: "CRM usage and satisfaction",
  intro: "*This survey is anonymous.* Once you submit, your answers are final.",
  submitLabel: "Next",
  state: "s",
  inputs: [
    {
      kind: "select",
      id: "tools",
      label: "Which do you use?",
      multiple: true,
      initial: "mail,phone",
      options: [
        { value: "mail", label: "Mail" },
        { value: "phone", label: "Phone" },
        { value: "chat", label: "Chat" },
      ],
    },
  ],
};

describe("survey forms on Slack and Teams", () => {
  it("renders a valid modal with the intro above a multi-select that keeps earlier choices", () => {
    const modal = renderFormModal(form, "{}");
    expect(ModalViewSchema.safeParse(modal).success).toBe(true);
    expect(modal.blocks[0]).toMatchObject({ type: "section", text: { text: expect.stringContaining("anonymous") } });
    const input = modal.blocks[1] as { element: { type: string; initial_options: { value: string }[] } };
    expect(input.element.type).toBe("multi_static_select");
    expect(input.element.initial_options.map((o) => o.value)).toEqual(["mail", "phone"]);
    expect(
      readFormValues(
        { tools: { value: { type: "multi_static_select", selected_options: [{ value: "chat" }, { value: "mail" }] } } },
        [],
      ),
    ).toEqual({ tools: "chat,mail" });
    expect(readFormValues({ tools: { value: { type: "multi_static_select", selected_options: [] } } }, [])).toEqual({
      tools: undefined,
    });
  });

  it("renders a Teams multi-select choice set with the earlier choices as its value", () => {
    const [element] = formInputs(form);
    expect(element).toMatchObject({ type: "Input.ChoiceSet", isMultiSelect: true, value: "mail,phone" });
  });
});
