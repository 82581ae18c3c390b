/**
 * `crm-audit plan [--format text|json] [--workspace W]`: the fix plan of the workspace's latest
 * full audit (docs/plan.md). Reads only: no audit is run, and a partial run is never used.
 */
import { Command, Option } from "commander";
import { PLAN_FORMATS, type PlanFormat } from "../../core/plan/format.js";
import { openers, type CliContext } from "../context.js";
import { CliFailure, cliConfig, lockedMessage } from "../errors.js";

const WORKSPACE_ID = /^[A-Za-z0-9_.-]{1,64}$/;

export function planCommand({ env }: CliContext): Command {
  return new Command("plan")
    .description("what to fix first: the latest full audit's findings ranked by impact and effort")
    .addOption(new Option("--format <format>", "output format").choices(PLAN_FORMATS).default("text"))
    .option("--workspace <id>", "workspace (default: CRM_AUDIT_WORKSPACE or 'default')")
    .action(async (cli: { format: PlanFormat; workspace?: string }) => {
      const config = cliConfig(env);
      const workspaceId = cli.workspace ?? config.CRM_AUDIT_WORKSPACE;
      if (!WORKSPACE_ID.test(workspaceId))
        throw new CliFailure(`error: --workspace "${workspaceId}": letters, digits, '.', '_' or '-', at most 64`, {
          usage: true,
        });
      const { openMigrated, databaseLabel } = await openers();
      const [{ createAuditService }, { loadPlan }, { formatPlan }, { UnknownWorkspaceError }] = await Promise.all([
        import("../../core/audit/service.js"),
        import("../../core/plan/index.js"),
        import("../../core/plan/format.js"),
        import("../../core/audit/types.js"),
      ]);
      const db = await openMigrated(config.DATABASE_URL);
      const audit = createAuditService(db.stores);
      let output: string;
      try {
        // A typo in --workspace must not show an empty workspace's "not measured" as an answer.
        const known = db.stores.auditWorkspaces.ids();
        if (!known.includes(workspaceId))
          throw new CliFailure(`error: ${new UnknownWorkspaceError(workspaceId, known).message}`, { exitCode: 2 });
        const outcome = await loadPlan({ audit, records: db.stores.chat.records }, workspaceId);
        output = formatPlan(outcome, cli.format);
      } catch (error) {
        if (error instanceof CliFailure) throw error;
        const locked = lockedMessage(error, `plan of workspace ${workspaceId}`, databaseLabel(db));
        if (locked) throw new CliFailure(locked, { exitCode: 2 });
        throw error;
      } finally {
        await audit.close();
        await db.close();
      }
      process.stdout.write(output);
    });
}
