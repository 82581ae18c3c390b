/**
 * The pause of a polling loop (the outbox drainer, the job runner): it ends after `ms`, or at
 * once when this instance has queued work of its own (`wake`), so local work never waits for
 * the next poll while work queued by other instances is still found within one interval.
 */
export interface IdleWait {
  /** Resolves after `ms`, or sooner if `wake()` is called meanwhile. Never keeps the process alive. */
  sleep(ms: number): Promise<void>;
  /** Ends the current sleep, if any; does nothing otherwise. */
  wake(): void;
}

export function createIdleWait(): IdleWait {
  let wake: (() => void) | null = null;
  return {
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          wake = null;
          resolve();
        }, ms);
        timer.unref?.();
        wake = () => {
          clearTimeout(timer);
          wake = null;
          resolve();
        };
      }),
    wake: () => wake?.(),
  };
}
