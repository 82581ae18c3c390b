/**
 * Conversation references (where a proactive message can be sent later) in conversation_refs,
 * refreshed on install and on every message so the service URL stays current.
 */
import type { ConversationReference } from "botbuilder";
import type { PrismaClient } from "../generated/prisma/client.js";

export type ConversationKind = "personal" | "group" | "channel";

export function conversationKindOf(conversationType: string | undefined): ConversationKind {
  if (conversationType === "channel") return "channel";
  if (conversationType === "groupChat") return "group";
  return "personal";
}

export class ConversationRefStore {
  constructor(private readonly prisma: PrismaClient) {}

  async save(workspaceId: string, reference: Partial<ConversationReference>): Promise<void> {
    const conversationId = reference.conversation?.id;
    if (!conversationId) return;
    const kind = conversationKindOf(reference.conversation?.conversationType);
    const data = { workspaceId, kind, reference: JSON.stringify(reference) };
    await this.prisma.conversationRef.upsert({
      where: { platform_conversationId: { platform: "teams", conversationId } },
      create: { platform: "teams", conversationId, ...data },
      update: data,
    });
    // Whose personal chat this is: how a reminder finds the way to that person (src/teams/outbox.ts).
    const userId = reference.user?.id;
    if (kind === "personal" && userId) {
      const tenantId = reference.conversation?.tenantId ?? "local";
      const chat = { workspaceId, conversationId, updatedAt: new Date() };
      await this.prisma.personalChat.upsert({
        where: { platform_tenantId_userId: { platform: "teams", tenantId, userId } },
        create: { platform: "teams", tenantId, userId, ...chat },
        update: chat,
      });
    }
  }

  /** The stored reference of a conversation in this workspace (never another workspace's). */
  async find(workspaceId: string, conversationId: string): Promise<Partial<ConversationReference> | undefined> {
    const row = await this.prisma.conversationRef.findFirst({
      where: { platform: "teams", conversationId, workspaceId },
    });
    return row ? (JSON.parse(row.reference) as Partial<ConversationReference>) : undefined;
  }
}
