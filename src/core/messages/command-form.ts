/**
 * Commands in messages are written the Slack way, `/crm-audit status`; each surface shows them
 * as its users type them: `@CRM Audit status` in a Teams channel (the bot must be mentioned),
 * the plain words in a personal chat or the console. The platform layer picks the prefix.
 */
import { COMMAND_NAME } from "../commands/name.js";
import type { Block, Message } from "./model.js";

/** `text` with every `/crm-audit ` (before a subcommand) replaced by `prefix` ("" for the plain words). */
export function inCommandForm(text: string, prefix: string): string {
  return text.split(`${COMMAND_NAME} `).join(prefix);
}

function blockInForm(block: Block, prefix: string): Block {
  const f = (text: string) => inCommandForm(text, prefix);
  switch (block.type) {
    case "heading":
    case "text":
    case "context":
      return { ...block, text: f(block.text) };
    case "fields":
      return { ...block, fields: block.fields.map((field) => ({ label: field.label, value: f(field.value) })) };
    case "findings":
      return { ...block, items: block.items.map((item) => ({ ...item, fix: f(item.fix) })) };
    case "table":
      return { ...block, ...(block.caption !== undefined ? { caption: f(block.caption) } : {}) };
    default:
      return block;
  }
}

/** The message with its commands as typed on the surface; unchanged for the Slack form. */
export function withCommandForm(message: Message, prefix: string): Message {
  if (prefix === `${COMMAND_NAME} `) return message;
  return {
    ...message,
    text: inCommandForm(message.text, prefix),
    blocks: message.blocks.map((block) => blockInForm(block, prefix)),
  };
}
