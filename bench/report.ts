/**
 * Report generation on a large workspace (docs/report.md, docs/charts.md).
 *
 *   npx tsx bench/report.ts [--contacts 1000000] [--runs 12] [--copies]
 *
 * Writes a deterministic bundle (bench/import.ts), imports it, then builds the audit history:
 * `--runs` real audits at monthly as-of instants, or with `--copies` one real audit stored
 * again `--runs - 1` times at earlier as-of instants (same findings: the stored size of a real
 * run, without an hour of audits). Then, for each format, one fresh process reads the history
 * and writes the report: time (load = reading runs and samples, render) and peak RSS of that
 * process. Last, the time to draw each chart (SVG and PNG), in this process, warm.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createAuditService } from "../src/core/audit/service.js";
import { importBundle } from "../src/core/import/index.js";
import { loadReport } from "../src/core/report/build.js";
import { openDatabase } from "../src/db/database.js";
import { applyMigrations } from "../src/db/migrate.js";
import { renderPng, renderSvg } from "../src/render/chart.js";
import { writeBenchBundle } from "./import.js";

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const contacts = argument("contacts", 1_000_000);
const runs = argument("runs", 12);
const copies = process.argv.includes("--copies");
const root = fs.mkdtempSync(path.join(os.tmpdir(), "crm-report-bench-"));
const file = path.join(root, "bench.db");
const MONTH = 30 * 86_400_000;
const lastAsOf = Date.UTC(2026, 11, 1);

console.log(
  `load average: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}; ${os.cpus().length} cores`,
);
const rows = writeBenchBundle(path.join(root, "bundle"), contacts);
const db = openDatabase(`file:${file}`);
applyMigrations(db.sqlite);
let t = performance.now();
const imported = await importBundle(db.stores, "bench", path.join(root, "bundle"));
if (!imported.ok) throw new Error(`import failed: ${JSON.stringify(imported.issues.slice(0, 3))}`);
console.log(`imported ${rows} rows (${contacts} contacts) in ${Math.round(performance.now() - t)} ms`);

const audit = createAuditService(db.stores, {});
t = performance.now();
if (copies) {
  const run = await audit.run({ workspaceId: "bench", asOf: lastAsOf, trigger: "cli" });
  const { id: _id, changes: _changes, ...stored } = run;
  // Ids only grow: the copies (oldest as-of first) come after the real run, which is then stored
  // once more as the newest, so the history reads oldest to newest like real monthly audits.
  for (let i = runs - 1; i >= 1; i--) {
    const score = Math.max(0, run.scores.overall - i * 0.7);
    db.stores.auditStorage.local.runs.save(
      { ...stored, asOf: lastAsOf - i * MONTH, scores: { ...run.scores, overall: score } },
      {},
    );
  }
  db.stores.auditStorage.local.runs.save(stored, {});
  console.log(`1 audit + ${runs - 1} stored copies in ${Math.round(performance.now() - t)} ms`);
} else {
  for (let i = runs - 1; i >= 0; i--) {
    const started = performance.now();
    await audit.run({ workspaceId: "bench", asOf: lastAsOf - i * MONTH, trigger: "cli" });
    console.log(`audit ${runs - i}/${runs}: ${Math.round(performance.now() - started)} ms`);
  }
}
const findings = (await audit.latest("bench"))!.findings.reduce((n, f) => n + f.count, 0);
console.log(`history: ${runs} full audits, ${findings.toLocaleString("en")} affected records in the latest`);

for (const format of ["md", "html", "pdf"] as const) {
  const child = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(import.meta.dirname, "report-child.ts"),
      file,
      "bench",
      format,
      path.join(root, `report.${format}`),
    ],
    { encoding: "utf8", env: { ...process.env, CONSOLE: "off" } },
  );
  if (child.status !== 0) throw new Error(`report ${format} failed: ${child.stderr}`);
  const r = JSON.parse(child.stdout.trim().split("\n").at(-1)!) as Record<string, number>;
  console.log(
    `report ${format}: ${r.totalMs} ms (reading runs ${r.loadMs} ms, of which KPI, plan and survey sections ${r.sectionsMs} ms; rendering ${r.renderMs} ms), ${r.bytes!.toLocaleString("en")} bytes, peak RSS ${r.peakRssMb} MB`,
  );
}

const report = (await loadReport(
  { audit, records: db.stores.chat.records, runRecords: db.stores.chat.runRecords },
  { workspaceId: "bench", audience: "private", now: Date.now() },
))!;
await renderPng(report.charts.findings); // warm: Vega and resvg loaded, fonts read
for (const spec of Object.values(report.charts)) {
  const s0 = performance.now();
  const svg = await renderSvg(spec);
  const s1 = performance.now();
  const png = await renderPng(spec);
  const s2 = performance.now();
  console.log(
    `chart ${spec.id}: SVG ${Math.round(s1 - s0)} ms (${svg.length.toLocaleString("en")} chars), PNG ${Math.round(s2 - s1)} ms (${png.length.toLocaleString("en")} bytes, ${spec.labels.length} labels × ${spec.series.length} series)`,
  );
}
await audit.close();
await db.close();
console.log(
  `load average after: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
fs.rmSync(root, { recursive: true, force: true });
