/**
 * Buttons: every action id the core puts on a message, with the zod schema of its value.
 * Builders create buttons through `button()` (so a value always fits the 2000-character
 * limit and matches its schema); the core parses a click once with `parseActionValue`.
 */
import { z } from "zod";
import type { Button } from "../messages/model.js";

const runId = z.number().int().positive();
const checkId = z.string().min(1).max(100);

export const ACTION_SCHEMAS = {
  /** Run an audit privately (App Home, status with no run yet). */
  "audit.run": z.object({ select: z.array(z.string().max(100)).max(20).optional() }),
  /**
   * The records behind one finding, a page at a time. Page 0 opens a new message, except when
   * `back` (a "Previous page" click), which turns the page in place like the others.
   */
  "findings.records": z.object({ runId, checkId, page: z.number().int().min(0), back: z.literal(true).optional() }),
  /** The whole findings list of a run, from an offset ("show more"). */
  "findings.list": z.object({ runId, offset: z.number().int().min(0), back: z.literal(true).optional() }),
  /** Marks a task done in chat until the CRM says so (its assignee or an admin; commands/marks.ts). */
  "task.done": z.object({ taskId: z.string().min(1).max(200) }),
  /** Hides a task or deal from its owner's lists for some days (commands/marks.ts). */
  "reminder.snooze": z.object({
    recordType: z.enum(["task", "deal"]),
    recordId: z.string().min(1).max(200),
    days: z.number().int().min(1).max(90),
  }),
  /** "Not mine": hides a task or deal from its owner's lists until the CRM changes it. */
  "record.not-mine": z.object({ recordType: z.enum(["task", "deal"]), recordId: z.string().min(1).max(200) }),
  /** The CRM users list (`users [search]`) from an offset. */
  "users.page": z.object({ search: z.string().max(200).nullable(), offset: z.number().int().min(0) }),
  /** The check settings table from an offset. */
  "config.page": z.object({ offset: z.number().int().min(0) }),
  /** Marks a task or deal done in chat (the reminders' Done; commands/marks.ts). */
  "reminder.done": z.object({ recordType: z.enum(["task", "deal"]), recordId: z.string().min(1).max(200) }),
  /** An owner's reminder items (or, with a null owner, the unassigned ones) from an offset (docs/reminders.md). */
  "reminders.page": z.object({ ownerId: z.string().min(1).max(200).nullable(), offset: z.number().int().min(0) }),
  /** Someone's overdue list from an offset. */
  "overdue.page": z.object({ crmUserId: z.string().min(1).max(200), offset: z.number().int().min(0) }),
} as const;

export type ActionId = keyof typeof ACTION_SCHEMAS;
export type ActionValue<A extends ActionId> = z.output<(typeof ACTION_SCHEMAS)[A]>;

export const MAX_ACTION_VALUE_LENGTH = 2000;

export function button<A extends ActionId>(
  actionId: A,
  label: string,
  value: ActionValue<A>,
  style?: Button["style"],
): Button {
  const encoded = JSON.stringify(ACTION_SCHEMAS[actionId].parse(value));
  if (encoded.length > MAX_ACTION_VALUE_LENGTH) throw new Error(`action value of ${actionId} too long`);
  return { actionId, label, value: encoded, ...(style ? { style } : {}) };
}

export type ParsedAction = { [A in ActionId]: { actionId: A; value: ActionValue<A> } }[ActionId];

/** A click as the platform delivered it → a typed action, or null when it is not one of ours or malformed. */
export function parseActionValue(actionId: string, raw: string): ParsedAction | null {
  // Own keys only: `in` would also accept inherited names such as "constructor" or "__proto__".
  if (!Object.hasOwn(ACTION_SCHEMAS, actionId) || raw.length > MAX_ACTION_VALUE_LENGTH) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const result = ACTION_SCHEMAS[actionId as ActionId].safeParse(json);
  return result.success ? ({ actionId, value: result.data } as ParsedAction) : null;
}
