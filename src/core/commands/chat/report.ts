/**
 * `report [run]`: the audit report as a PDF file (docs/report.md). In a channel the file is
 * posted to the channel and masked; in a personal chat (and the console) it is the asker's.
 */
import { noAuditYetMessage } from "../../messages/audit.js";
import { reportMessage } from "../../messages/charts.js";
import { noticeMessage } from "../../messages/help.js";
import { loadReport } from "../../report/build.js";
import { reportSections } from "../../report/sections.js";
import { expectArg, positiveInt, tooMany } from "../args.js";
import { defineCommand } from "../define.js";

export default defineCommand({
  meta: {
    name: "report",
    usage: ["report [run]"],
    summary:
      "the audit report as a PDF: score and trend, findings with examples, KPIs, the fix plan, survey results, the audit record (latest full audit by default)",
    who: "anyone",
    readOnly: true,
    category: "audit",
  },
  args(tokens) {
    tooMany(tokens, 1);
    const token = tokens[0]?.replace(/^#/, "");
    return {
      kind: "report" as const,
      runId: token === undefined ? undefined : expectArg(positiveInt(1e9), token, "run"),
    };
  },
  async run({ audit, stores, request, out, args, now, kpiSettings }) {
    const visibility = request.conversation.kind === "personal" ? "private" : "channel";
    const at = now();
    const report = await loadReport(
      { audit, records: stores.records, runRecords: stores.runRecords },
      {
        workspaceId: request.workspaceId,
        ...(args.runId !== undefined ? { runId: args.runId } : {}),
        audience: visibility,
        now: at,
        sections: (run) =>
          reportSections(
            { audit, records: stores.records, kpis: stores.kpis, surveys: stores.surveys, kpiSettings },
            { run, audience: visibility, now: at },
          ),
      },
    );
    if (!report) {
      return out.reply(
        args.runId === undefined
          ? noAuditYetMessage()
          : noticeMessage(`There is no audit run #${args.runId} in this workspace.`),
      );
    }
    return out.reply(reportMessage(report, visibility));
  },
});
