/** What every command factory under src/cli/commands/ receives, and what they share. */
import type { Command } from "commander";

export interface CliContext {
  env: NodeJS.ProcessEnv;
  /** Ends the process at once with this code (serve, once the bot has stopped); set by main.ts. */
  exit: (code: number) => never;
}

export type CommandFactory = (ctx: CliContext) => Command;

/** The database modules load Prisma (≈ 0.3 s): only the commands that open the database pay for it. */
export async function openers() {
  const [{ openDatabase }, { applyMigrations }] = await Promise.all([
    import("../db/database.js"),
    import("../db/migrate.js"),
  ]);
  return { openDatabase, applyMigrations };
}
