import { describe, expect, it } from "vitest";
import type { FindingItem, Message } from "../../../src/core/messages/model.js";
import { CARD_CHAR_BUDGET, cardSize, renderFormCard, renderMessageCard } from "../../../src/teams/render/index.js";
import { cardProblems } from "../validate-card.js";

const finding = (n: number): FindingItem => ({
  checkId: `check.${n}`,
  title: `Check *number* ${n}`,
  severity: (["low", "medium", "high", "critical"] as const)[n % 4]!,
  count: n * 3,
  change: n % 2 ? 2 : -1,
  samples: [`Contact ${n}a`, `Contact ${n}b`, `Contact ${n}c`, `Contact ${n}d`],
  fix: "Open the record and fill in the owner; see <https://example.com/help|the guide>.",
  button: { actionId: "findings.show", label: "Show records", value: JSON.stringify({ checkId: `check.${n}` }) },
});

const everyBlock: Message = {
  text: "Audit finished: score *72*",
  visibility: "channel",
  blocks: [
    { type: "heading", text: "Audit of *Acme* CRM" },
    { type: "score", label: "Data quality", value: 72, delta: -3 },
    { type: "divider" },
    { type: "text", text: "Found issues in _three_ areas. `crm-audit findings` lists them." },
    { type: "context", text: "Run at 22:00 UTC" },
    {
      type: "fields",
      fields: [
        { label: "Contacts", value: "2,000" },
        { label: "Deals", value: "310" },
      ],
    },
    { type: "findings", items: [finding(1), finding(2)] },
    {
      type: "table",
      columns: ["Owner", "Overdue"],
      rows: [
        ["Ana", "4"],
        ["Bo", "1"],
      ],
      caption: "Overdue tasks",
    },
    {
      type: "chart",
      chart: {
        kind: "line",
        title: "Score",
        labels: ["Mon", "Tue"],
        values: [70, 72],
        imageUrl: "https://example.com/c.png",
      },
    },
    {
      type: "actions",
      buttons: [
        { actionId: "audit.run", label: "Run again", value: "{}", style: "primary" },
        { actionId: "audit.cancel", label: "Stop", value: "x", style: "danger" },
      ],
    },
    {
      type: "form",
      openLabel: "Change settings",
      form: {
        formId: "config.update",
        title: "Settings",
        submitLabel: "Save",
        state: "s1",
        inputs: [
          { kind: "text", id: "name", label: "Name", placeholder: "Team", maxLength: 40 },
          { kind: "number", id: "days", label: "Stale after (days)", initial: 90, min: 1, max: 999 },
          {
            kind: "select",
            id: "tz",
            label: "Time zone",
            options: [
              { value: "UTC", label: "UTC" },
              { value: "Europe/Paris", label: "Paris" },
            ],
            initial: "UTC",
          },
          { kind: "rating", id: "mood", label: "How useful?", min: 1, max: 5, optional: true },
        ],
      },
    },
  ],
};

function walk(node: unknown, visit: (o: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === "object") {
    visit(node as Record<string, unknown>);
    Object.values(node).forEach((n) => walk(n, visit));
  }
}

describe("renderMessageCard", () => {
  it("renders every block type as a schema 1.5 card the adaptivecards parser accepts", () => {
    const card = renderMessageCard(everyBlock);
    expect(card.version).toBe("1.5");
    expect(cardProblems(card)).toEqual([]);
    const types = new Set<string>();
    walk(card, (o) => typeof o.type === "string" && types.add(o.type));
    for (const t of [
      "TextBlock",
      "ColumnSet",
      "FactSet",
      "Table",
      "Image",
      "ActionSet",
      "Action.ShowCard",
      "Input.Text",
      "Input.Number",
      "Input.ChoiceSet",
    ]) {
      expect(types).toContain(t);
    }
  });

  it("makes buttons Action.Execute (verb = action id) with an Action.Submit fallback", () => {
    const card = renderMessageCard(everyBlock);
    const executes: Record<string, unknown>[] = [];
    walk(card, (o) => o.type === "Action.Execute" && executes.push(o));
    const run = executes.find((a) => a.verb === "audit.run")!;
    expect(run).toMatchObject({ title: "Run again", style: "positive", data: { crmAuditValue: "{}" } });
    expect(run.fallback).toMatchObject({
      type: "Action.Submit",
      data: { crmAuditAction: "audit.run", crmAuditValue: "{}" },
    });
    expect(executes.find((a) => a.verb === "audit.cancel")).toMatchObject({ style: "destructive" });
    const submit = executes.find((a) => a.verb === "form:config.update")!;
    expect(JSON.parse((submit.data as Record<string, string>).crmAuditForm!)).toMatchObject({
      formId: "config.update",
      state: "s1",
    });
  });

  it("translates the markdown subset for Teams", () => {
    const json = JSON.stringify(renderMessageCard(everyBlock));
    expect(json).toContain("Audit of **Acme** CRM");
    expect(json).toContain("[the guide](https://example.com/help)");
    expect(json).toContain("_three_");
  });

  it("says nothing about a change on a first audit, and 'no change' when the score held", () => {
    const score = (delta: number | null): string => {
      const card = renderMessageCard({
        text: "x",
        visibility: "private",
        blocks: [{ type: "score", label: "CRM health score", value: 92, delta }],
      });
      const texts: string[] = [];
      walk(card, (o) => o.type === "TextBlock" && texts.push(String(o.text)));
      return texts.join("|");
    };
    expect(score(null)).toBe("92|**CRM health score**");
    expect(score(0)).toBe("92|**CRM health score**|no change");
    expect(score(-1.5)).toBe("92|**CRM health score**|▼ -1.5");
  });

  it("gives each line of a text its own TextBlock: card markdown joins single line breaks", () => {
    const card = renderMessageCard({
      text: "x",
      visibility: "private",
      blocks: [{ type: "text", text: "`status` — the score\n`run` — an audit\n\n`help`" }],
    });
    const blocks: Record<string, unknown>[] = [];
    walk(card, (o) => o.type === "TextBlock" && blocks.push(o));
    expect(blocks.map((b) => [b.text, b.spacing])).toEqual([
      ["`status` — the score", undefined],
      ["`run` — an audit", "None"],
      ["`help`", "Medium"],
    ]);
    expect(cardProblems(card)).toEqual([]);
  });

  it("summarises long results to stay under the size budget (and far under 100 KB UTF-16)", () => {
    const huge: Message = {
      text: "Big audit",
      visibility: "channel",
      blocks: [
        { type: "heading", text: "Big audit" },
        { type: "findings", items: Array.from({ length: 400 }, (_, i) => finding(i + 1)) },
        {
          type: "table",
          columns: ["A", "B", "C"],
          rows: Array.from({ length: 2000 }, (_, i) => [`r${i}`, "x".repeat(150), "y"]),
        },
      ],
    };
    const card = renderMessageCard(huge);
    expect(cardSize(card)).toBeLessThanOrEqual(CARD_CHAR_BUDGET);
    expect(JSON.stringify(card).length * 2).toBeLessThan(100 * 1024);
    expect(cardProblems(card)).toEqual([]);
    const json = JSON.stringify(card);
    expect(json).toMatch(/and [\d,]+ more checks with [\d,]+ findings/);
    expect(json).toMatch(/and \d+ more rows/);
  });

  it("shortens to the headline when even the smallest summary is too big", () => {
    const wide: Message = {
      text: "Many fields",
      visibility: "private",
      blocks: [
        { type: "score", label: "Score", value: 50 },
        {
          type: "actions",
          buttons: Array.from({ length: 6 }, (_, i) => ({
            actionId: `a${i}`,
            label: `B${i}`,
            value: "v".repeat(1900),
          })),
        },
      ],
    };
    const card = renderMessageCard(wide, 3000);
    expect(cardSize(card)).toBeLessThanOrEqual(3000);
    expect(JSON.stringify(card)).toContain("too long for one Teams message");
    expect(cardProblems(card)).toEqual([]);
  });
});

describe("renderFormCard", () => {
  it("keeps entered values and shows each input's error under it", () => {
    const form = (everyBlock.blocks.at(-1) as { form: Parameters<typeof renderFormCard>[0] }).form;
    const card = renderFormCard(
      form,
      { name: "Sales", days: 0 },
      { days: "Must be at least 1", other: "Something else" },
    );
    expect(cardProblems(card)).toEqual([]);
    const ids = card.body.map(
      (e) => (e.id as string | undefined) ?? (e.color === "Attention" ? `error:${e.text as string}` : e.type),
    );
    expect(ids).toEqual([
      "TextBlock",
      "name",
      "days",
      "error:Must be at least 1",
      "tz",
      "mood",
      "error:Something else",
    ]);
    expect(card.body.find((e) => e.id === "name")).toMatchObject({ value: "Sales" });
    expect(card.actions?.[0]).toMatchObject({ type: "Action.Execute", verb: "form:config.update" });
  });
});

describe("cardProblems (the validator the tests rely on)", () => {
  it("reports unknown elements, bad values and inputs without ids", () => {
    const problems = cardProblems({
      type: "AdaptiveCard",
      version: "1.5",
      body: [{ type: "Foo" }, { type: "TextBlock", text: "x", size: "Huge" }, { type: "Input.Text" }],
    });
    expect(problems.length).toBeGreaterThanOrEqual(3);
  });
});
