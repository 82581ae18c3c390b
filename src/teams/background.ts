/**
 * Commands run after the HTTP answer: Teams waits only a few seconds for the bot's reply to an
 * incoming message and redelivers it when that is slow, while an audit run can take longer. The
 * route acknowledges at once and the command continues in the conversation
 * (continueConversationAsync). stop() waits for what is still running.
 */
import type { Logger } from "../logger.js";

export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  start(label: string, work: () => Promise<void>): void {
    const task = work()
      .catch((error: unknown) => {
        this.logger.error(`teams: ${label} failed`, { error: error instanceof Error ? error.stack : String(error) });
      })
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  /** Resolves once nothing is running (including work started while waiting). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }
}
