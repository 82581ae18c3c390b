/**
 * Owner reminders (docs/reminders.md): an owner's digest of their own items, the admins' digest
 * of unassigned items, the "not mine" request to admins, `reminders` settings and the
 * unmatched owners. Every item carries Done, Snooze (1 day, 1 week, until a date) and Not mine;
 * at most a page of items per message, the rest behind "Show all".
 */
import { button } from "../commands/actions.js";
import type { ReminderItem, UnassignedItem } from "../reminders/items.js";
import { formatDate, plural, truncate } from "./format.js";
import type { Block, Form, Message } from "./model.js";

export const SNOOZE_FORM_ID = "reminders.snooze-until";

/** Items per message unless a schedule says otherwise (`--max-items`). */
export const REMINDER_PAGE = 5;
/** The most a message may hold: every item carries a row of buttons and a form, and a Teams card of 6 long items stays within its size budget (test/core/messages/reminders.test.ts). */
export const REMINDER_PAGE_MAX = 6;

const DAY = 86_400_000;

export const REASON_WORDS: Record<string, string> = {
  "task.overdue": "overdue",
  "task.missing-due-date": "no due date",
  "deal.past-close-date": "past close date",
  "deal.no-recent-activity": "no recent activity",
  "deal.stuck-in-stage": "stuck in stage",
};

function age(since: number | null, asOf: number): string {
  if (since === null) return "";
  const days = Math.floor(asOf / DAY) - Math.floor(since / DAY);
  return days <= 0 ? "since today" : `since ${formatDate(since)}, ${days} d`;
}

/**
 * "Task *Call back* (Big renewal): overdue since 2026-06-12, 3 d". An item with several reasons
 * is as old as its oldest, which the line says, so no date reads as another reason's.
 */
export function itemLine(item: ReminderItem, asOf: number, n: number): string {
  const title = truncate(item.title, 80);
  const named = item.url ? `<${item.url}|${title}>` : `*${title}*`;
  const context = item.context ? ` (${item.type === "deal" ? "stage " : ""}${truncate(item.context, 40)})` : "";
  const why = item.reasons.map((r) => REASON_WORDS[r] ?? r).join(", ");
  const when = age(item.since, asOf);
  const dated = !when ? why : item.reasons.length > 1 ? `${why} (the oldest ${when})` : `${why} ${when}`;
  return `${n}. ${item.type === "task" ? "Task" : "Deal"} ${named}${context}: ${dated}`;
}

export function snoozeForm(item: Pick<ReminderItem, "type" | "id" | "title">): Form {
  return {
    formId: SNOOZE_FORM_ID,
    title: "Snooze until a date",
    submitLabel: "Snooze",
    inputs: [
      {
        kind: "text",
        id: "until",
        label: `Hide "${truncate(item.title, 40)}" until (YYYY-MM-DD)`,
        placeholder: "2026-12-31",
        maxLength: 10,
      },
    ],
    state: JSON.stringify({ recordType: item.type, recordId: item.id }),
  };
}

function itemBlocks(item: ReminderItem, asOf: number, n: number, forAdmins: boolean): Block[] {
  const record = { recordType: item.type, recordId: item.id };
  return [
    { type: "text", text: itemLine(item, asOf, n) },
    {
      type: "actions",
      buttons: [
        button("reminder.done", `Done #${n}`, record, "primary"),
        button("reminder.snooze", `Snooze 1 d #${n}`, { ...record, days: 1 }),
        button("reminder.snooze", `Snooze 1 wk #${n}`, { ...record, days: 7 }),
        // An admin looking at unassigned items is who a "not mine" request would go to.
        ...(forAdmins ? [] : [button("record.not-mine", `Not mine #${n}`, record)]),
      ],
    },
    { type: "form", form: snoozeForm(item), openLabel: `Snooze #${n} until…` },
  ];
}

export interface DigestPage {
  /** The owner's CRM id, or null for the admins' unassigned digest. */
  ownerId: string | null;
  ownerName: string | null;
  /** Every item of the list (most overdue first); the page shows `pageSize` from `offset`. */
  items: readonly ReminderItem[];
  asOf: number;
  offset: number;
  pageSize: number;
  /** Items left out because they were sent lately and did not get worse. */
  heldBack?: number;
  /** Owners who have items but cannot be reached (admins' digest). */
  unreachable?: number;
  /** A line above the list (what a button just did). */
  note?: string;
}

/** An owner's reminder (ownerId set) or the admins' unassigned items (ownerId null), one page. */
export function reminderDigestMessage(page: DigestPage): Message {
  const { items, asOf, offset, pageSize } = page;
  const forAdmins = page.ownerId === null;
  const tasks = items.filter((i) => i.type === "task").length;
  const deals = items.length - tasks;
  const counts = `${plural(tasks, "task")} and ${plural(deals, "deal")}`;
  const heading = forAdmins ? "Unassigned items" : `Your reminders${page.ownerName ? `, ${page.ownerName}` : ""}`;
  const summary = forAdmins
    ? `${counts} whose owner is missing, not a CRM user or deactivated: reassign them in the CRM.`
    : `${counts} need${items.length === 1 ? "s" : ""} your attention (${formatDate(asOf)}), most overdue first.`;
  const blocks: Block[] = [
    ...(page.note ? [{ type: "context" as const, text: page.note }] : []),
    { type: "heading", text: heading },
    { type: "text", text: items.length ? summary : "Nothing to do: no open items need attention." },
  ];
  const shown = items.slice(offset, offset + pageSize);
  shown.forEach((item, i) => {
    blocks.push(...itemBlocks(item, asOf, offset + i + 1, forAdmins));
    if (forAdmins) {
      const u = item as Partial<UnassignedItem>;
      const owner = item.ownerId === null ? "no owner" : `owner \`${item.ownerId}\`: ${u.why ?? "unknown"}`;
      blocks.push({ type: "context", text: owner });
    }
  });
  const rest = items.length - offset - shown.length;
  const nav = [
    ...(offset > 0
      ? [button("reminders.page", "Previous", { ownerId: page.ownerId, offset: Math.max(0, offset - pageSize) })]
      : []),
    ...(rest > 0
      ? [
          button("reminders.page", offset === 0 ? `Show all (${items.length})` : `Next (${rest} more)`, {
            ownerId: page.ownerId,
            offset: offset + shown.length,
          }),
        ]
      : []),
  ];
  if (nav.length) blocks.push({ type: "actions", buttons: nav });
  const notes = [
    page.heldBack
      ? `${plural(page.heldBack, "item")} you were reminded of lately and that did not get worse ${page.heldBack === 1 ? "is" : "are"} not repeated.`
      : "",
    page.unreachable
      ? `${plural(page.unreachable, "owner")} with items cannot be reached in chat: \`reminders unmatched\` lists them.`
      : "",
    forAdmins
      ? ""
      : "Done and Snooze are notes in chat: close or re-date the record in the CRM too. `reminders off` stops these.",
  ].filter(Boolean);
  if (notes.length) blocks.push({ type: "context", text: notes.join(" ") });
  return { text: `${heading}: ${items.length ? summary : "nothing to do"}`, visibility: "private", blocks };
}

/** What admins get when someone presses "Not mine". */
export function notMineRequestMessage(
  who: string,
  item: { type: "task" | "deal"; id: string; title: string; ownerId: string | null },
): Message {
  const text = `${who} says the ${item.type} "${truncate(item.title, 80)}" (\`${item.id}\`) is not theirs: please reassign it in the CRM.`;
  return {
    text,
    visibility: "private",
    blocks: [
      { type: "heading", text: "Reassignment requested" },
      { type: "text", text },
      {
        type: "context",
        text: `Owner on the record: ${item.ownerId ? `\`${item.ownerId}\`` : "none"}. It is hidden from their reminders until the CRM changes it.`,
      },
    ],
  };
}

export interface SettingsView {
  enabled: boolean;
  quiet: string;
  days: string;
  timeZone: string;
  /** Where the zone comes from: "set with reminders tz", "your chat profile", "the schedule's". */
  zoneSource: string;
}

export function reminderSettingsMessage(view: SettingsView, note?: string): Message {
  const text = `Reminders are ${view.enabled ? "on" : "off"}.`;
  return {
    text: note ? `${note} ${text}` : text,
    visibility: "private",
    blocks: [
      ...(note ? [{ type: "text" as const, text: note }] : []),
      { type: "heading", text: "Your reminder settings" },
      {
        type: "fields",
        fields: [
          { label: "Reminders", value: view.enabled ? "on" : "off" },
          { label: "Quiet hours", value: view.quiet },
          { label: "Days", value: view.days },
          { label: "Time zone", value: `${view.timeZone} (${view.zoneSource})` },
        ],
      },
      {
        type: "context",
        text: "Change with `reminders off|on`, `reminders quiet 19:00-08:00`, `reminders days mon-fri`, `reminders tz Europe/Berlin`.",
      },
    ],
  };
}

export interface UnmatchedOwner {
  crmUserId: string;
  name: string;
  email: string;
  items: number;
  reason: string;
  checkedAt: number | null;
}

export function unmatchedMessage(owners: readonly UnmatchedOwner[], where: string): Message {
  if (owners.length === 0) {
    const text = `Every owner with items can be reached on ${where}.`;
    return { text, visibility: "private", blocks: [{ type: "text", text }] };
  }
  const text = `${plural(owners.length, "owner")} with items cannot be reached on ${where}.`;
  return {
    text,
    visibility: "private",
    blocks: [
      { type: "heading", text: "Owners reminders cannot reach" },
      { type: "text", text },
      {
        type: "table",
        columns: ["Owner", "Email", "Items", "Why", "Checked"],
        rows: owners.map((o) => [
          `${truncate(o.name, 40)} (${o.crmUserId})`,
          o.email || "–",
          String(o.items),
          truncate(o.reason, 80),
          o.checkedAt === null ? "not yet" : formatDate(o.checkedAt),
        ]),
      },
      {
        type: "context",
        text: "Owners are matched to chat users by their CRM email; a miss is looked up again after a day. `link` connects a chat user by hand.",
      },
    ],
  };
}
