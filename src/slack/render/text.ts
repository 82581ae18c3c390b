/**
 * Text helpers for Block Kit: the neutral model's markdown subset (*bold*, _italic_, `code`,
 * <url|label>) is already Slack mrkdwn, so rendering is escaping plus length control.
 */

// Neither part may contain "<": a URL never does, and letting it in made every unclosed "<http…"
// scan to the end of the text again (seconds on a long message).
const LINK = /<((?:https?:\/\/|mailto:)[^|<>\s]+)(\|[^<>]*)?>/g;

function escapePlain(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Escapes &, < and > as Slack requires, keeping the model's <url|label> links intact. */
export function toMrkdwn(text: string): string {
  let out = "";
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    out += escapePlain(text.slice(last, match.index));
    const label = match[2] ? "|" + escapePlain(match[2].slice(1)) : "";
    out += `<${match[1]}${label}>`;
    last = match.index + match[0].length;
  }
  return out + escapePlain(text.slice(last));
}

/** The model's markup removed, for plain_text fields (headers, buttons, labels). */
export function toPlain(text: string): string {
  return text.replace(LINK, (_m, url: string, label?: string) => (label ? label.slice(1) : url)).replace(/[*_`]/g, "");
}

/**
 * Shortens to at most `max` characters (UTF-16 units, as Slack counts), ending with "…",
 * never cutting a surrogate pair or an escape sequence such as "&amp;" in half.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  cut = cut.replace(/&[a-z]{0,4}$/, "");
  // An unterminated <link is worse than a shorter text.
  const open = cut.lastIndexOf("<");
  if (open > cut.lastIndexOf(">")) cut = cut.slice(0, open);
  return cut + "…";
}

/**
 * Splits long mrkdwn into chunks of at most `max` characters, preferring line breaks,
 * so a long text becomes several sections instead of a rejected one.
 */
export function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let at = rest.lastIndexOf("\n", max);
    if (at < max / 2) at = rest.lastIndexOf(" ", max);
    if (at < max / 2) at = max;
    let chunk = rest.slice(0, at);
    // Do not split inside a <link>.
    const open = chunk.lastIndexOf("<");
    if (open > chunk.lastIndexOf(">") && open > 0) chunk = chunk.slice(0, open);
    chunks.push(chunk);
    rest = rest.slice(chunk.length).replace(/^\n/, "");
  }
  if (rest.length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks;
}
