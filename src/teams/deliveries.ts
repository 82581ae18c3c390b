/**
 * The connector redelivers an activity when our answer was slow or lost; a redelivered message
 * must not run a command twice. The activity id is recorded in processed_deliveries (shared by
 * every bot instance); a second insert of the same key fails on the primary key.
 */
import type { PrismaClient } from "../generated/prisma/client.js";

export async function firstDelivery(prisma: PrismaClient, key: string): Promise<boolean> {
  try {
    await prisma.processedDelivery.create({ data: { key } });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return false;
    throw error;
  }
}
