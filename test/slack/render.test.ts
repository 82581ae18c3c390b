import { describe, expect, it } from "vitest";
import type { Block, Form, Message } from "../../src/core/messages/model.js";
import { FORM_OPEN_ACTION, SHOW_MORE_ACTION, stripSuffix } from "../../src/slack/render/action-ids.js";
import { renderBlocks } from "../../src/slack/render/blocks.js";
import { decodeForm, encodeForm } from "../../src/slack/render/form-codec.js";
import { HomeViewSchema, MessagePayloadSchema, ModalViewSchema } from "../../src/slack/render/limits.js";
import {
  numericInputIds,
  readFormValues,
  renderFormModal,
  renderHome,
  renderMessage,
  renderResultModal,
} from "../../src/slack/render/surfaces.js";
import { toMrkdwn } from "../../src/slack/render/text.js";

const long = (n: number, word = "lorem ") => word.repeat(Math.ceil(n / word.length)).slice(0, n);

const form: Form = {
  formId: "survey.answer",
  title: "CRM satisfaction survey for the whole sales team",
  submitLabel: "Send my answers now please",
  state: "survey-42",
  inputs: [
    { kind: "rating", id: "q1", label: "How easy is the CRM to use?", min: 1, max: 5 },
    { kind: "number", id: "q2", label: "Hours a week in the CRM", min: 0, max: 80 },
    {
      kind: "select",
      id: "q3",
      label: "Favourite feature",
      options: [
        { value: "pipeline", label: "Pipeline" },
        { value: "reports", label: "Reports" },
      ],
    },
    { kind: "text", id: "q4", label: "What makes it harder?", multiline: true, optional: true, placeholder: "Tell us" },
  ],
};

/** One of every block kind, each as large as a real result could make it. */
function everyKind(scale: number): Block[] {
  return [
    { type: "heading", text: "CRM audit for Acme Corporation, all regions, all pipelines, " + long(200) },
    { type: "text", text: long(7000, "Contacts without email. ") },
    { type: "context", text: long(4000) },
    { type: "divider" },
    { type: "score", label: "Data quality", value: 73, delta: -4 },
    { type: "fields", fields: Array.from({ length: 15 }, (_, i) => ({ label: `Category ${i}`, value: long(2500) })) },
    {
      type: "findings",
      items: Array.from({ length: scale }, (_, i) => ({
        checkId: `contact.check${i}`,
        title: `Finding ${i} <with> & markup`,
        severity: (["low", "medium", "high", "critical"] as const)[i % 4]!,
        count: 1000 + i,
        change: i % 3 === 0 ? 5 : -2,
        samples: Array.from({ length: 50 }, (_, j) => `record-${j}@example.com`),
        fix: long(600),
        button: {
          actionId: "findings.show",
          label: "Show the affected records for this check " + long(60),
          value: `contact.check${i}`,
        },
      })),
    },
    {
      type: "table",
      columns: ["Name", "Email", "Owner"],
      rows: Array.from({ length: scale * 3 }, (_, i) => [`Person ${i}`, `p${i}@example.com`, long(50)]),
      caption: "Affected records",
    },
    {
      type: "chart",
      chart: {
        kind: "bar",
        title: "Score by category",
        labels: ["Accuracy", "Process"],
        values: [80, 60],
        imageUrl: "https://charts.example.com/x.png",
      },
    },
    {
      type: "chart",
      chart: {
        kind: "line",
        title: "Trend",
        labels: ["Mon", "Tue", "Wed"],
        values: [70, 72, 75],
        imageUrl: "data:image/png;base64,AAAA",
      },
    },
    {
      type: "actions",
      buttons: Array.from({ length: 30 }, (_, i) => ({
        actionId: "page",
        label: `Page ${i} ` + long(100),
        value: String(i),
      })),
    },
    { type: "form", form, openLabel: "Answer the survey" },
  ];
}

describe("Block Kit rendering", () => {
  it("renders every block kind of the neutral model within Slack's limits", () => {
    const message: Message = { text: long(50_000), blocks: everyKind(3), visibility: "private" };
    const payload = renderMessage(message);
    expect(MessagePayloadSchema.safeParse(payload).error?.issues).toBeUndefined();
    const types = new Set(payload.blocks.map((b) => b.type));
    for (const t of ["header", "section", "context", "divider", "actions", "image"]) expect(types).toContain(t);
  });

  it("fits a very long result into one message with a show-more button carrying the next page", () => {
    const message: Message = { text: "audit", blocks: everyKind(400), visibility: "channel" };
    const page0 = renderMessage(message, { showMore: (p) => JSON.stringify({ k: "c", t: "status", p }) });
    expect(MessagePayloadSchema.safeParse(page0).success).toBe(true);
    expect(page0.blocks).toHaveLength(50);
    const last = page0.blocks.at(-1)!;
    expect(last.type).toBe("actions");
    const more = (last as { elements: { action_id: string; value?: string }[] }).elements[0]!;
    expect(stripSuffix(more.action_id)).toBe(SHOW_MORE_ACTION);
    expect(JSON.parse(more.value!)).toEqual({ k: "c", t: "status", p: 1 });

    const page1 = renderMessage(message, { page: 1 });
    expect(MessagePayloadSchema.safeParse(page1).success).toBe(true);
    expect(page1.blocks[0]).not.toEqual(page0.blocks[0]);
  });

  it("summarises without a button when the source cannot be replayed", () => {
    const payload = renderMessage({ text: "run", blocks: everyKind(400), visibility: "channel" });
    expect(MessagePayloadSchema.safeParse(payload).success).toBe(true);
    expect(
      payload.blocks.some(
        (b) => b.type === "actions" && b.elements.some((e) => stripSuffix(e.action_id) === SHOW_MORE_ACTION),
      ),
    ).toBe(false);
    expect(JSON.stringify(payload.blocks.at(-1))).toContain("did not fit");
  });

  it("fits the Home tab into 100 blocks", () => {
    const view = renderHome(
      { text: "home", blocks: everyKind(400), visibility: "private" },
      { showMore: (p) => `{"k":"h","p":${p}}` },
    );
    expect(HomeViewSchema.safeParse(view).success).toBe(true);
    expect(view.blocks).toHaveLength(100);
  });

  it("gives every button a unique action_id that maps back to the core's id", () => {
    const blocks = renderBlocks(everyKind(5));
    const ids = blocks
      .flatMap((b) => (b.type === "actions" ? b.elements : b.type === "section" && b.accessory ? [b.accessory] : []))
      .map((e) => e.action_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.map(stripSuffix)).toContain("findings.show");
    expect(ids.map(stripSuffix)).toContain(FORM_OPEN_ACTION);
  });

  it("renders a chart without an https image as a compact table", () => {
    const blocks = renderBlocks([
      { type: "chart", chart: { kind: "bar", title: "Scores", labels: ["A", "B"], values: [10, 5] } },
    ]);
    expect(blocks.some((b) => b.type === "image")).toBe(false);
    expect(JSON.stringify(blocks)).toContain("```");
  });

  it("escapes Slack control characters but keeps the model's links", () => {
    expect(toMrkdwn("a < b & c > d <https://x.example/a?b=1&c=2|the link>")).toBe(
      "a &lt; b &amp; c &gt; d <https://x.example/a?b=1&c=2|the link>",
    );
  });

  it("the limits schema rejects what Slack would reject", () => {
    const tooMany = { text: "x", blocks: Array.from({ length: 51 }, () => ({ type: "divider" })) };
    expect(MessagePayloadSchema.safeParse(tooMany).success).toBe(false);
    const longHeader = { text: "x", blocks: [{ type: "header", text: { type: "plain_text", text: long(151) } }] };
    expect(MessagePayloadSchema.safeParse(longHeader).success).toBe(false);
    const longButton = {
      text: "x",
      blocks: [
        {
          type: "actions",
          elements: [{ type: "button", text: { type: "plain_text", text: long(76) }, action_id: "a" }],
        },
      ],
    };
    expect(MessagePayloadSchema.safeParse(longButton).success).toBe(false);
  });
});

describe("forms as modals", () => {
  it("travel in a button value and come back intact", () => {
    const value = encodeForm(form)!;
    expect(value.length).toBeLessThanOrEqual(2000);
    expect(decodeForm(value)).toEqual(form);
    expect(() => decodeForm(Buffer.from("not a form").toString("base64url"))).toThrow();
  });

  it("render as a modal within limits, with titles cut to 24 characters", () => {
    const view = renderFormModal(form, JSON.stringify({ f: form.formId }));
    expect(ModalViewSchema.safeParse(view).error?.issues).toBeUndefined();
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.blocks.map((b) => b.block_id)).toEqual(["q1", "q2", "q3", "q4"]);
    const result = renderResultModal(view.title.text, {
      text: "Thanks",
      blocks: everyKind(400),
      visibility: "private",
    });
    expect(ModalViewSchema.safeParse(result).success).toBe(true);
  });

  it("read submitted values with numbers for number and rating inputs", () => {
    const values = readFormValues(
      {
        q1: { value: { type: "radio_buttons", selected_option: { value: "4" } } },
        q2: { value: { type: "number_input", value: "12.5" } },
        q3: { value: { type: "static_select", selected_option: { value: "reports" } } },
        q4: { value: { type: "plain_text_input", value: null } },
      },
      numericInputIds(form),
    );
    expect(values).toEqual({ q1: 4, q2: 12.5, q3: "reports", q4: undefined });
  });
});
