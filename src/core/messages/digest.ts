/**
 * The `digest` schedule kind's channel post (docs/schedules.md): for team leads, who has items
 * on their attention list (the `overdue` list), most overdue owner first, with each owner's
 * oldest items. Owners are written by name; those linked to a chat user on the schedule's
 * platform are also @mentioned (a `mentions` block each surface renders its own way).
 */
import { formatDate, plural, truncate } from "./format.js";
import type { Block, Mention, Message } from "./model.js";

/** At most this many items per owner; the counts say how many there are. */
export const DIGEST_ITEMS_PER_OWNER = 3;

const DAY = 86_400_000;

export interface DigestItem {
  type: "task" | "deal";
  label: string;
  /** Since when it is overdue or stale (due date, close date, last activity, stage entered). */
  since: number | null;
  /** What makes it late: "due", "past close date", "no recent activity", "stuck in stage". */
  why: string;
}

export interface DigestOwner {
  /** The owner id on the records. */
  ownerId: string;
  /** The CRM user's name; null when the id is not a CRM user of the workspace. */
  name: string | null;
  tasks: number;
  deals: number;
  /** Oldest first, every item (the message shows the first few). */
  items: DigestItem[];
  /** The owner's chat user on the schedule's platform, when known: they are @mentioned. */
  mention?: Mention;
}

function age(since: number | null, now: number): string {
  if (since === null) return "";
  const days = Math.floor(now / DAY) - Math.floor(since / DAY);
  return days <= 0 ? "today" : `${days} d`;
}

function itemLine(item: DigestItem, now: number): string {
  const when = item.since === null ? "" : ` (${formatDate(item.since)}, ${age(item.since, now)})`;
  return `• ${item.type === "task" ? "Task" : "Deal"} ${truncate(item.label, 60)}: ${item.why}${when}`;
}

/** `owners` in the order to show (most overdue first); `asOf` is the instant the lists were judged at. */
export function digestMessage(scheduleId: number, owners: readonly DigestOwner[], asOf: number): Message {
  const heading = `Team digest (schedule #${scheduleId})`;
  if (owners.length === 0) {
    const text = `Nothing overdue: nobody has open tasks past due or deals needing attention (${formatDate(asOf)}).`;
    return {
      text,
      visibility: "channel",
      blocks: [
        { type: "heading", text: heading },
        { type: "text", text },
      ],
    };
  }
  const tasks = owners.reduce((n, o) => n + o.tasks, 0);
  const deals = owners.reduce((n, o) => n + o.deals, 0);
  const unmatched = owners.filter((o) => o.name === null);
  const summary = `${plural(owners.length, "owner")} with ${plural(tasks, "overdue task")} and ${plural(deals, "deal")} needing attention (${formatDate(asOf)}).`;
  const blocks: Block[] = [
    { type: "heading", text: heading },
    { type: "text", text: summary },
  ];
  for (const owner of owners) {
    const who = owner.name === null ? `Unknown owner \`${owner.ownerId}\` (not a CRM user)` : `*${owner.name}*`;
    const lines = owner.items.slice(0, DIGEST_ITEMS_PER_OWNER).map((item) => itemLine(item, asOf));
    const more = owner.items.length - lines.length;
    if (more > 0) lines.push(`…and ${more} more`);
    blocks.push({
      type: "text",
      text: [`${who}: ${plural(owner.tasks, "task")}, ${plural(owner.deals, "deal")}`, ...lines].join("\n"),
    });
  }
  const mentions = owners.flatMap((o) => (o.mention ? [o.mention] : []));
  if (mentions.length) blocks.push({ type: "mentions", label: "Heads-up:", people: mentions });
  if (unmatched.length) {
    blocks.push({
      type: "context",
      text: `${plural(unmatched.length, "owner id")} on these records ${unmatched.length === 1 ? "is" : "are"} not a CRM user of this workspace.`,
    });
  }
  return { text: `${heading}: ${summary}`, visibility: "channel", blocks };
}
