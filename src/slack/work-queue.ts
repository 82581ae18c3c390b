/**
 * Bounds how much work after the acknowledgement runs at once. Slack needs every request
 * acknowledged within 3 s; answering may take longer. When commands arrive faster than the core
 * answers them, hundreds of interleaved core calls would crowd the event loop and delay the
 * acknowledgements of newer requests. Waiting tasks here cost no CPU, so acknowledgements stay
 * prompt and the answers follow in arrival order.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly concurrency: number) {
    if (concurrency < 1) throw new Error("concurrency must be at least 1");
  }

  /** Tasks waiting for a slot (not counting the ones running). */
  get backlog(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next task, so `running` stays correct.
      if (next) next();
      else this.running--;
    }
  }
}
