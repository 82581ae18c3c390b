/** What `schedule list|add|remove|pause|resume|history` answer (src/core/commands/chat/schedule.ts). */
import type { OutboxBatchSummary } from "../stores/outbox.js";
import type { Schedule, ScheduleFire } from "../stores/schedules.js";
import { describeFires } from "../schedules/spec.js";
import { formatLocal } from "../schedules/cron.js";
import type { Message } from "./model.js";

/** Where a schedule posts, as people read it. */
export function targetLabel(s: Schedule): string {
  const { platform, conversationId } = s.target;
  if (platform === "console") return "the console";
  return platform === "slack" ? `Slack <#${conversationId}>` : `Teams conversation ${conversationId}`;
}

function optionsLabel(options: unknown): string {
  if (!options || typeof options !== "object") return "";
  const parts = Object.entries(options as Record<string, unknown>)
    .filter(([, v]) => !(v === false || (Array.isArray(v) && v.length === 0)))
    .map(([k, v]) => (v === true ? `--${k}` : `--${k} ${Array.isArray(v) ? v.join(",") : String(v)}`));
  return parts.join(" ");
}

export function scheduleListMessage(schedules: readonly Schedule[], now: number, canChange: boolean): Message {
  if (schedules.length === 0) {
    const text = "No schedules in this workspace.";
    const how = canChange
      ? 'Add one with `schedule add audit "0 8 * * 1" --tz Europe/Berlin`: an audit posted here every Monday at 08:00.'
      : "An admin can add one with `schedule add`.";
    return {
      text,
      visibility: "private",
      blocks: [
        { type: "text", text },
        { type: "context", text: how },
      ],
    };
  }
  const rows = schedules.map((s) => {
    const { summary, next } = describeFires(s.cron, s.timeZone, now, 1);
    return [
      `#${s.id}`,
      s.kind,
      summary,
      s.paused ? "paused" : (next[0] ?? "never"),
      targetLabel(s),
      optionsLabel(s.options),
    ];
  });
  return {
    text: `${schedules.length} schedule${schedules.length === 1 ? "" : "s"}`,
    visibility: "private",
    blocks: [
      { type: "heading", text: "Schedules" },
      { type: "table", columns: ["id", "kind", "when", "next", "posts to", "options"], rows },
    ],
  };
}

export function scheduleAddedMessage(s: Schedule, now: number): Message {
  const { summary, next } = describeFires(s.cron, s.timeZone, now, 3);
  const text = `Schedule #${s.id} added: ${s.kind} ${summary}, posting to ${targetLabel(s)}.`;
  return {
    text,
    visibility: "private",
    blocks: [
      { type: "text", text },
      { type: "text", text: `Next: ${next.length ? next.join("; ") : "no fire time in the next eight years"}` },
      { type: "context", text: `\`schedule pause ${s.id}\`, \`schedule remove ${s.id}\`` },
    ],
  };
}

/** "2 sent, 1 queued, 1 failed" for a fire's deliveries; "none" when it handed over nothing. */
export function deliveredLabel(d: OutboxBatchSummary | undefined): string {
  if (!d) return "";
  const parts = (
    [
      ["sent", d.sent],
      ["queued", d.queued],
      ["sending", d.sending],
      ["failed", d.failed],
    ] as const
  )
    .filter(([, n]) => n > 0)
    .map(([what, n]) => `${n} ${what}`);
  return parts.length ? parts.join(", ") : "none";
}

/** Where a fire's deliveries went: the schedule's own conversation, or "n people". */
export function postedToLabel(s: Schedule, d: OutboxBatchSummary | undefined): string {
  if (!d || d.targets.length === 0) return "";
  const own = `${s.target.platform}:${s.target.tenantId}:channel:${s.target.conversationId}`;
  const people = d.targets.filter((t) => t !== own).length;
  // The store lists at most 20 targets: more reads as "19+".
  const more = d.targets.length >= 20 ? "+" : "";
  const parts = [d.targets.includes(own) ? targetLabel(s) : null, people ? `${people}${more} others` : null];
  return parts.filter(Boolean).join(" + ");
}

export function scheduleFiresMessage(
  s: Schedule,
  fires: readonly ScheduleFire[],
  deliveries: readonly (OutboxBatchSummary | undefined)[] = [],
): Message {
  if (fires.length === 0) {
    const text = `Schedule #${s.id} has not fired yet.`;
    return { text, visibility: "private", blocks: [{ type: "text", text }] };
  }
  const rows = fires.map((f, i) => {
    const d = deliveries[i];
    const errors = [f.error, ...(d?.errors ?? [])].filter(Boolean).join("; ");
    return [
      formatLocal(f.fireAt, s.timeZone) + (f.trigger === "timer" ? "" : ` (${f.trigger})`),
      f.outcome,
      f.finishedAt === null ? "" : `${((f.finishedAt - f.startedAt) / 1000).toFixed(1)} s`,
      postedToLabel(s, d),
      deliveredLabel(d),
      errors,
    ];
  });
  return {
    text: `The last ${fires.length} fires of schedule #${s.id}`,
    visibility: "private",
    blocks: [
      { type: "heading", text: `Schedule #${s.id}: ${s.kind} ${describeFires(s.cron, s.timeZone, 0, 0).summary}` },
      { type: "table", columns: ["fire time", "outcome", "took", "posted to", "delivered", "errors"], rows },
    ],
  };
}
