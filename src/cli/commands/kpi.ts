/**
 * `crm-audit kpi [period] [--format text|json|csv] [--workspace W] [--config file]`: the KPIs of
 * a month, quarter or year (default: the last complete month, UTC) with the previous period
 * and the change (docs/kpis.md). ROI inputs come from the configuration file's `kpis:`.
 */
import { Command, Option } from "commander";
import { KPI_FORMATS, type KpiFormat } from "../../core/kpis/format.js";
import { parsePeriod, PERIOD_FORMS } from "../../core/kpis/period.js";
import { openers, type CliContext } from "../context.js";
import { CliFailure, cliConfig, lockedMessage } from "../errors.js";

const WORKSPACE_ID = /^[A-Za-z0-9_.-]{1,64}$/;

export function kpiCommand({ env }: CliContext): Command {
  return new Command("kpi")
    .description("CRM KPIs of a period with the previous period and the change")
    .argument("[period]", `${PERIOD_FORMS}; default the last complete month`)
    .addOption(new Option("--format <format>", "output format").choices(KPI_FORMATS).default("text"))
    .option("--workspace <id>", "workspace (default: CRM_AUDIT_WORKSPACE or 'default')")
    .option("--config <file>", "configuration file with the ROI inputs (default: CRM_AUDIT_CONFIG)")
    .action(async (periodText: string | undefined, cli: { format: KpiFormat; workspace?: string; config?: string }) => {
      const config = cliConfig(env);
      const period = periodText === undefined ? null : parsePeriod(periodText);
      if (periodText !== undefined && !period)
        throw new CliFailure(`error: "${periodText}" is not a period: ${PERIOD_FORMS}`, { usage: true });
      const workspaceId = cli.workspace ?? config.CRM_AUDIT_WORKSPACE;
      if (!WORKSPACE_ID.test(workspaceId))
        throw new CliFailure(`error: --workspace "${workspaceId}": letters, digits, '.', '_' or '-', at most 64`, {
          usage: true,
        });
      const [{ loadAuditConfig }, { computeKpis, defaultPeriod }, { formatKpis }, { UnknownWorkspaceError }] =
        await Promise.all([
          import("../../core/checks/config.js"),
          import("../../core/kpis/index.js"),
          import("../../core/kpis/format.js"),
          import("../../core/audit/types.js"),
        ]);
      let fileConfig;
      try {
        fileConfig = loadAuditConfig(cli.config ?? config.CRM_AUDIT_CONFIG);
      } catch (error) {
        throw new CliFailure(`error: ${error instanceof Error ? error.message : String(error)}`, { exitCode: 2 });
      }
      const { openMigrated, databaseLabel } = await openers();
      const db = await openMigrated(config.DATABASE_URL);
      let output: string;
      try {
        // A typo in --workspace must not show an empty workspace's "not measured" as an answer.
        const known = db.stores.auditWorkspaces.ids();
        if (!known.includes(workspaceId))
          throw new CliFailure(`error: ${new UnknownWorkspaceError(workspaceId, known).message}`, { exitCode: 2 });
        const now = Date.now();
        const report = await computeKpis({
          store: db.stores.chat.kpis,
          workspaceId,
          period: period ?? defaultPeriod(now),
          config: fileConfig.kpis ?? null,
          systemUsers: fileConfig.systemUsers ?? [],
          now,
        });
        output = formatKpis(report, cli.format);
      } catch (error) {
        if (error instanceof CliFailure) throw error;
        const locked = lockedMessage(error, `KPIs of workspace ${workspaceId}`, databaseLabel(db));
        if (locked) throw new CliFailure(locked, { exitCode: 2 });
        throw error;
      } finally {
        await db.close();
      }
      process.stdout.write(output);
    });
}
