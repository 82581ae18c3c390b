/** `crm-audit db migrate`: applies the committed migrations (serve does it on start too). */
import { Command } from "commander";
import { openers, type CliContext } from "../context.js";
import { cliConfig } from "../errors.js";

export function dbCommand({ env }: CliContext): Command {
  const db = new Command("db").description("database maintenance");
  db.command("migrate")
    .description("apply the committed migrations to DATABASE_URL (serve does this on start too)")
    .action(async () => {
      const cfg = cliConfig(env);
      const { openDatabase, applyMigrations } = await openers();
      const database = openDatabase(cfg.DATABASE_URL);
      try {
        const result = applyMigrations(database.sqlite);
        console.log(
          result.applied.length
            ? `applied ${result.applied.join(", ")} to ${database.file}`
            : `${database.file} is up to date (${result.alreadyApplied} migrations)`,
        );
      } finally {
        await database.close();
      }
    });
  return db;
}
