/** Small text helpers shared by the message builders. */

export function formatDate(epochMs: number | null | undefined): string {
  return typeof epochMs === "number" ? new Date(epochMs).toISOString().slice(0, 10) : "—";
}

export function formatDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

/** +3 / −2 / ±0, for score and count changes. */
export function formatDelta(delta: number | null | undefined): string {
  if (delta === null || delta === undefined) return "";
  const rounded = Math.round(delta * 10) / 10;
  if (rounded === 0) return "±0";
  return rounded > 0 ? `+${rounded}` : `−${Math.abs(rounded)}`;
}

export function formatScore(score: number): string {
  return `${Math.round(score)}/100`;
}

/** Cuts text to `max` characters with an ellipsis, so no section can outgrow a platform's limit. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, Math.max(0, max - 1)) + "…";
}

export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? word : pluralWord}`;
}

/** One record of each entity (entity names are plural: "1 users" read wrong). */
const SINGULAR: Record<string, string> = {
  users: "user",
  companies: "company",
  contacts: "contact",
  deals: "deal",
  tasks: "task",
  activities: "activity",
  customer_feedback: "customer feedback",
  dataset: "item",
};

/** "user" for 1, "users" otherwise: the word for `n` of an entity's records. */
export function recordUnit(n: number, entity: string): string {
  const many = entity === "dataset" ? "items" : entity.replace("_", " ");
  return n === 1 ? (SINGULAR[entity] ?? many) : many;
}

/** "1 user", "2,000 contacts", "3 customer feedback": a count of an entity's records. */
export function recordCount(n: number, entity: string): string {
  return `${n.toLocaleString("en")} ${recordUnit(n, entity)}`;
}

/** "3–5", or "4" when the range holds one number (never "4–4"). */
export function numberRange(first: number, last: number): string {
  return first === last ? first.toLocaleString("en") : `${first.toLocaleString("en")}–${last.toLocaleString("en")}`;
}

/** "data-quality" → "Data quality". */
export function categoryLabel(category: string): string {
  const words = category.replace(/-/g, " ");
  return words[0]!.toUpperCase() + words.slice(1);
}

/** " (partial: security, contact.stale)" for a run of some checks only; "" for a full run. */
export function partialNote(selection: readonly string[] | null): string {
  return selection ? ` (partial: ${selection.join(", ")})` : "";
}
