/** Help, usage errors and short notices. */
import { CATEGORIES } from "../checks/types.js";
import { COMMAND_CATEGORIES, type CommandMeta } from "../commands/define.js";
import { COMMAND_NAME } from "../commands/name.js";
import type { Message } from "./model.js";

/** "config | config set …" → one command a line, each written in full (`/crm-audit config set …`). */
export function usageLines(usage: string): string[] {
  return usage
    .split(/\n| \| /)
    .map((u) => u.trim())
    .filter(Boolean)
    .map((u) => (u.startsWith(COMMAND_NAME) ? u : `${COMMAND_NAME} ${u}`));
}

/**
 * The registered commands (commands/registry.ts), grouped by their category, one form a line:
 * the summary goes with the first form of each command.
 */
export function helpMessage(commands: readonly CommandMeta[]): Message {
  const sections = Object.entries(COMMAND_CATEGORIES).flatMap(([category, label]) => {
    const lines = commands
      .filter((c) => c.category === category)
      .flatMap((c) =>
        c.usage.map((form, i) =>
          i === 0
            ? `\`${COMMAND_NAME} ${form}\` — ${c.summary}${c.who === "admin" ? " (admins)" : ""}`
            : `\`${COMMAND_NAME} ${form}\``,
        ),
      );
    return lines.length ? [`*${label}*\n${lines.join("\n")}`] : [];
  });
  return {
    text: `${COMMAND_NAME} commands`,
    visibility: "private",
    blocks: [
      { type: "heading", text: "CRM audit commands" },
      { type: "text", text: sections.join("\n\n") },
      { type: "context", text: `Categories: ${CATEGORIES.join(", ")}.` },
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
