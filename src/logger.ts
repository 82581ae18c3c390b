/** A small leveled logger writing one line per event to stderr (stdout belongs to the console surface). */
export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** `text`: one readable line per event; `json`: one JSON object per line, for log collectors (docs/deploy.md). */
export type LogFormat = "text" | "json";

export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (l) => process.stderr.write(l + "\n"),
  format: LogFormat = "text",
): Logger {
  const log = (at: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (ORDER[at] < ORDER[level]) return;
    const time = new Date().toISOString();
    if (format === "json") {
      // The fixed keys last, so a field named like one of them cannot replace it.
      write(JSON.stringify({ ...fields, time, level: at, msg: message }));
      return;
    }
    const extra = fields && Object.keys(fields).length ? " " + JSON.stringify(fields) : "";
    write(`${time} ${at.toUpperCase()} ${message}${extra}`);
  };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

/** For tests and for the console, where log lines would interleave with the prompt. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * For the long-running server: a promise rejected with nobody listening (a library's bug on one
 * request) is logged instead of ending the process, which Node does by default.
 */
export function logUnhandledRejections(logger: Logger, target: NodeJS.Process = process): void {
  target.on("unhandledRejection", (reason) => {
    logger.error("unhandled promise rejection; the server keeps running", {
      error: reason instanceof Error ? (reason.stack ?? reason.message) : String(reason),
    });
  });
}
