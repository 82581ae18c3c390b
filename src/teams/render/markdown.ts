// <url|label> and <url>. Neither part may contain "<": a URL never does, and letting it in made
// every unclosed "<http…" scan to the end of the text again (seconds on a long message).
const LABELLED_LINK = /<((?:https?|mailto):[^|<>\s]+)\|([^<>]+)>/g;
const BARE_LINK = /<((?:https?|mailto):[^|<>\s]+)>/g;

/**
 * The neutral model's markdown subset (*bold*, _italic_, `code`, <url|label>) → the markdown
 * Adaptive Card TextBlocks understand in Teams (**bold**, _italic_, [label](url)). Teams shows
 * no inline code style, so backticks are kept as they are: readable and unambiguous.
 */
export function toCardMarkdown(text: string): string {
  return (
    text
      // <https://x|label> and <https://x>
      .replace(LABELLED_LINK, (_m, url: string, label: string) => `[${label}](${url})`)
      .replace(BARE_LINK, (_m, url: string) => `[${url}](${url})`)
      // *bold* (not part of **bold** already, not a bullet "* item")
      .replace(/(^|[^*\w])\*([^*\n]+?)\*(?=[^*\w]|$)/g, (_m, before: string, inner: string) => `${before}**${inner}**`)
  );
}

/** Plain text for places without markdown (fallback text, alt text). */
export function toPlainText(text: string): string {
  return text
    .replace(LABELLED_LINK, "$2 ($1)")
    .replace(BARE_LINK, "$1")
    .replace(/(^|[^*\w])\*([^*\n]+?)\*(?=[^*\w]|$)/g, "$1$2");
}
