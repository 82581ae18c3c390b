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

export function commandTextOf(raw: string | undefined): string {
  let text = (raw ?? "")
    .replace(/<at>[^<]*<\/at>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&(nbsp|amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m)
    .replace(/\s+/g, " ")
    .trim();
  text = text.replace(/^\/?crm-audit\b\s*/i, "");
  return text.trim();
}
