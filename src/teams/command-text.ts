/**
 * What the user typed → the text after the command name. Teams channel and group messages
 * carry the bot's @mention (`<at>CRM Audit</at> status`); people also type the command name
 * the way they would in Slack (`/crm-audit status`, `crm-audit status`).
 */
const ENTITIES: Record<string, string> = {
  "&nbsp;": " ",
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
};

export interface MentionOf {
  /** The mention as it appears in the text, e.g. "<at>Bo Chen</at>". */
  text: string;
  /** The mentioned user's Teams id. */
  userId: string;
}

/**
 * `mentions`: the people mentioned besides the bot; each becomes `<@userId>`, the token the core's
 * parser reads as a chat user (e.g. `overdue @Bo`). The bot's own mention is dropped.
 */
export function commandTextOf(raw: string | undefined, mentions: readonly MentionOf[] = []): string {
  let text = raw ?? "";
  for (const mention of mentions) {
    if (mention.text) text = text.split(mention.text).join(` <@${mention.userId}> `);
  }
  text = text
    .replace(/<at>[^<]*<\/at>/gi, " ")
    // Markup tags; "<" is not allowed inside one, so an unclosed "<" is not rescanned to the end.
    .replace(/<(?!@)[^<>]+>/g, " ")
    .replace(/&(nbsp|amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m)
    .replace(/\s+/g, " ")
    .trim();
  text = text.replace(/^\/?crm-audit\b\s*/i, "");
  return text.trim();
}
