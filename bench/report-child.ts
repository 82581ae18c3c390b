/**
 * One report generation in a fresh process (spawned by bench/report.ts), so its peak memory is
 * the report's alone: reads the stored runs, builds the model, renders one format. Prints JSON.
 *
 *   npx tsx bench/report-child.ts <sqlite file> <workspace> <html|pdf|md> <out file>
 */
import fs from "node:fs";
import { createAuditService } from "../src/core/audit/service.js";
import { loadReport } from "../src/core/report/build.js";
import { openDatabase } from "../src/db/database.js";

const [file, workspaceId, format, out] = process.argv.slice(2) as [string, string, "html" | "pdf" | "md", string];
const db = openDatabase(`file:${file}`);
const audit = createAuditService(db.stores, {});
const t0 = performance.now();
const report = await loadReport(
  { audit, records: db.stores.chat.records, runRecords: db.stores.chat.runRecords },
  { workspaceId, audience: "private", now: Date.now() },
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
    renderMs: Math.round(totalMs - loadedMs),
    totalMs: Math.round(totalMs),
    bytes: Buffer.byteLength(bytes),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
