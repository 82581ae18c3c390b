/**
 * Which CRM user a command is about: the asker's own (linked) user, a mentioned chat user, or
 * a CRM user named by id, email, or a name or part of one; several name matches are listed so
 * the asker can choose. Seeing someone else's work is for admins.
 */
import { noticeMessage } from "../messages/help.js";
import type { Message } from "../messages/model.js";
import type { CrmPerson } from "../stores/people.js";
import type { UserRef } from "./args.js";
import type { ChatServices } from "./define.js";
import { crmUserIdOfChatUser } from "./identity.js";
import { COMMAND_NAME } from "./name.js";
import type { RequestContext } from "./types.js";

/** How many name matches a "which one?" answer lists. */
const CHOICES = 5;

export function personLabel(person: Pick<CrmPerson, "name" | "email">): string {
  return `${person.name} (${person.email})`;
}

/** The CRM user `who` names in this workspace, or a message saying why there is none or asking which. */
export async function findPerson(
  services: Pick<ChatServices, "stores">,
  request: RequestContext,
  who: UserRef,
  command: string,
): Promise<{ person: CrmPerson } | { message: Message }> {
  const { stores } = services;
  const { workspaceId, actor } = request;
  if (who.kind === "mention") {
    const id = await crmUserIdOfChatUser(stores, workspaceId, actor.platform, actor.tenantId, who.userId);
    const person = id ? await stores.people.find(workspaceId, id) : null;
    return person ? { person } : { message: noticeMessage("That person is not linked to a CRM user yet.") };
  }
  const typed = who.idOrEmail;
  const viaChat = await crmUserIdOfChatUser(stores, workspaceId, actor.platform, actor.tenantId, typed);
  const exact = await stores.people.find(workspaceId, viaChat ?? typed);
  if (exact) return { person: exact };
  const { total, people } = await stores.people.search(workspaceId, typed, 0, CHOICES);
  if (total === 1) return { person: people[0]! };
  if (total === 0) return { message: noticeMessage(`No CRM user "${typed}" in this workspace.`) };
  const more = total > people.length ? `, and ${total - people.length} more (\`${COMMAND_NAME} users ${typed}\`)` : "";
  return {
    message: noticeMessage(
      `${total} CRM users match "${typed}": ${people.map(personLabel).join(", ")}${more}.`,
      `Name one by email: \`${COMMAND_NAME} ${command} ${people[0]!.email}\``,
    ),
  };
}

/** The person a personal list is about: `who`, or the asker's own CRM user; others' only for admins. */
export async function personFor(
  services: Pick<ChatServices, "stores">,
  request: RequestContext,
  who: UserRef | null,
  command: string,
): Promise<{ person: CrmPerson } | { message: Message }> {
  const { actor, workspaceId } = request;
  if (who === null) {
    const own = actor.crmUserId ? await services.stores.people.find(workspaceId, actor.crmUserId) : null;
    if (own) return { person: own };
    return {
      message: noticeMessage(
        "Your chat account is not linked to a CRM user (no CRM user has your email).",
        `Name one: \`${COMMAND_NAME} ${command} <name or email>\`, or link yourself: \`${COMMAND_NAME} link <email>\``,
      ),
    };
  }
  const found = await findPerson(services, request, who, command);
  if ("message" in found) return found;
  // Anyone may see their own items; someone else's are for admins (docs/usage.md, "who").
  if (found.person.id !== actor.crmUserId && !actor.isAdmin) {
    return { message: noticeMessage(`Only admins can see someone else's overdue items. \`${command}\` shows yours.`) };
  }
  return found;
}
