/**
 * Renders a neutral Message as terminal text. Buttons and form openers become numbered
 * choices ("[1] Show records") that the console lets the user press by typing the number.
 * ANSI colours only when asked for (the caller passes `color: stdout.isTTY`).
 */
import { chartSummaryLines } from "../core/charts/text.js";
import type { Block, Button, FindingItem, Form, Message } from "../core/messages/model.js";

export type Choice = { kind: "button"; button: Button } | { kind: "form"; form: Form; label: string };

export interface Rendered {
  text: string;
  choices: Choice[];
}

interface Style {
  bold(s: string): string;
  dim(s: string): string;
  code(s: string): string;
  color(s: string, tone: "good" | "warn" | "bad"): string;
}

const ANSI: Style = {
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  code: (s) => `\x1b[36m${s}\x1b[39m`,
  color: (s, tone) => `\x1b[${tone === "good" ? 32 : tone === "warn" ? 33 : 31}m${s}\x1b[39m`,
};
const PLAIN: Style = { bold: (s) => s, dim: (s) => s, code: (s) => s, color: (s) => s };

/** The message markdown subset (*bold*, _italic_, `code`, <url|label>) as terminal text. */
export function renderInline(text: string, styleOrColor: Style | boolean = PLAIN): string {
  const style = styleOrColor === true ? ANSI : styleOrColor === false ? PLAIN : styleOrColor;
  return (
    text
      // No "<" inside a link: otherwise every unclosed "<http…" rescans the rest of the text.
      .replace(/<(https?:[^|<>]+)\|([^<>]+)>/g, (_m, url: string, label: string) => `${label} (${url})`)
      .replace(/<(https?:[^<>]+)>/g, "$1")
      .replace(/`([^`]+)`/g, (_m, c: string) => style.code(c))
      .replace(/(^|[\s(])\*([^*\n]+)\*(?=[\s).,:;!?]|$)/g, (_m, pre: string, b: string) => pre + style.bold(b))
      .replace(/(^|[\s(])_([^_\n]+)_(?=[\s).,:;!?]|$)/g, "$1$2")
  );
}

/** Display width ignoring ANSI escapes (cells may carry none, but captions might). */
function width(s: string): number {
  // eslint-disable-next-line no-control-regex
  return [...s.replace(/\x1b\[[0-9;]*m/g, "")].length;
}

function pad(s: string, n: number): string {
  return s + " ".repeat(Math.max(0, n - width(s)));
}

function scoreTone(value: number): "good" | "warn" | "bad" {
  return value >= 80 ? "good" : value >= 50 ? "warn" : "bad";
}

function delta(d: number | null | undefined): string {
  if (d === null || d === undefined) return "";
  const r = Math.round(d * 10) / 10;
  return r === 0 ? " (±0)" : ` (${r > 0 ? "+" : "−"}${Math.abs(r)})`;
}

/** Widest a table cell gets before it is cut with "…": wide enough for nearly every email address. */
const MAX_CELL = 64;

function table(columns: string[], rows: string[][], style: Style): string[] {
  const widths = columns.map((c, i) => Math.min(MAX_CELL, Math.max(width(c), ...rows.map((r) => width(r[i] ?? "")))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(width(c) > widths[i]! ? [...c].slice(0, widths[i]! - 1).join("") + "…" : c, widths[i]!))
      .join("  ")
      .trimEnd();
  return [style.bold(line(columns)), style.dim(widths.map((w) => "─".repeat(w)).join("  ")), ...rows.map(line)];
}

function bars(labels: string[], values: number[]): string[] {
  const max = Math.max(1, ...values);
  const labelWidth = Math.max(...labels.map(width));
  return labels.map(
    (l, i) => `${pad(l, labelWidth)}  ${"█".repeat(Math.round(((values[i] ?? 0) / max) * 30))} ${values[i]}`,
  );
}

export function renderMessage(message: Message, options: { color: boolean } = { color: false }): Rendered {
  const style = options.color ? ANSI : PLAIN;
  const choices: Choice[] = [];
  const press = (choice: Choice, label: string) => {
    choices.push(choice);
    return `${style.bold(`[${choices.length}]`)} ${label}`;
  };
  const finding = (item: FindingItem): string[] => {
    const change = item.change ? ` (${item.change > 0 ? "+" : "−"}${Math.abs(item.change)})` : "";
    const tone = item.severity === "low" ? "good" : item.severity === "medium" ? "warn" : "bad";
    const lines = [
      `• ${style.color(`[${item.severity}]`, tone)} ${style.bold(item.title)}: ${item.count.toLocaleString("en")}${change}  ${style.dim(item.checkId)}`,
    ];
    if (item.samples.length) lines.push(`    e.g. ${item.samples.join("; ")}`);
    lines.push(`    ${style.dim("Fix:")} ${renderInline(item.fix, style)}`);
    if (item.button) lines.push(`    ${press({ kind: "button", button: item.button }, item.button.label)}`);
    return lines;
  };
  const block = (b: Block): string[] => {
    switch (b.type) {
      case "heading":
        return [style.bold(b.text), style.dim("═".repeat(Math.min(60, width(b.text))))];
      case "text":
        return renderInline(b.text, style).split("\n");
      case "context":
        return [style.dim(renderInline(b.text, PLAIN))];
      case "divider":
        return [style.dim("─".repeat(40))];
      case "score":
        return [`${b.label}: ${style.color(style.bold(`${b.value}/100`), scoreTone(b.value))}${delta(b.delta)}`];
      case "fields": {
        const w = Math.max(...b.fields.map((f) => width(f.label)));
        return b.fields.map((f) => `  ${pad(f.label + ":", w + 1)} ${renderInline(f.value, style)}`);
      }
      case "findings":
        return b.items.flatMap(finding);
      case "table":
        return [...(b.caption ? [style.bold(b.caption)] : []), ...table(b.columns, b.rows, style)];
      case "chart":
        // A line chart's series as one-line sparklines with first and last value; bars as bars.
        return b.chart.spec && b.chart.spec.kind === "line"
          ? [style.bold(b.chart.title), ...chartSummaryLines(b.chart.spec).map((l) => `  ${l}`)]
          : [style.bold(b.chart.title), ...bars(b.chart.labels, b.chart.values)];
      case "actions": {
        const labels = b.buttons.map((btn) => press({ kind: "button", button: btn }, btn.label));
        // One line when it fits a terminal, else one button per line.
        return labels.reduce((n, l) => n + width(l) + 3, 0) <= 100 ? [labels.join("   ")] : labels;
      }
      case "form":
        return [press({ kind: "form", form: b.form, label: b.openLabel }, b.openLabel)];
      case "mentions":
        return b.people.length
          ? [`${renderInline(b.label, style)} ${b.people.map((p) => `@${p.name}`).join(" ")}`]
          : [];
    }
  };
  const lines: string[] = [];
  for (const b of message.blocks) {
    if (lines.length && b.type !== "context" && b.type !== "actions") lines.push("");
    lines.push(...block(b));
  }
  // A file the console did not write itself (a scheduled report's PDF) is at least named.
  if (message.file && !lines.some((l) => l.includes(message.file!.filename))) {
    lines.push("", style.dim(`Attached: ${message.file.title} (\`crm-audit report\` writes the PDF)`));
  }
  if (message.visibility === "channel") lines.unshift(style.dim("(posted to the channel)"));
  return { text: lines.join("\n"), choices };
}
