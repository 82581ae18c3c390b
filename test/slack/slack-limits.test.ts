/**
 * The renderer's output against Slack's documented Block Kit limits, written here as literals
 * (Block Kit reference: blocks, block elements, composition objects, views) and not read from
 * the renderer's own LIMITS table, so loosening that table cannot pass unnoticed.
 */
import { describe, expect, it } from "vitest";
import type { Block, Form, Message } from "../../src/core/messages/model.js";
import { renderFormModal, renderHome, renderMessage, renderResultModal } from "../../src/slack/render/surfaces.js";

const SLACK = {
  messageBlocks: 50,
  viewBlocks: 100,
  messageText: 40_000,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextElementText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  imageAltText: 2000,
  imageUrl: 3000,
  inputLabel: 2000,
  placeholder: 150,
  plainTextInputMax: 3000,
  optionText: 75,
  optionValue: 150,
  staticSelectOptions: 100,
  radioOptions: 10,
  overflowOptions: 5,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
};

type Json = Record<string, unknown>;
const text = (o: unknown): string => String((o as { text?: unknown } | undefined)?.text ?? "");

/** Every way `value` breaks Slack's documented limits, as readable strings. */
function violations(value: Json, surface: "message" | "modal" | "home"): string[] {
  const out: string[] = [];
  const over = (what: string, length: number, max: number) => {
    if (length > max) out.push(`${what}: ${length} > ${max}`);
  };
  const blocks = (value.blocks ?? []) as Json[];
  over(`${surface} blocks`, blocks.length, surface === "message" ? SLACK.messageBlocks : SLACK.viewBlocks);
  if (surface === "message") over("message text", text(value).length, SLACK.messageText);
  if (surface === "modal") {
    over("modal title", text(value.title).length, SLACK.modalTitle);
    over("modal submit", text(value.submit).length, SLACK.modalButton);
    over("modal close", text(value.close).length, SLACK.modalButton);
    over("callback_id", String(value.callback_id ?? "").length, SLACK.callbackId);
  }
  over("private_metadata", String(value.private_metadata ?? "").length, SLACK.privateMetadata);

  const option = (where: string, o: Json) => {
    over(`${where} option text`, text(o.text).length, SLACK.optionText);
    over(`${where} option value`, String(o.value ?? "").length, SLACK.optionValue);
  };
  const element = (where: string, e: Json) => {
    if (e.action_id !== undefined) over(`${where} action_id`, String(e.action_id).length, SLACK.actionId);
    const options = (e.options ?? []) as Json[];
    options.forEach((o) => option(`${where} ${String(e.type)}`, o));
    switch (e.type) {
      case "button":
        over(`${where} button text`, text(e.text).length, SLACK.buttonText);
        over(`${where} button value`, String(e.value ?? "").length, SLACK.buttonValue);
        over(`${where} button url`, String(e.url ?? "").length, SLACK.buttonUrl);
        break;
      case "static_select":
        over(`${where} static_select options`, options.length, SLACK.staticSelectOptions);
        break;
      case "radio_buttons":
        over(`${where} radio options`, options.length, SLACK.radioOptions);
        break;
      case "overflow":
        over(`${where} overflow options`, options.length, SLACK.overflowOptions);
        break;
      case "plain_text_input":
        over(`${where} placeholder`, text(e.placeholder).length, SLACK.placeholder);
        over(`${where} initial_value`, String(e.initial_value ?? "").length, SLACK.plainTextInputMax);
        over(`${where} max_length`, Number(e.max_length ?? 0), SLACK.plainTextInputMax);
        break;
    }
  };

  blocks.forEach((b, i) => {
    const where = `block ${i} (${String(b.type)})`;
    if (b.block_id !== undefined) over(`${where} block_id`, String(b.block_id).length, SLACK.blockId);
    switch (b.type) {
      case "header":
        over(`${where} text`, text(b.text).length, SLACK.headerText);
        break;
      case "section": {
        over(`${where} text`, text(b.text).length, SLACK.sectionText);
        const fields = (b.fields ?? []) as Json[];
        over(`${where} fields`, fields.length, SLACK.sectionFields);
        fields.forEach((f, j) => over(`${where} field ${j}`, text(f).length, SLACK.sectionFieldText));
        if (b.accessory) element(`${where} accessory`, b.accessory as Json);
        break;
      }
      case "context": {
        const elements = (b.elements ?? []) as Json[];
        over(`${where} elements`, elements.length, SLACK.contextElements);
        elements.forEach((e, j) => over(`${where} element ${j}`, text(e).length, SLACK.contextElementText));
        break;
      }
      case "actions": {
        const elements = (b.elements ?? []) as Json[];
        over(`${where} elements`, elements.length, SLACK.actionsElements);
        elements.forEach((e, j) => element(`${where} element ${j}`, e));
        break;
      }
      case "image":
        over(`${where} alt_text`, String(b.alt_text ?? "").length, SLACK.imageAltText);
        over(`${where} image_url`, String(b.image_url ?? "").length, SLACK.imageUrl);
        break;
      case "input":
        over(`${where} label`, text(b.label).length, SLACK.inputLabel);
        element(`${where} element`, b.element as Json);
        break;
    }
  });
  return out;
}

const long = (n: number, word = "lorem ipsum ") => word.repeat(Math.ceil(n / word.length)).slice(0, n);

/** The largest form the core could hand over: long titles and labels, many options. */
const bigForm: Form = {
  formId: "survey.answer",
  title: long(500),
  submitLabel: long(500),
  state: long(1500),
  inputs: [
    { kind: "rating", id: "q1", label: long(5000), min: 1, max: 5 },
    { kind: "rating", id: "q2", label: long(5000), min: 0, max: 20 },
    { kind: "number", id: "q3", label: long(5000), min: 0, max: 80 },
    {
      kind: "select",
      id: "q4",
      label: long(5000),
      options: Array.from({ length: 250 }, (_, i) => ({ value: `v${i}-${long(300)}`, label: long(300) })),
    },
    { kind: "text", id: "q5", label: long(5000), placeholder: long(500), initial: long(5000), maxLength: 10_000 },
  ],
};

/** Every block kind of the neutral model, each far beyond what Slack accepts. */
function largest(items: number): Block[] {
  return [
    { type: "heading", text: long(1000) },
    { type: "text", text: long(20_000) },
    { type: "context", text: long(20_000) },
    { type: "divider" },
    { type: "score", label: long(5000), value: 12, delta: -40 },
    {
      type: "fields",
      fields: Array.from({ length: 40 }, (_, i) => ({ label: `F${i} ${long(500)}`, value: long(5000) })),
    },
    {
      type: "findings",
      items: Array.from({ length: items }, (_, i) => ({
        checkId: `contact.check${i}`,
        title: long(2000),
        severity: (["low", "medium", "high", "critical"] as const)[i % 4]!,
        count: 1_000_000 + i,
        change: i % 2 ? 5 : -5,
        samples: Array.from({ length: 60 }, (_, j) => `record-${j}-${long(40)}@example.com`),
        fix: long(5000),
        button: { actionId: "findings.records", label: long(500), value: long(1900) },
      })),
    },
    {
      type: "table",
      columns: Array.from({ length: 6 }, (_, i) => `Column ${i} ${long(100)}`),
      rows: Array.from({ length: items * 2 }, (_, i) => Array.from({ length: 6 }, () => `${i} ${long(300)}`)),
      caption: long(3000),
    },
    {
      type: "chart",
      chart: {
        kind: "bar",
        title: long(3000),
        labels: Array.from({ length: 100 }, (_, i) => `L${i} ${long(100)}`),
        values: Array.from({ length: 100 }, (_, i) => i),
        imageUrl: `https://charts.example.com/${long(2900, "x")}.png`,
      },
    },
    {
      type: "chart",
      chart: { kind: "line", title: long(3000), labels: ["a", "b"], values: [1, 2] },
    },
    // One value past Slack's 2000 (the core never builds one): it cannot be sent, so it must not be.
    { type: "actions", buttons: [{ actionId: "audit.run", label: "Too long", value: long(2050) }] },
    {
      type: "actions",
      buttons: Array.from({ length: 60 }, (_, i) => ({
        actionId: "audit.run",
        label: long(500),
        value: `${i}${long(1900)}`,
      })),
    },
    { type: "form", form: bigForm, openLabel: long(500) },
  ];
}

const huge: Message = { text: long(100_000), blocks: largest(120), visibility: "channel" };
const showMore = (p: number) => JSON.stringify({ k: "c", t: "status", p });

describe("rendered Slack payloads stay within Slack's documented limits", () => {
  it("the literal checker reports a value one past each limit it tests", () => {
    const header = { type: "header", text: { type: "plain_text", text: long(151) } };
    const fields = {
      type: "section",
      fields: Array.from({ length: 11 }, () => ({ type: "mrkdwn", text: long(2001) })),
    };
    const button = {
      type: "button",
      text: { type: "plain_text", text: long(76) },
      action_id: long(256),
      value: long(2001),
    };
    const select = {
      type: "static_select",
      action_id: "a",
      options: Array.from({ length: 101 }, () => ({ text: { type: "plain_text", text: long(76) }, value: "v" })),
    };
    const found = violations(
      {
        text: "x",
        blocks: [
          header,
          { type: "section", text: { type: "mrkdwn", text: long(3001) } },
          fields,
          { type: "actions", elements: [button] },
          { type: "input", label: { type: "plain_text", text: long(2001) }, element: select },
          { type: "context", elements: Array.from({ length: 11 }, () => ({ type: "mrkdwn", text: "c" })) },
        ],
      },
      "message",
    );
    for (const what of [
      "header) text: 151 > 150",
      "section) text: 3001 > 3000",
      "section) fields: 11 > 10",
      "field 0: 2001 > 2000",
      "button text: 76 > 75",
      "action_id: 256 > 255",
      "button value: 2001 > 2000",
      "static_select options: 101 > 100",
      "static_select option text: 76 > 75",
      "label: 2001 > 2000",
      "context) elements: 11 > 10",
    ])
      expect(
        found.some((v) => v.includes(what)),
        what,
      ).toBe(true);
    expect(violations({ blocks: Array.from({ length: 51 }, () => ({ type: "divider" })) }, "message")).toHaveLength(1);
    expect(violations({ blocks: Array.from({ length: 101 }, () => ({ type: "divider" })) }, "home")).toHaveLength(1);
    expect(violations({ title: { text: long(25) }, blocks: [] }, "modal")).toEqual(["modal title: 25 > 24"]);
  });

  it("the largest message, every page of it", () => {
    for (const page of [0, 1, 2, 5]) {
      const payload = renderMessage(huge, { page, showMore });
      expect(payload.blocks.length).toBeGreaterThan(0);
      expect(violations(payload as unknown as Json, "message")).toEqual([]);
    }
    // Without a way to replay the source, the message is summarised instead.
    expect(violations(renderMessage(huge) as unknown as Json, "message")).toEqual([]);
  });

  it("the largest Home tab", () => {
    const view = renderHome(huge, { showMore });
    expect(view.blocks).toHaveLength(100);
    expect(violations(view as unknown as Json, "home")).toEqual([]);
  });

  it("the largest form modal and result modal", () => {
    const modal = renderFormModal(bigForm, long(3000));
    expect(violations(modal as unknown as Json, "modal")).toEqual([]);
    const result = renderResultModal(modal.title.text, huge);
    expect(violations(result as unknown as Json, "modal")).toEqual([]);
  });
});
