/**
 * Delivery keys of every chat platform in one store. Slack redelivers what it thinks was not
 * acknowledged and the Teams connector an activity whose answer was slow or lost; a
 * replayed request arrives again as is. Each delivery's key is claimed once in
 * processed_deliveries, whose primary key makes the claim atomic across bot instances, so a
 * second copy does nothing. Keys are pruned by age on a timer the app starts, whichever
 * platforms are on.
 */
import type { PrismaClient } from "../generated/prisma/client.js";
import type { Logger } from "../logger.js";

/** Slack retries for minutes and signatures are accepted for five: an hour covers both. */
export const DELIVERY_KEY_MAX_AGE_MS = 60 * 60_000;
export const DELIVERY_PRUNE_EVERY_MS = 10 * 60_000;

export class DeliveryStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => number = Date.now,
  ) {}

  /** True for the first claim of a key, false when some instance already claimed it. */
  async claim(key: string): Promise<boolean> {
    try {
      await this.prisma.processedDelivery.create({ data: { key, createdAt: new Date(this.now()) } });
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code === "P2002") return false;
      throw error;
    }
  }

  /** Deletes the keys older than `maxAgeMs`, of every platform; returns how many. */
  async prune(maxAgeMs = DELIVERY_KEY_MAX_AGE_MS): Promise<number> {
    const { count } = await this.prisma.processedDelivery.deleteMany({
      where: { createdAt: { lt: new Date(this.now() - maxAgeMs) } },
    });
    return count;
  }

  /** Prunes every `everyMs` until the returned function is called; the timer never keeps the process alive. */
  startPruning(logger: Logger, everyMs = DELIVERY_PRUNE_EVERY_MS): () => void {
    const timer = setInterval(() => {
      this.prune().catch((error: unknown) =>
        logger.warn("could not prune processed deliveries", { error: String(error) }),
      );
    }, everyMs).unref();
    return () => clearInterval(timer);
  }
}
