/**
 * The neutral Message → one Adaptive Card (schema 1.5) for Teams. Long results are summarised
 * level by level (fewer findings, rows and samples) until the card fits the size budget, so an
 * activity always stays well under Teams' 100 KB (UTF-16) message limit.
 */
import { plural } from "../../core/messages/format.js";
import type { Block, FindingItem, Form, Message } from "../../core/messages/model.js";
import { buttonAction, formSubmitAction } from "./actions.js";
import { formInputs } from "./inputs.js";
import { toCardMarkdown, toPlainText } from "./markdown.js";
import { CARD_SCHEMA, type AdaptiveCardJson, type CardElement } from "./elements.js";

/**
 * Characters of card JSON we allow. UTF-16 doubles it: 24k chars ≈ 48 KB, under half the 100 KB
 * limit, leaving room for the activity envelope and for non-ASCII text.
 */
export const CARD_CHAR_BUDGET = 24_000;

interface Limits {
  /** Most characters of an inline chart image (a data URL); 0 drops images, the facts stay. */
  imageChars: number;
  findings: number;
  samples: number;
  rows: number;
  fields: number;
  textChars: number;
}

const LEVELS: Limits[] = [
  { imageChars: 16_000, findings: 15, samples: 3, rows: 20, fields: 20, textChars: 4000 },
  { imageChars: 16_000, findings: 8, samples: 1, rows: 10, fields: 12, textChars: 2000 },
  { imageChars: 8_000, findings: 5, samples: 0, rows: 5, fields: 8, textChars: 1000 },
  { imageChars: 0, findings: 3, samples: 0, rows: 3, fields: 5, textChars: 400 },
];

const SEVERITY_COLOR: Record<FindingItem["severity"], string> = {
  critical: "Attention",
  high: "Attention",
  medium: "Warning",
  low: "Default",
};

function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, Math.max(0, max - 1)) + "…";
}

function textBlock(text: string, extra: Record<string, unknown> = {}): CardElement {
  return { type: "TextBlock", text, wrap: true, ...extra };
}

/**
 * One TextBlock per line: card markdown joins lines a single "\n" separates into one paragraph
 * (a help list became one run-on line), and "\n\n" spaces them apart differently per client.
 */
function lineBlocks(text: string, extra: Record<string, unknown> = {}): CardElement[] {
  const blocks: CardElement[] = [];
  let gap = false;
  for (const line of text.split("\n")) {
    if (line.trim() === "") {
      gap = blocks.length > 0;
      continue;
    }
    const spacing = blocks.length === 0 ? {} : { spacing: gap ? "Medium" : "None" };
    blocks.push(textBlock(toCardMarkdown(line), { ...extra, ...spacing }));
    gap = false;
  }
  return blocks.length ? blocks : [textBlock(toCardMarkdown(text), extra)];
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

function findingElements(item: FindingItem, limits: Limits): CardElement[] {
  const change = item.change ? ` (${signed(item.change)})` : "";
  const items: CardElement[] = [
    {
      type: "ColumnSet",
      columns: [
        {
          type: "Column",
          width: "stretch",
          items: [textBlock(`**${toCardMarkdown(item.title)}**`)],
        },
        {
          type: "Column",
          width: "auto",
          items: [
            textBlock(`${item.count}${change}`, { weight: "Bolder", horizontalAlignment: "Right" }),
            textBlock(item.severity.toUpperCase(), {
              size: "Small",
              color: SEVERITY_COLOR[item.severity],
              horizontalAlignment: "Right",
              spacing: "None",
            }),
          ],
        },
      ],
    },
  ];
  const samples = item.samples.slice(0, limits.samples);
  if (samples.length) {
    items.push(
      textBlock(`e.g. ${samples.map(toCardMarkdown).join(", ")}`, { isSubtle: true, size: "Small", spacing: "None" }),
    );
  }
  items.push(textBlock(toCardMarkdown(clip(item.fix, 300)), { size: "Small", spacing: "Small" }));
  if (item.button) items.push({ type: "ActionSet", actions: [buttonAction(item.button)] });
  return [{ type: "Container", separator: true, items }];
}

function formElements(form: Form, openLabel: string): CardElement[] {
  // The form folds behind a button (like Slack's modal opener) and opens inline on click.
  return [
    {
      type: "ActionSet",
      actions: [
        {
          type: "Action.ShowCard",
          title: openLabel,
          card: {
            type: "AdaptiveCard",
            body: [
              textBlock(`**${toCardMarkdown(form.title)}**`),
              ...(form.intro ? [textBlock(toCardMarkdown(form.intro))] : []),
              ...formInputs(form),
            ],
            actions: [formSubmitAction(form)],
          },
        },
      ],
    },
  ];
}

function blockElements(block: Block, limits: Limits): CardElement[] {
  switch (block.type) {
    case "heading":
      return [textBlock(toCardMarkdown(block.text), { size: "Large", weight: "Bolder" })];
    case "text":
      return lineBlocks(clip(block.text, limits.textChars));
    case "context":
      return lineBlocks(clip(block.text, limits.textChars), { isSubtle: true, size: "Small" });
    case "divider":
      return [];
    case "score": {
      // No previous run (the first audit): nothing to compare, so no "no change" either.
      const delta =
        block.delta === undefined || block.delta === null
          ? null
          : block.delta === 0
            ? "no change"
            : `${block.delta > 0 ? "▲" : "▼"} ${signed(block.delta)}`;
      return [
        {
          type: "ColumnSet",
          columns: [
            {
              type: "Column",
              width: "auto",
              items: [textBlock(String(block.value), { size: "ExtraLarge", weight: "Bolder", color: "Accent" })],
            },
            {
              type: "Column",
              width: "stretch",
              verticalContentAlignment: "Center",
              items: [
                textBlock(`**${toCardMarkdown(block.label)}**`),
                ...(delta === null ? [] : [textBlock(delta, { isSubtle: true, size: "Small", spacing: "None" })]),
              ],
            },
          ],
        },
      ];
    }
    case "fields": {
      const shown = block.fields.slice(0, limits.fields);
      const elements: CardElement[] = [
        {
          type: "FactSet",
          facts: shown.map((f) => ({
            title: clip(toPlainText(f.label), 100),
            value: toCardMarkdown(clip(f.value, 300)),
          })),
        },
      ];
      if (block.fields.length > shown.length) {
        elements.push(textBlock(`…and ${block.fields.length - shown.length} more`, { isSubtle: true, size: "Small" }));
      }
      return elements;
    }
    case "findings": {
      const shown = block.items.slice(0, limits.findings);
      const elements = shown.flatMap((item) => findingElements(item, limits));
      const hidden = block.items.slice(shown.length);
      if (hidden.length) {
        const affected = hidden.reduce((sum, i) => sum + i.count, 0);
        elements.push(
          textBlock(
            `…and ${plural(hidden.length, "more check")} with ${plural(affected, "finding")}. Type \`crm-audit findings\` for all.`,
            {
              isSubtle: true,
              size: "Small",
            },
          ),
        );
      }
      return elements;
    }
    case "table": {
      const rows = block.rows.slice(0, limits.rows);
      const elements: CardElement[] = [];
      if (block.caption) elements.push(textBlock(toCardMarkdown(block.caption), { isSubtle: true, size: "Small" }));
      elements.push({
        type: "Table",
        gridStyle: "accent",
        firstRowAsHeaders: true,
        columns: block.columns.map(() => ({ width: 1 })),
        rows: [block.columns, ...rows].map((cells, index) => ({
          type: "TableRow",
          ...(index === 0 ? { style: "accent" } : {}),
          cells: block.columns.map((_, c) => ({
            type: "TableCell",
            items: [textBlock(toCardMarkdown(clip(cells[c] ?? "", 200)), index === 0 ? { weight: "Bolder" } : {})],
          })),
        })),
      });
      if (block.rows.length > rows.length) {
        elements.push(
          textBlock(`…and ${block.rows.length - rows.length} more rows`, { isSubtle: true, size: "Small" }),
        );
      }
      return elements;
    }
    case "chart": {
      const { chart } = block;
      const elements: CardElement[] = [textBlock(`**${toCardMarkdown(chart.title)}**`)];
      if (chart.imageUrl && chart.imageUrl.length <= limits.imageChars) {
        const alt = chart.spec?.altText ?? chart.title;
        elements.push({ type: "Image", url: chart.imageUrl, altText: clip(toPlainText(alt), 500), size: "Stretch" });
      }
      // The values as facts too: screen readers and clients that block images still get the data.
      const points = chart.labels.map((label, i) => ({ title: clip(label, 60), value: String(chart.values[i] ?? "") }));
      const shown = points.slice(-limits.rows);
      elements.push({ type: "FactSet", facts: shown });
      return elements;
    }
    case "actions":
      return [{ type: "ActionSet", actions: block.buttons.slice(0, 6).map(buttonAction) }];
    case "form":
      return formElements(block.form, block.openLabel);
    case "mentions": {
      if (block.people.length === 0) return [];
      const names = block.people.map((p) => `<at>${mentionName(p.name)}</at>`).join(" ");
      return [textBlock(`${toCardMarkdown(block.label)} ${names}`, { wrap: true })];
    }
  }
}

/** The text between <at> tags must equal the entity's text: no markup characters in it. */
function mentionName(name: string): string {
  return clip(name.replace(/[<>&*_`[\]]/g, ""), 60) || "someone";
}

/** Teams notifies people through mention entities matching the <at> texts of the card. */
function mentionEntities(message: Message): NonNullable<NonNullable<AdaptiveCardJson["msteams"]>["entities"]> {
  return message.blocks.flatMap((b) =>
    b.type === "mentions"
      ? b.people.map((p) => ({
          type: "mention" as const,
          text: `<at>${mentionName(p.name)}</at>`,
          mentioned: { id: p.userId, name: mentionName(p.name) },
        }))
      : [],
  );
}

function card(body: CardElement[], fallbackText: string): AdaptiveCardJson {
  return {
    type: "AdaptiveCard",
    $schema: CARD_SCHEMA,
    version: "1.5",
    body,
    msteams: { width: "Full" },
    fallbackText: clip(toPlainText(fallbackText), 1000),
  };
}

function renderAtLevel(message: Message, limits: Limits): AdaptiveCardJson {
  const body: CardElement[] = [];
  let separate = false;
  for (const block of message.blocks) {
    if (block.type === "divider") {
      separate = true;
      continue;
    }
    const elements = blockElements(block, limits);
    if (separate && elements[0]) {
      elements[0] = { ...elements[0], separator: true, spacing: "Medium" };
      separate = false;
    }
    body.push(...elements);
  }
  if (body.length === 0) body.push(textBlock(toCardMarkdown(clip(message.text, limits.textChars))));
  if (message.file) {
    // A bot cannot attach a file to a Teams channel post: say where the document comes from instead.
    body.push(
      textBlock(
        `📄 ${toCardMarkdown(message.file.title)}: this bot cannot post files in Teams yet; \`crm-audit report --format pdf --out report.pdf\` writes the PDF (docs/report.md).`,
        { isSubtle: true, size: "Small" },
      ),
    );
  }
  const rendered = card(body, message.text);
  const entities = mentionEntities(message);
  if (entities.length) rendered.msteams = { width: "Full", entities };
  return rendered;
}

export function cardSize(value: AdaptiveCardJson): number {
  return JSON.stringify(value).length;
}

/** Renders a message as an Adaptive Card within `budget` characters of JSON. */
export function renderMessageCard(message: Message, budget = CARD_CHAR_BUDGET): AdaptiveCardJson {
  for (const limits of LEVELS) {
    const rendered = renderAtLevel(message, limits);
    if (cardSize(rendered) <= budget) return rendered;
  }
  // Still too big (e.g. hundreds of buttons or huge fields): keep the headline blocks only.
  const headline = message.blocks.filter((b) => b.type === "heading" || b.type === "score");
  const shortened = renderAtLevel(
    {
      ...message,
      blocks: [
        ...headline,
        { type: "text", text: clip(message.text, 1000) },
        { type: "context", text: "This result was too long for one Teams message and was shortened." },
      ],
    },
    LEVELS[LEVELS.length - 1]!,
  );
  return shortened;
}

/** A form shown open on the card (after a rejected submission: entered values kept, errors shown). */
export function renderFormCard(
  form: Form,
  values?: Record<string, string | number | undefined>,
  errors?: Record<string, string>,
): AdaptiveCardJson {
  const rendered = card(
    [
      textBlock(toCardMarkdown(form.title), { size: "Large", weight: "Bolder" }),
      ...(form.intro ? [textBlock(toCardMarkdown(form.intro))] : []),
      ...formInputs(form, values, errors),
    ],
    form.title,
  );
  rendered.actions = [formSubmitAction(form)];
  return rendered;
}
