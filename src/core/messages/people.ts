/** Who is who: the CRM users list and the asker's own identity (`users`, `whoami`). */
import { button } from "../commands/actions.js";
import { COMMAND_NAME } from "../commands/name.js";
import type { Actor } from "../commands/types.js";
import type { CrmPerson } from "../stores/people.js";
import { numberRange, plural, truncate } from "./format.js";
import type { Block, Message } from "./model.js";

export const USERS_PAGE = 20;

export function usersMessage(
  search: string | null,
  total: number,
  people: readonly CrmPerson[],
  offset: number,
): Message {
  const what = search ? `CRM users matching "${truncate(search, 60)}"` : "CRM users";
  if (total === 0) {
    return {
      text: `No ${what} in this workspace.`,
      visibility: "private",
      blocks: [{ type: "text", text: `No ${what} in this workspace.` }],
    };
  }
  const blocks: Block[] = [
    { type: "heading", text: what[0]!.toUpperCase() + what.slice(1) },
    {
      type: "table",
      caption: `${numberRange(offset + 1, offset + people.length)} of ${plural(total, "user")}`,
      columns: ["Name", "Email", "Role", "Active", "Id"],
      rows: people.map((p) => [truncate(p.name, 40), p.email, p.role ?? "", p.active ? "yes" : "no", p.id]),
    },
  ];
  if (offset + people.length < total) {
    blocks.push({
      type: "actions",
      buttons: [button("users.page", "Show more", { search, offset: offset + USERS_PAGE })],
    });
  }
  blocks.push({
    type: "context",
    text: `\`${COMMAND_NAME} overdue <name or email>\` shows one person's overdue items.`,
  });
  return { text: `${plural(total, what.replace(/^CRM users/, "CRM user"), what)}`, visibility: "private", blocks };
}

export function whoamiMessage(actor: Actor, person: CrmPerson | null): Message {
  const fields = [
    { label: "Chat user", value: `${actor.displayName ?? actor.userId} (${actor.platform} ${actor.userId})` },
    { label: "Email", value: actor.email ?? "not known" },
    { label: "Admin", value: actor.isAdmin ? "yes" : "no" },
    { label: "CRM user", value: person ? `${person.name} (${person.email}, id ${person.id})` : "not linked" },
  ];
  const blocks: Block[] = [
    { type: "heading", text: "Who you are here" },
    { type: "fields", fields },
  ];
  if (!person) {
    blocks.push({
      type: "context",
      text: `No CRM user has your email. Link yourself: \`${COMMAND_NAME} link <email>\` (\`${COMMAND_NAME} users\` lists them).`,
    });
  }
  return {
    text: person
      ? `You are ${person.name} (${person.email}) in the CRM.`
      : "Your chat account is not linked to a CRM user.",
    visibility: "private",
    blocks,
  };
}
