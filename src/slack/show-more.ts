/**
 * "Show more" on an over-long answer replays its source and renders the next page, so no
 * result has to be kept anywhere between clicks. Only sources that read (not ones that run an
 * audit or change settings) are replayed; the others are summarised without the button.
 */
import { z } from "zod";
import { isReadOnlyCommand } from "../core/commands/parse.js";

const ReplaySchema = z.discriminatedUnion("k", [
  z.object({ k: z.literal("c"), t: z.string().max(1500), p: z.number().int().min(1).max(10_000) }),
  z.object({ k: z.literal("h"), p: z.number().int().min(1).max(10_000) }),
]);

export type Replay = z.infer<typeof ReplaySchema>;

export function commandShowMore(text: string): ((page: number) => string | null) | undefined {
  // Whether a command only reads is part of its definition (meta.readOnly, src/core/commands/).
  if (!isReadOnlyCommand(text) || text.length > 1500) return undefined;
  return (p) => JSON.stringify({ k: "c", t: text, p });
}

export function homeShowMore(page: number): string {
  return JSON.stringify({ k: "h", p: page });
}

export function parseReplay(value: string): Replay {
  return ReplaySchema.parse(JSON.parse(value));
}
