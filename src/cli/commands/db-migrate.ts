/** `crm-audit db migrate`: applies the committed migrations (serve does it on start too). */
import { Command } from "commander";
import type { CliContext } from "../context.js";
import { CliFailure, cliConfig, lockedMessage } from "../errors.js";

export function dbCommand({ env }: CliContext): Command {
  const db = new Command("db").description("database maintenance");
  db.command("migrate")
    .description("apply the committed migrations to DATABASE_URL (serve does this on start too)")
    .action(async () => {
      const cfg = cliConfig(env);
      // SQLite or PostgreSQL, as DATABASE_URL says (docs/deploy.md).
      const { openAnyDatabase, migrateDatabase, databaseLabel } = await import("../../db/database.js");
      const database = await openAnyDatabase(cfg.DATABASE_URL);
      try {
        let result;
        try {
          result = await migrateDatabase(database);
        } catch (error) {
          const locked = lockedMessage(error, "migrating", databaseLabel(database));
          if (locked) throw new CliFailure(locked, { exitCode: 2 });
          throw error;
        }
        console.log(
          result.applied.length
            ? `applied ${result.applied.join(", ")} to ${databaseLabel(database)}`
            : `${databaseLabel(database)} is up to date (${result.alreadyApplied} migrations)`,
        );
      } finally {
        await database.close();
      }
    });
  return db;
}
