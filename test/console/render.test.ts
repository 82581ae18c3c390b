import { describe, expect, it } from "vitest";
import { renderInline, renderMessage } from "../../src/console/render.js";
import type { Message } from "../../src/core/messages/model.js";

const message: Message = {
  text: "fallback",
  visibility: "private",
  blocks: [
    { type: "heading", text: "CRM audit: 72/100" },
    { type: "score", label: "CRM health score", value: 72, delta: -3 },
    {
      type: "fields",
      fields: [
        { label: "Process", value: "90/100" },
        { label: "Data quality", value: "60/100 +2" },
      ],
    },
    {
      type: "findings",
      items: [
        {
          checkId: "task.overdue",
          title: "Overdue tasks",
          severity: "high",
          count: 1234,
          change: 5,
          samples: ["Call Ann", "Email Bob"],
          fix: "Do them or *close* them.",
          button: { actionId: "findings.records", label: "Show records", value: "{}" },
        },
      ],
    },
    {
      type: "table",
      caption: "Tasks",
      columns: ["Task", "Due"],
      rows: [
        ["Call back", "2026-06-12"],
        ["X", "2026-06-14"],
      ],
    },
    { type: "chart", chart: { kind: "line", title: "Score", labels: ["#1", "#2"], values: [50, 100] } },
    { type: "actions", buttons: [{ actionId: "audit.run", label: "Run audit", value: "{}" }] },
    { type: "form", openLabel: "Change a check", form: { formId: "f", title: "T", submitLabel: "Save", inputs: [] } },
    { type: "context", text: "Run #7 · `console`" },
  ],
};

describe("console renderer", () => {
  it("shows an email address of 50 characters whole in a table cell, and cuts only beyond 64", () => {
    const email = "corey_reingerdonnelly@carrolltravel.example.co.uk";
    const long = `${"x".repeat(70)}@example.com`;
    const { text } = renderMessage(
      {
        text: "t",
        visibility: "private",
        blocks: [
          {
            type: "table",
            columns: ["Email", "Id"],
            rows: [
              [email, "C1"],
              [long, "C2"],
            ],
          },
        ],
      },
      { color: false },
    );
    expect(text).toContain(`${email}  `);
    expect(text).toContain(`${"x".repeat(63)}…`);
  });

  it("renders every block as plain text and numbers buttons and forms in order", () => {
    const { text, choices } = renderMessage(message, { color: false });
    expect(text).not.toContain("\x1b[");
    expect(text).toContain("CRM audit: 72/100\n═════════════════");
    expect(text).toContain("CRM health score: 72/100 (−3)");
    expect(text).toContain("  Data quality: 60/100 +2");
    expect(text).toContain("• [high] Overdue tasks: 1,234 (+5)  task.overdue");
    expect(text).toContain("    e.g. Call Ann; Email Bob");
    expect(text).toContain("    Fix: Do them or close them.");
    expect(text).toContain("    [1] Show records");
    expect(text).toMatch(/Task\s+Due\n─+\s+─+\nCall back\s+2026-06-12/);
    expect(text).toContain("#2  ██████████████████████████████ 100");
    expect(text).toContain("[2] Run audit");
    expect(text).toContain("[3] Change a check");
    expect(text).toContain("Run #7 · console");
    expect(choices.map((c) => (c.kind === "button" ? c.button.actionId : c.form.formId))).toEqual([
      "findings.records",
      "audit.run",
      "f",
    ]);
  });

  it("uses ANSI colours only when asked", () => {
    const { text } = renderMessage(message, { color: true });
    expect(text).toContain("\x1b[1m");
    expect(text).toContain("\x1b[33m"); // 72 is a warning tone
  });

  it("marks channel posts and renders links", () => {
    const { text } = renderMessage({ ...message, visibility: "channel", blocks: [] });
    expect(text).toBe("(posted to the channel)");
    expect(renderInline("see <https://x.example/a|the docs> and _this_")).toBe(
      "see the docs (https://x.example/a) and this",
    );
  });
});
