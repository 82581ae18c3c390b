/**
 * A terminal progress bar for long imports. On a TTY it returns an `onProgress` callback that
 * draws a cli-progress bar on stdout; elsewhere (pipes, CI, process managers) it
 * returns a no-op so logs are not filled with bar frames.
 */
import cliProgress from "cli-progress";

export interface ProgressBar {
  onProgress: (done: number, total: number) => void;
  /** Removes the bar's line state; call once the work is over. */
  stop(): void;
}

export function createProgressBar(label = "importing", stream: NodeJS.WriteStream = process.stdout): ProgressBar {
  if (!stream.isTTY) return { onProgress: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta}s`,
      stream,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
