/**
 * One report generation in a fresh process (spawned by bench/report.ts), so its peak memory is
 * the report's alone: reads the stored runs, computes the KPI, plan and survey sections as every
 * report does (src/core/report/sections.ts), builds the model, renders one format. Prints JSON.
 *
 *   npx tsx bench/report-child.ts <sqlite file> <workspace> <html|pdf|md> <out file>
 */
import fs from "node:fs";
import { createAuditService } from "../src/core/audit/service.js";
import { NO_KPI_SETTINGS } from "../src/core/kpis/config.js";
import { loadReport } from "../src/core/report/build.js";
import { reportSections } from "../src/core/report/sections.js";
import { openDatabase } from "../src/db/database.js";

const [file, workspaceId, format, out] = process.argv.slice(2) as [string, string, "html" | "pdf" | "md", string];
const db = openDatabase(`file:${file}`);
const audit = createAuditService(db.stores, {});
const t0 = performance.now();
let sectionsMs = 0;
const report = await loadReport(
  { audit, records: db.stores.chat.records, runRecords: db.stores.chat.runRecords },
  {
    workspaceId,
    audience: "private",
    now: Date.now(),
    sections: async (run) => {
      const s0 = performance.now();
      const sections = await reportSections(
        {
          audit,
          records: db.stores.chat.records,
          kpis: db.stores.chat.kpis,
          surveys: db.stores.chat.surveys,
          kpiSettings: NO_KPI_SETTINGS,
        },
        { run, audience: "private", now: Date.now() },
      );
      sectionsMs = performance.now() - s0;
      return sections;
    },
  },
);
if (!report) throw new Error("no audit in the bench workspace");
const loadedMs = performance.now() - t0;
const bytes =
  format === "md"
    ? (await import("../src/render/report-md.js")).renderReportMarkdown(report)
    : format === "html"
      ? await (await import("../src/render/report-html.js")).renderReportHtml(report)
      : await (await import("../src/render/report-pdf.js")).renderReportPdf(report);
fs.writeFileSync(out, bytes);
const totalMs = performance.now() - t0;
await audit.close();
await db.close();
console.log(
  JSON.stringify({
    format,
    loadMs: Math.round(loadedMs),
    sectionsMs: Math.round(sectionsMs),
    renderMs: Math.round(totalMs - loadedMs),
    totalMs: Math.round(totalMs),
    bytes: Buffer.byteLength(bytes),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
