/**
 * `report`: posts the audit report as a PDF to the schedule's conversation (weekly or monthly by
 * its cron), masked like every channel post. With `--fresh` it runs a full audit first; without,
 * it reports the latest full audit, and posts nothing when that one was already reported by this
 * schedule's previous fire or no audit exists (docs/report.md).
 */
import { z } from "zod";
import { reportMessage } from "../../messages/charts.js";
import { NO_KPI_SETTINGS } from "../../kpis/config.js";
import { loadReport } from "../../report/build.js";
import { reportSections } from "../../report/sections.js";
import { defineScheduleKind } from "../kind.js";

const options = z
  .object({
    fresh: z.boolean().default(false),
    always: z.boolean().default(false),
  })
  .strict();

export default defineScheduleKind({
  meta: {
    kind: "report",
    summary:
      "posts the audit report as a PDF (score and trend, findings, KPIs, fix plan, survey results, audit record); masked in channels",
    options,
    optionHelp: [
      "--fresh  run a full audit first instead of reporting the latest one",
      "--always  post even when the latest audit was already reported",
    ],
  },
  async run({ schedule, options, audit, stores, post, fireAt, kpiSettings }) {
    if (options.fresh) {
      await audit.run({ workspaceId: schedule.workspaceId, trigger: "schedule", requestedBy: null });
    }
    const latest = await audit.latest(schedule.workspaceId);
    if (!latest) return "nothing to post";
    if (!options.fresh && !options.always) {
      // The schedule's previous posted fire (a week or a month ago) reported whatever existed then.
      const fires = await stores.schedules.fires(schedule.id, 10);
      const previous = fires.find((f) => f.fireAt < fireAt && f.outcome === "posted");
      if (previous && latest.startedAt < previous.startedAt) return "nothing to post";
    }
    const report = await loadReport(
      { audit, records: stores.records, runRecords: stores.runRecords },
      {
        workspaceId: schedule.workspaceId,
        runId: latest.id,
        audience: "channel",
        now: fireAt,
        sections: (run) =>
          reportSections(
            {
              audit,
              records: stores.records,
              kpis: stores.kpis,
              surveys: stores.surveys,
              kpiSettings: kpiSettings ?? NO_KPI_SETTINGS,
            },
            { run, audience: "channel", now: fireAt },
          ),
      },
    );
    if (!report) return "nothing to post";
    const message = reportMessage(report, "channel");
    await post({
      ...message,
      blocks: [{ type: "context", text: `Scheduled report (schedule #${schedule.id})` }, ...message.blocks],
    });
    return "posted";
  },
});
