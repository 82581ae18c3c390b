/**
 * Neutral model blocks → Block Kit blocks. Every block produced here is within Slack's
 * per-block limits on its own (long text split into several sections, long labels cut);
 * `paginate` then fits the list into a surface's block budget with a "show more" path.
 */
import type { Block, Button, Chart, FindingItem, Form } from "../../core/messages/model.js";
import { FORM_OPEN_ACTION, SHOW_MORE_ACTION, withSuffix } from "./action-ids.js";
import { encodeForm } from "./form-codec.js";
import { LIMITS, type SlackBlock } from "./limits.js";
import { splitText, toMrkdwn, toPlain, truncate } from "./text.js";

type SlackButton = Extract<SlackBlock, { type: "actions" }>["elements"][number];

/** Numbers rendered action_ids so every one is unique within its message or view. */
class ActionIds {
  private next = 0;
  make(actionId: string): string {
    return withSuffix(actionId, this.next++);
  }
}

const SEVERITY_ICON: Record<FindingItem["severity"], string> = {
  critical: ":red_circle:",
  high: ":large_orange_circle:",
  medium: ":large_yellow_circle:",
  low: ":white_circle:",
};

function plain(text: string, max: number) {
  return { type: "plain_text" as const, text: truncate(toPlain(text), max) || " ", emoji: true };
}

function mrkdwn(text: string, max: number) {
  return { type: "mrkdwn" as const, text: truncate(text, max) || " " };
}

function sections(text: string): SlackBlock[] {
  return splitText(text, LIMITS.sectionText)
    .filter((chunk) => chunk.trim().length > 0)
    .map((chunk) => ({ type: "section", text: mrkdwn(chunk, LIMITS.sectionText) }));
}

function button(b: Button, ids: ActionIds): SlackButton | null {
  // The model promises values within Slack's limit; a longer one could not round-trip intact.
  if (b.value.length > LIMITS.buttonValue) return null;
  return {
    type: "button",
    text: plain(b.label, LIMITS.buttonLabel),
    action_id: ids.make(b.actionId),
    value: b.value,
    ...(b.style ? { style: b.style } : {}),
  };
}

function formatChange(change: number | null | undefined): string {
  if (change === undefined || change === null || change === 0) return "";
  return change > 0 ? ` (▲ +${change})` : ` (▼ ${change})`;
}

function findingBlock(item: FindingItem, ids: ActionIds): SlackBlock {
  const lines = [
    `${SEVERITY_ICON[item.severity]} *${toMrkdwn(item.title)}*: ${item.count.toLocaleString("en-US")} ${
      item.count === 1 ? "record" : "records"
    }${formatChange(item.change)}`,
  ];
  if (item.samples.length > 0) lines.push(`e.g. ${item.samples.map(toMrkdwn).join(", ")}`);
  if (item.fix) lines.push(`_Fix:_ ${toMrkdwn(item.fix)}`);
  const accessory = item.button ? button(item.button, ids) : null;
  return {
    type: "section",
    text: mrkdwn(lines.join("\n"), LIMITS.sectionText),
    ...(accessory ? { accessory } : {}),
  };
}

function scoreBar(value: number): string {
  const filled = Math.max(0, Math.min(10, Math.round(value / 10)));
  return "█".repeat(filled) + "░".repeat(10 - filled);
}

const cell = (text: string) => toMrkdwn(text.replace(/`/g, "'").replace(/\s+/g, " "));

/** A fixed-width table inside code blocks, split into sections of at most 3000 characters. */
function tableSections(columns: string[], rows: string[][]): SlackBlock[] {
  const all = [columns, ...rows].map((r) => r.map((c) => truncate(cell(c), 30)));
  const widths = columns.map((_c, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) =>
    widths
      .map((w, i) => (r[i] ?? "").padEnd(w))
      .join("  ")
      .trimEnd();
  const header = line(all[0]!);
  const body = all.slice(1).map(line);
  const blocks: SlackBlock[] = [];
  let current: string[] = [];
  const budget = LIMITS.sectionText - 8 - header.length - 1;
  let used = 0;
  const flush = () => {
    blocks.push({ type: "section", text: mrkdwn("```" + [header, ...current].join("\n") + "```", LIMITS.sectionText) });
    current = [];
    used = 0;
  };
  for (const l of body) {
    const row = truncate(l, budget);
    if (used + row.length + 1 > budget && current.length > 0) flush();
    current.push(row);
    used += row.length + 1;
  }
  if (current.length > 0 || blocks.length === 0) flush();
  return blocks;
}

function chartBlocks(chart: Chart): SlackBlock[] {
  const summary = chart.labels.map((label, i) => `${label}: ${chart.values[i] ?? ""}`).join(", ");
  if (chart.imageUrl?.startsWith("https://") && chart.imageUrl.length <= LIMITS.imageUrl) {
    return [
      {
        type: "image",
        image_url: chart.imageUrl,
        alt_text: truncate(`${toPlain(chart.title)}. ${summary}`, LIMITS.imageAltText),
        title: plain(chart.title, 2000),
      },
    ];
  }
  const max = Math.max(0, ...chart.values.map((v) => Math.abs(v)));
  const rows = chart.labels.map((label, i) => {
    const value = chart.values[i] ?? 0;
    const bar = max > 0 ? "▇".repeat(Math.round((Math.abs(value) / max) * 12)) : "";
    return [label, bar, String(value)];
  });
  return [
    { type: "context", elements: [mrkdwn(`*${toMrkdwn(chart.title)}*`, LIMITS.contextText)] },
    ...tableSections(["", "", ""], rows),
  ];
}

function formButton(form: Form, openLabel: string, ids: ActionIds): SlackBlock {
  const value = encodeForm(form);
  if (value === null) {
    return {
      type: "context",
      elements: [mrkdwn(`_${toMrkdwn(form.title)}: this form is too large to open in Slack._`, LIMITS.contextText)],
    };
  }
  return {
    type: "actions",
    elements: [
      {
        type: "button",
        text: plain(openLabel, LIMITS.buttonLabel),
        action_id: ids.make(FORM_OPEN_ACTION),
        value,
        style: "primary",
      },
    ],
  };
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function renderBlock(block: Block, ids: ActionIds): SlackBlock[] {
  switch (block.type) {
    case "heading":
      return [{ type: "header", text: plain(block.text, LIMITS.headerText) }];
    case "text":
      return sections(toMrkdwn(block.text));
    case "context":
      return [{ type: "context", elements: [mrkdwn(toMrkdwn(block.text), LIMITS.contextText)] }];
    case "divider":
      return [{ type: "divider" }];
    case "score": {
      const bar = block.value >= 0 && block.value <= 100 ? `\`${scoreBar(block.value)}\` ` : "";
      const text = `*${toMrkdwn(block.label)}*  ${bar}*${block.value}*/100${formatChange(block.delta)}`;
      return [{ type: "section", text: mrkdwn(text, LIMITS.sectionText) }];
    }
    case "fields":
      return chunk(block.fields, LIMITS.sectionFields).map((group) => ({
        type: "section",
        fields: group.map((f) => mrkdwn(`*${toMrkdwn(f.label)}*\n${toMrkdwn(f.value)}`, LIMITS.fieldText)),
      }));
    case "findings":
      return block.items.map((item) => findingBlock(item, ids));
    case "table": {
      const out = tableSections(block.columns, block.rows);
      if (block.caption) out.push({ type: "context", elements: [mrkdwn(toMrkdwn(block.caption), LIMITS.contextText)] });
      return out;
    }
    case "chart":
      return chartBlocks(block.chart);
    case "actions": {
      const buttons = block.buttons.map((b) => button(b, ids)).filter((b): b is SlackButton => b !== null);
      return chunk(buttons, LIMITS.actionsElements).map((elements) => ({ type: "actions", elements }));
    }
    case "form":
      return [formButton(block.form, block.openLabel, ids)];
    case "mentions": {
      // Slack user ids are [A-Z0-9]; anything else is not an id Slack could resolve.
      const people = block.people.filter((p) => /^[A-Z0-9]+$/.test(p.userId)).map((p) => `<@${p.userId}>`);
      if (people.length === 0) return [];
      return sections(`${toMrkdwn(block.label)} ${people.join(" ")}`);
    }
  }
}

/** All blocks of a message, each within Slack's per-block limits, in order. */
/**
 * Rendered blocks by the core's blocks array: a message the core keeps and answers again (the
 * headline summary on every `status`, src/core/commands/audit-views.ts) is rendered once.
 * Messages are never changed once built, so the array is as good as its contents.
 */
const renderedBlocks = new WeakMap<Block[], SlackBlock[]>();

export function renderBlocks(blocks: Block[]): SlackBlock[] {
  let rendered = renderedBlocks.get(blocks);
  if (!rendered) {
    const ids = new ActionIds();
    rendered = blocks.flatMap((b) => renderBlock(b, ids));
    renderedBlocks.set(blocks, rendered);
  }
  return rendered;
}

export interface PageOptions {
  /** Most blocks the surface takes (50 for messages, 100 for modals and the Home tab). */
  budget: number;
  /** 0-based page of an over-long result. */
  page?: number;
  /** The value of a "show more" button that renders `nextPage`, or null when the result cannot be replayed. */
  showMore?: ((nextPage: number) => string | null) | undefined;
}

/**
 * Fits rendered blocks into the budget. An over-long result shows one page and ends with a
 * note of what is left plus, when the source can be replayed, a "Show more" button.
 */
export function paginate(rendered: SlackBlock[], options: PageOptions): SlackBlock[] {
  const page = options.page ?? 0;
  if (page === 0 && rendered.length <= options.budget) return rendered;
  const perPage = options.budget - 2;
  const pages = Math.ceil(rendered.length / perPage);
  const current = Math.min(page, pages - 1);
  const out = rendered.slice(current * perPage, (current + 1) * perPage);
  const left = rendered.length - (current + 1) * perPage;
  if (left <= 0) {
    out.push({ type: "context", elements: [mrkdwn(`Part ${current + 1} of ${pages}.`, LIMITS.contextText)] });
    return out;
  }
  const value = options.showMore?.(current + 1) ?? null;
  const note = value
    ? `Part ${current + 1} of ${pages}: too long for one Slack message.`
    : `Part ${current + 1} of ${pages}: ${left} more ${left === 1 ? "block" : "blocks"} did not fit in one Slack message; narrow the command (e.g. \`findings <check>\`) to see them.`;
  out.push({ type: "context", elements: [mrkdwn(note, LIMITS.contextText)] });
  if (value && value.length <= LIMITS.buttonValue) {
    out.push({
      type: "actions",
      elements: [
        {
          type: "button",
          text: plain("Show more", LIMITS.buttonLabel),
          action_id: withSuffix(SHOW_MORE_ACTION, 0),
          value,
        },
      ],
    });
  }
  return out;
}
