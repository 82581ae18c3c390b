/**
 * `crm-audit duplicates not-duplicate <id> <id> [--undo]`: remembers that two contacts (or two
 * companies) the duplicate checks grouped are two people (organisations). The decision is kept
 * by the CRM's own ids, so it holds across audit runs and re-imports (docs/duplicates.md).
 */
import { Command } from "commander";
import type { DuplicateEntity } from "../../core/stores/duplicate-decisions.js";
import type { SqlDriver } from "../../db/sql.js";
import { openers, type CliContext } from "../context.js";
import { CliFailure, cliConfig } from "../errors.js";

interface Options {
  workspace?: string;
  undo?: boolean;
}

export function duplicatesCommand({ env }: CliContext): Command {
  const duplicates = new Command("duplicates").description("decisions about duplicate contacts and companies");
  duplicates
    .command("not-duplicate")
    .description(
      "remember that two contacts (or two companies) are not duplicates: every later audit leaves the pair apart",
    )
    .argument("<id>", "a contact or company id, as in the CRM")
    .argument("<other-id>", "the other record of the same kind")
    .option("--workspace <id>", "workspace (default: CRM_AUDIT_WORKSPACE or 'default')")
    .option("--undo", "withdraw the decision: the pair may be grouped again")
    .action(async (a: string, b: string, options: Options) => {
      if (a === b) throw new CliFailure(`error: "${a}" twice: name two records`, { usage: true });
      const config = cliConfig(env);
      const workspaceId = options.workspace ?? config.CRM_AUDIT_WORKSPACE;
      const [{ openMigrated }, { duplicateDecisionStore }] = await Promise.all([
        openers(),
        import("../../db/stores/duplicate-decisions.js"),
      ]);
      const db = await openMigrated(config.DATABASE_URL);
      try {
        const entity = kindOf(db.sql, workspaceId, a, b);
        const store = duplicateDecisionStore(db.sql);
        const noun = entity === "contacts" ? "contacts" : "companies";
        if (options.undo) {
          const removed = store.unmark(workspaceId, entity, a, b);
          console.log(
            removed
              ? `${noun} ${a} and ${b} may be grouped as duplicates again (workspace ${workspaceId})`
              : `no decision about ${noun} ${a} and ${b} to withdraw (workspace ${workspaceId})`,
          );
        } else {
          const added = store.markNotDuplicate(workspaceId, entity, a, b, "cli", Date.now());
          console.log(
            `${noun} ${a} and ${b} are ${added ? "now" : "already"} marked not duplicates (workspace ${workspaceId}); ` +
              "audits leave them apart",
          );
        }
      } finally {
        await db.close();
      }
    });
  return duplicates;
}

/** Whether both ids are contacts or both companies of the workspace; a one-line failure otherwise. */
function kindOf(sql: SqlDriver, workspaceId: string, a: string, b: string): DuplicateEntity {
  const has = (table: DuplicateEntity, id: string) =>
    sql.get(`SELECT 1 AS "one" FROM "${table}" WHERE "workspaceId" = ? AND "id" = ?`, [workspaceId, id]) !== undefined;
  for (const table of ["contacts", "companies"] as const) {
    if (has(table, a) && has(table, b)) return table;
  }
  const missing = [a, b].find((id) => !has("contacts", id) && !has("companies", id));
  throw new CliFailure(
    missing !== undefined
      ? `error: no contact or company "${missing}" in workspace ${workspaceId}`
      : `error: "${a}" and "${b}" are not of one kind (a contact and a company)`,
  );
}
