/** `crm-audit serve`: the bot (HTTP server, Slack, Teams, the local console); what `npm start` runs. */
import { Command } from "commander";
import { createLogger, logUnhandledRejections } from "../../logger.js";
import type { CliContext } from "../context.js";
import { cliConfig } from "../errors.js";

export function serveCommand({ env, exit }: CliContext): Command {
  return new Command("serve")
    .description("start the bot: HTTP server (/healthz, Slack, Teams) and the local console on a terminal")
    .action(async () => {
      const cfg = cliConfig(env);
      // On a terminal with the console, info lines would print over the prompt: warnings only,
      // unless LOG_LEVEL asks for more.
      const consoleOnTerminal = cfg.CONSOLE !== "off" && process.stdin.isTTY && process.stdout.isTTY;
      const logger = createLogger(
        consoleOnTerminal && !env.LOG_LEVEL ? "warn" : cfg.LOG_LEVEL,
        undefined,
        cfg.LOG_FORMAT,
      );
      logUnhandledRejections(logger);
      // Loaded here: the app is most of the start-up time, which --help need not pay.
      const { startApp } = await import("../../app.js");
      const app = await startApp(cfg, logger, { stdin: process.stdin, stdout: process.stdout });
      let signals = 0;
      const onSignal = (signal: NodeJS.Signals) => {
        // A second Ctrl+C while stopping means "now".
        if (++signals > 1) exit(1);
        logger.info(`${signal}: stopping`);
        void app.stop();
      };
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      await app.stopped;
      // Exit even if a library left a timer or socket behind: the bot was asked to stop.
      exit(0);
    });
}
