/** What people are told about queued work (docs/jobs.md, "What the user sees"). */
import { formatDateTime } from "../messages/format.js";
import type { Message, Visibility } from "../messages/model.js";
import type { Job } from "./store.js";

/** What an audit job covers: "all checks" or the selected ones. */
export function auditScope(payload: unknown): string {
  const select = (payload as { select?: string[] } | null)?.select ?? [];
  return select.length ? select.join(", ") : "all checks";
}

/**
 * A `run` while an audit of the workspace is queued or running: what is running, who started it
 * and when; with `joined`, the result will replace this message too.
 */
export function auditAlreadyRunningMessage(job: Job, visibility: Visibility, joined: boolean): Message {
  const state = job.state === "running" ? "running" : "queued";
  const who = job.requestedBy ? ` by ${job.requestedBy}` : "";
  const text = `An audit of this workspace (${auditScope(job.payload)}) is already ${state}: started${who} at ${formatDateTime(job.createdAt)}.`;
  const then = joined
    ? "One audit at a time per workspace: its result will replace this message when it is done."
    : "One audit at a time per workspace: run yours again when it is done.";
  return {
    text,
    visibility,
    blocks: [
      { type: "text", text },
      { type: "context", text: then },
    ],
  };
}

/** A job whose holders kept dying (its lease ran out `attempts` times): given up, and why. */
export function jobGaveUpError(attempts: number): string {
  return `the bot instance running it stopped before it finished, ${attempts} ${attempts === 1 ? "time" : "times"}; run it again, and if it keeps failing the bot's log says why`;
}
