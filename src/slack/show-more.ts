/**
 * "Show more" on an over-long answer replays its source and renders the next page, so no
 * result has to be kept anywhere between clicks. Only sources that read (not ones that run an
 * audit or change settings) are replayed; the others are summarised without the button.
 */
import { z } from "zod";

const ReplaySchema = z.discriminatedUnion("k", [
  z.object({ k: z.literal("c"), t: z.string().max(1500), p: z.number().int().min(1).max(10_000) }),
  z.object({ k: z.literal("h"), p: z.number().int().min(1).max(10_000) }),
]);

export type Replay = z.infer<typeof ReplaySchema>;

const READ_ONLY = new Set(["", "help", "status", "findings", "overdue", "history"]);

/** Commands whose answer can be produced again without side effects. */
export function isReplayableCommand(text: string): boolean {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const first = (words[0] ?? "").toLowerCase();
  return READ_ONLY.has(first) || (first === "config" && words.length === 1);
}

export function commandShowMore(text: string): ((page: number) => string | null) | undefined {
  if (!isReplayableCommand(text) || text.length > 1500) return undefined;
  return (p) => JSON.stringify({ k: "c", t: text, p });
}

export function homeShowMore(page: number): string {
  return JSON.stringify({ k: "h", p: page });
}

export function parseReplay(value: string): Replay {
  return ReplaySchema.parse(JSON.parse(value));
}
