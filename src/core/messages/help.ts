/** Help, usage errors and short notices. */
import { COMMAND_NAME, USAGE } from "../commands/parse.js";
import type { Message } from "./model.js";

const DESCRIPTIONS: Record<keyof typeof USAGE, string> = {
  help: "this list",
  run: "run an audit now (all checks, a category or checks); --post shares it with the channel (admins)",
  status: "the latest audit: score, top findings, trend",
  findings: "the records behind one finding, a page at a time",
  overdue: "open overdue tasks and deals past close date (yours by default)",
  history: "score of the last n audits",
  config: "check settings; admins may change, enable, disable or reset them",
};

/** "config | config set …" → one command a line, each written in full (`/crm-audit config set …`). */
export function usageLines(usage: string): string[] {
  return usage
    .split(/\n| \| /)
    .map((u) => u.trim())
    .filter(Boolean)
    .map((u) => (u.startsWith(COMMAND_NAME) ? u : `${COMMAND_NAME} ${u}`));
}

export function helpMessage(): Message {
  // One command a line: the description goes with the first form of each.
  const lines = Object.entries(USAGE).flatMap(([name, usage]) =>
    usageLines(usage).map((u, i) => (i === 0 ? `\`${u}\` — ${DESCRIPTIONS[name as keyof typeof USAGE]}` : `\`${u}\``)),
  );
  return {
    text: `${COMMAND_NAME} commands`,
    visibility: "private",
    blocks: [
      { type: "heading", text: "CRM audit commands" },
      { type: "text", text: lines.join("\n") },
      { type: "context", text: "Categories: data-quality, process, compliance, usage, security, system." },
    ],
  };
}

/** A bad command: what was wrong and the usage line, always private. */
export function usageMessage(error: string, usage: string): Message {
  return {
    text: `${error}. Usage: ${usage}`,
    visibility: "private",
    blocks: [
      { type: "text", text: `${error[0]!.toUpperCase()}${error.slice(1)}.` },
      { type: "context", text: ["Usage:", ...usageLines(usage).map((u) => `\`${u}\``)].join("\n") },
    ],
  };
}

/** A one-line private answer (confirmations, permission refusals, "nothing yet"). */
export function noticeMessage(text: string, extra?: string): Message {
  return {
    text,
    visibility: "private",
    blocks: [{ type: "text", text }, ...(extra ? [{ type: "context" as const, text: extra }] : [])],
  };
}
