/**
 * `crm-audit report`: the audit report of a stored run as one file (docs/report.md).
 *
 *   crm-audit report [--run <id>] [--format html|pdf|md] [--out <file>] [--workspace W]
 *
 * The latest full audit by default. The file is the private copy (personal data in full); what
 * the chat `report` posts to a channel is masked. Without --out, Markdown and HTML go to
 * standard output; a PDF needs a file.
 */
import fs from "node:fs";
import path from "node:path";
import { Command, Option } from "commander";
import type { AuditRunResult, AuditService } from "../../core/audit/types.js";
import type { ReportModel } from "../../core/report/model.js";
import type { ReportSections } from "../../core/report/sections.js";
import type { ChatStores } from "../../core/stores/chat.js";
import { openers } from "../context.js";
import { CliFailure, cliConfig, lockedMessage } from "../errors.js";

export const REPORT_FORMATS = ["html", "pdf", "md"] as const;
type ReportFormat = (typeof REPORT_FORMATS)[number];

interface CliOptions {
  run?: string;
  format?: ReportFormat;
  out?: string;
  workspace?: string;
  config?: string;
}

/** The format named by --format, else by the file's extension, else Markdown. */
function formatOf(cli: CliOptions): ReportFormat {
  if (cli.format) return cli.format;
  const ext = cli.out ? path.extname(cli.out).slice(1).toLowerCase() : "";
  if (ext === "htm" || ext === "html") return "html";
  if (ext === "pdf") return "pdf";
  return "md";
}

export function reportCommand(options: { env?: NodeJS.ProcessEnv; write?: (text: string) => void } = {}): Command {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const command = new Command("report");
  command
    .description("Write the audit report of a stored run (the latest full audit by default) as HTML, PDF or Markdown")
    .option("--run <id>", "the audit run to report (see `history` in chat or `workspace list`)")
    .addOption(
      new Option("--format <format>", "html | pdf | md (default: from the --out extension, else md)").choices(
        REPORT_FORMATS,
      ),
    )
    .option("--out <file>", "write the report here (needed for pdf); default standard output")
    .option("--workspace <id>", "workspace (default: CRM_AUDIT_WORKSPACE or 'default')")
    .action(async (cli: CliOptions) => {
      const config = cliConfig(options.env ?? process.env);
      const workspaceId = cli.workspace ?? config.CRM_AUDIT_WORKSPACE;
      if (!/^[A-Za-z0-9_.-]{1,64}$/.test(workspaceId)) {
        throw new CliFailure(`error: --workspace "${workspaceId}": letters, digits, '.', '_' or '-', at most 64`, {
          usage: true,
        });
      }
      let runId: number | undefined;
      if (cli.run !== undefined) {
        if (!/^\d{1,9}$/.test(cli.run.trim())) {
          throw new CliFailure(`error: --run "${cli.run}" is not an audit run id (a positive number)`, { usage: true });
        }
        runId = Number(cli.run.trim());
      }
      const format = formatOf(cli);
      if (format === "pdf" && !cli.out) {
        throw new CliFailure("error: a PDF report needs --out <file>", { usage: true });
      }
      if (cli.out) {
        const dir = path.dirname(path.resolve(cli.out));
        if (!fs.existsSync(dir)) throw new CliFailure(`error: --out: the folder ${dir} does not exist`);
      }
      const { openMigrated, databaseLabel } = await openers();
      const [{ createAuditService }, { loadReport }] = await Promise.all([
        import("../../core/audit/service.js"),
        import("../../core/report/build.js"),
      ]);
      const db = await openMigrated(config.DATABASE_URL);
      let bytes: Buffer | string;
      try {
        const service = createAuditService(db.stores, {});
        try {
          const report = await loadReport(
            { audit: service, records: db.stores.chat.records, runRecords: db.stores.chat.runRecords },
            {
              workspaceId,
              ...(runId !== undefined ? { runId } : {}),
              audience: "private",
              now: Date.now(),
              sections: (run) => sectionsOf(db.stores.chat, service, run, config.CRM_AUDIT_CONFIG),
            },
          );
          if (!report) {
            throw new CliFailure(
              runId === undefined
                ? `error: workspace "${workspaceId}" has no audit yet: run \`crm-audit audit\` first`
                : `error: workspace "${workspaceId}" has no audit run #${runId}`,
            );
          }
          bytes = await renderReport(report, format);
        } finally {
          await service.close();
        }
      } catch (error) {
        if (error instanceof CliFailure) throw error;
        const locked = lockedMessage(error, `report of workspace ${workspaceId}`, databaseLabel(db));
        throw new CliFailure(
          locked ?? `error: report failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      } finally {
        await db.close();
      }
      if (cli.out) {
        fs.writeFileSync(cli.out, bytes);
        console.error(
          `report written to ${cli.out} (${format}, ${Buffer.byteLength(bytes).toLocaleString("en")} bytes)`,
        );
      } else write(typeof bytes === "string" ? bytes : bytes.toString("utf8"));
    });
  return command;
}

/** The KPI, plan and survey sections (src/core/report/sections.ts), with the configuration file's KPI inputs. */
async function sectionsOf(
  stores: ChatStores,
  audit: AuditService,
  run: AuditRunResult,
  configFile: string | undefined,
): Promise<ReportSections> {
  const [{ loadAuditConfig }, { reportSections }] = await Promise.all([
    import("../../core/checks/config.js"),
    import("../../core/report/sections.js"),
  ]);
  const file = loadAuditConfig(configFile);
  return reportSections(
    {
      audit,
      records: stores.records,
      kpis: stores.kpis,
      surveys: stores.surveys,
      kpiSettings: { config: file.kpis ?? null, systemUsers: file.systemUsers ?? [] },
    },
    { run, audience: "private", now: Date.now() },
  );
}

async function renderReport(report: ReportModel, format: ReportFormat): Promise<Buffer | string> {
  // The renderers load Vega and pdfkit: only this command pays for them.
  if (format === "md") return (await import("../../render/report-md.js")).renderReportMarkdown(report);
  if (format === "html") return (await import("../../render/report-html.js")).renderReportHtml(report);
  return (await import("../../render/report-pdf.js")).renderReportPdf(report);
}
