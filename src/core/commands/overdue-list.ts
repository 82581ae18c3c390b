/** The `overdue` answer for one person, shared by the command and the buttons that refresh it. */
import type { Message } from "../messages/model.js";
import { overdueMessage } from "../messages/personal.js";
import type { CrmPerson } from "../stores/people.js";
import { attentionOf } from "./attention.js";
import type { ChatServices } from "./define.js";

/** `note`: a line above the list saying what a button just did (the list then replaces the card). */
export async function overdueListOf(
  services: Pick<ChatServices, "stores" | "fileSettings" | "now">,
  workspaceId: string,
  person: Pick<CrmPerson, "id" | "name">,
  offset: number,
  note?: string,
): Promise<Message> {
  const now = services.now();
  const list = await attentionOf(services, workspaceId, person.id, now);
  const message = overdueMessage(person, list.tasks, list.deals, now, offset, list.hidden);
  return note ? { ...message, blocks: [{ type: "context", text: note }, ...message.blocks] } : message;
}
