/** What every command factory under src/cli/commands/ receives, and what they share. */
import type { Command } from "commander";
import type { ChatStores } from "../core/stores/chat.js";
import { cliConfig } from "./errors.js";

export interface CliContext {
  env: NodeJS.ProcessEnv;
  /** Ends the process at once with this code (serve, once the bot has stopped); set by main.ts. */
  exit: (code: number) => never;
}

export type CommandFactory = (ctx: CliContext) => Command;

/**
 * The database modules load Prisma (≈ 0.3 s): only the commands that open the database pay for
 * it. `openMigrated` opens DATABASE_URL on its provider (SQLite or PostgreSQL, docs/storage.md)
 * and applies the committed migrations.
 */
export async function openers() {
  const { openAnyDatabase, migrateDatabase, databaseLabel } = await import("../db/database.js");
  return {
    databaseLabel,
    async openMigrated(url: string) {
      const db = await openAnyDatabase(url);
      try {
        await migrateDatabase(db);
      } catch (error) {
        await db.close();
        throw error;
      }
      return db;
    },
  };
}

/**
 * Runs `work` on the chat stores of DATABASE_URL (migrated) for the command's workspace
 * (`--workspace`, else CRM_AUDIT_WORKSPACE), and closes the database afterwards.
 */
export async function withChatStores<T>(
  env: NodeJS.ProcessEnv,
  workspace: string | undefined,
  work: (stores: ChatStores, workspaceId: string) => Promise<T>,
): Promise<T> {
  const cfg = cliConfig(env);
  const db = await (await openers()).openMigrated(cfg.DATABASE_URL);
  try {
    return await work(db.stores.chat, workspace ?? cfg.CRM_AUDIT_WORKSPACE);
  } finally {
    await db.close();
  }
}
