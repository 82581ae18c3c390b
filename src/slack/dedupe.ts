/**
 * Slack redelivers what it thinks was not acknowledged (X-Slack-Retry-Num); a retry must not
 * produce a second reply or a second audit run. Each delivery's key is claimed once in the
 * processed_deliveries table, whose primary key makes the claim atomic across all instances.
 */
import type { PrismaClient } from "../generated/prisma/client.js";

interface DeliveryBody {
  team_id?: unknown;
  team?: { id?: unknown } | null;
  enterprise_id?: unknown;
  event_id?: unknown;
  trigger_id?: unknown;
  command?: unknown;
  type?: unknown;
}

/** `slack:{team}:event:{event_id}` or `slack:{team}:trigger:{trigger_id}`; null when the body carries neither. */
export function deliveryKey(body: DeliveryBody): string | null {
  const team = String(body.team_id ?? body.team?.id ?? body.enterprise_id ?? "-");
  if (typeof body.event_id === "string" && body.event_id) return `slack:${team}:event:${body.event_id}`;
  if (typeof body.trigger_id === "string" && body.trigger_id) return `slack:${team}:trigger:${body.trigger_id}`;
  return null;
}

/** True for the first claim of a key, false when some instance already claimed it. */
export async function claimDelivery(prisma: PrismaClient, key: string): Promise<boolean> {
  try {
    await prisma.processedDelivery.create({ data: { key } });
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === "P2002") return false;
    throw error;
  }
}

/** Deletes keys older than `maxAgeMs`; Slack stops retrying after minutes, so an hour is plenty. */
export async function pruneDeliveries(prisma: PrismaClient, maxAgeMs: number, now = Date.now()): Promise<number> {
  const { count } = await prisma.processedDelivery.deleteMany({
    where: { key: { startsWith: "slack:" }, createdAt: { lt: new Date(now - maxAgeMs) } },
  });
  return count;
}
