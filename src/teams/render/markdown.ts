/**
 * The neutral model's markdown subset (*bold*, _italic_, `code`, <url|label>) → the markdown
 * Adaptive Card TextBlocks understand in Teams (**bold**, _italic_, [label](url)). Teams shows
 * no inline code style, so backticks are kept as they are: readable and unambiguous.
 */
export function toCardMarkdown(text: string): string {
  return (
    text
      // <https://x|label> and <https://x>
      .replace(/<((?:https?|mailto):[^|>\s]+)\|([^>]+)>/g, (_m, url: string, label: string) => `[${label}](${url})`)
      .replace(/<((?:https?|mailto):[^|>\s]+)>/g, (_m, url: string) => `[${url}](${url})`)
      // *bold* (not part of **bold** already, not a bullet "* item")
      .replace(/(^|[^*\w])\*([^*\n]+?)\*(?=[^*\w]|$)/g, (_m, before: string, inner: string) => `${before}**${inner}**`)
  );
}

/** Plain text for places without markdown (fallback text, alt text). */
export function toPlainText(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>\s]+)\|([^>]+)>/g, "$2 ($1)")
    .replace(/<((?:https?|mailto):[^|>\s]+)>/g, "$1")
    .replace(/(^|[^*\w])\*([^*\n]+?)\*(?=[^*\w]|$)/g, "$1$2");
}
