/**
 * A report as PDF, without a browser: pdfkit with the fonts of fonts.ts registered explicitly
 * (text stays text, selectable and searchable), charts drawn as vectors from their SVG by
 * svg-to-pdfkit, and CJK runs of a line switched to the CJK font (pdfkit has no per-glyph
 * fallback). docs/report.md.
 */
import PDFDocument from "pdfkit";
import SVGtoPDF from "svg-to-pdfkit";
import type { ChartSpec } from "../core/charts/spec.js";
import type { ReportModel, ReportTable } from "../core/report/model.js";
import {
  ABSENT,
  categoryTable,
  configTable,
  kpiTable,
  notMeasuredTable,
  planTable,
  recordFields,
  scoreLine,
} from "../core/report/text.js";
import { formatDateTime, formatDelta } from "../core/messages/format.js";
import { renderSvg } from "./chart.js";
import { CJK, CJK_FAMILY, findFonts, scriptRuns } from "./fonts.js";

type Doc = PDFKit.PDFDocument;
type Face = "regular" | "bold";

const MARGIN = 50;

interface Fonts {
  /** The registered font for a face and script. */
  name(face: Face, cjk: boolean): string;
}

function registerFonts(doc: Doc): Fonts {
  const set = findFonts();
  const registered = new Set<string>();
  const add = (name: string, file: { path: string; postscriptName?: string } | null) => {
    if (!file) return;
    if (file.postscriptName) doc.registerFont(name, file.path, file.postscriptName);
    else doc.registerFont(name, file.path);
    registered.add(name);
  };
  add("latin", set.latin);
  add("latin-bold", set.latinBold ?? set.latin);
  add("cjk", set.cjk);
  add("cjk-bold", set.cjkBold ?? set.cjk);
  // Without DejaVu, pdfkit's built-in Helvetica draws Latin-1 (other scripts are lost: docs/charts.md).
  const fallback = (face: Face) => (face === "bold" ? "Helvetica-Bold" : "Helvetica");
  return {
    name(face, cjk) {
      const wanted = cjk ? (face === "bold" ? "cjk-bold" : "cjk") : face === "bold" ? "latin-bold" : "latin";
      if (registered.has(wanted)) return wanted;
      const latin = face === "bold" ? "latin-bold" : "latin";
      return registered.has(latin) ? latin : fallback(face);
    },
  };
}

interface TextOptions {
  face?: Face;
  size?: number;
  width?: number;
  x?: number;
  y?: number;
  color?: string;
}

/** Writes a paragraph, switching fonts between CJK and other runs. */
function write(doc: Doc, fonts: Fonts, text: string, options: TextOptions = {}): void {
  const face = options.face ?? "regular";
  doc.fontSize(options.size ?? 10).fillColor(options.color ?? "#111");
  const runs = scriptRuns(text || " ");
  const x = options.x ?? doc.x;
  const width = options.width ?? doc.page.width - MARGIN - x;
  runs.forEach((run, i) => {
    doc.font(fonts.name(face, run.cjk));
    const more = i < runs.length - 1;
    if (i === 0 && options.y !== undefined) doc.text(run.text, x, options.y, { width, continued: more });
    else if (i === 0) doc.text(run.text, x, doc.y, { width, continued: more });
    else doc.text(run.text, { width, continued: more });
  });
}

function height(doc: Doc, fonts: Fonts, text: string, width: number, size: number, face: Face = "regular"): number {
  doc.font(fonts.name(face, CJK.test(text))).fontSize(size);
  return doc.heightOfString(text || " ", { width });
}

function ensureRoom(doc: Doc, needed: number): void {
  if (doc.y + needed > doc.page.height - MARGIN) doc.addPage();
}

function heading(doc: Doc, fonts: Fonts, text: string): void {
  // A heading never ends a page alone: it keeps room for what follows (a chart is about 230 pt).
  ensureRoom(doc, 240);
  doc.moveDown(0.8);
  write(doc, fonts, text, { face: "bold", size: 14, x: MARGIN });
  const y = doc.y + 2;
  doc
    .moveTo(MARGIN, y)
    .lineTo(doc.page.width - MARGIN, y)
    .lineWidth(1.5)
    .strokeColor("#0072B2")
    .stroke();
  doc.y = y + 6;
}

/** A grid table whose column widths are shares of the page width; rows move to the next page whole. */
function table(doc: Doc, fonts: Fonts, t: ReportTable, shares?: number[]): void {
  const size = 8.5;
  const pad = 3;
  const total = doc.page.width - 2 * MARGIN;
  const weights = shares ?? t.columns.map(() => 1);
  const sum = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => (w / sum) * total);
  ensureRoom(doc, 40);
  write(doc, fonts, t.title, { face: "bold", size: 10, x: MARGIN });
  doc.moveDown(0.2);
  if (t.rows.length === 0) {
    write(doc, fonts, "None.", { x: MARGIN, size });
    return;
  }
  const drawRow = (cells: string[], face: Face, shade: boolean) => {
    const h = Math.max(...cells.map((c, i) => height(doc, fonts, c, widths[i]! - 2 * pad, size, face))) + 2 * pad;
    ensureRoom(doc, h);
    const top = doc.y;
    let x = MARGIN;
    if (shade) doc.rect(MARGIN, top, total, h).fill("#eeeeee");
    cells.forEach((c, i) => {
      write(doc, fonts, c, { x: x + pad, y: top + pad, width: widths[i]! - 2 * pad, size, face });
      x += widths[i]!;
    });
    doc.rect(MARGIN, top, total, h).lineWidth(0.5).strokeColor("#999999").stroke();
    doc.x = MARGIN;
    doc.y = top + h;
  };
  drawRow(t.columns, "bold", true);
  for (const row of t.rows)
    drawRow(
      t.columns.map((_, i) => row[i] ?? ""),
      "regular",
      false,
    );
  if (t.note) {
    doc.moveDown(0.3);
    write(doc, fonts, t.note, { x: MARGIN, size, color: "#444" });
  }
  doc.moveDown(0.6);
}

/** A chart as vectors; text elements holding CJK are drawn with the CJK font. */
async function chart(doc: Doc, fonts: Fonts, spec: ChartSpec): Promise<void> {
  const width = doc.page.width - 2 * MARGIN;
  const svg = (await renderSvg(spec, { width: 520, height: 220 })).replace(
    /<text([^>]*)>([^<]*)<\/text>/g,
    (whole, attrs: string, content: string) =>
      CJK.test(content)
        ? `<text${attrs.replace(/font-family="[^"]*"/, `font-family="${CJK_FAMILY}"`)}>${content}</text>`
        : whole,
  );
  const size = /<svg[^>]*width="([\d.]+)"[^>]*height="([\d.]+)"/.exec(svg);
  const svgWidth = size ? Number(size[1]) : 600;
  const svgHeight = size ? Number(size[2]) : 300;
  // Drawn at its own size in points and scaled to the text width (more predictable than the viewport options).
  const scale = Math.min(1, width / svgWidth);
  const h = svgHeight * scale;
  ensureRoom(doc, h + 30);
  const top = doc.y;
  doc.save();
  doc.translate(MARGIN, top).scale(scale);
  SVGtoPDF(doc, svg, 0, 0, {
    assumePt: true,
    fontCallback: (family, bold) => fonts.name(bold ? "bold" : "regular", family.trim() === CJK_FAMILY),
  });
  doc.restore();
  doc.x = MARGIN;
  doc.y = top + h + 4;
  write(doc, fonts, spec.altText, { x: MARGIN, size: 8, color: "#444" });
  doc.moveDown(0.6);
}

function absent(doc: Doc, fonts: Fonts, text: string): void {
  write(doc, fonts, text, { x: MARGIN, size: 10, color: "#444" });
}

export async function renderReportPdf(report: ReportModel): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    info: { Title: `${report.title}: ${report.workspaceId}`, Creator: "crm-audit-bot", Producer: "crm-audit-bot" },
    // Fixed dates keep two renderings of one report byte-comparable.
    ...{ creationDate: new Date(report.generatedAt) },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const fonts = registerFonts(doc);

  write(doc, fonts, report.title, { face: "bold", size: 20, x: MARGIN });
  write(doc, fonts, `Workspace ${report.workspaceId}, data as of ${formatDateTime(report.record.asOf)}`, {
    x: MARGIN,
    size: 10,
    color: "#444",
  });
  doc.moveDown(0.8);
  write(doc, fonts, scoreLine(report), { face: "bold", size: 15, x: MARGIN });
  doc.moveDown(0.5);
  await chart(doc, fonts, report.charts.scoreTrend);
  table(doc, fonts, categoryTable(report), [3, 2, 2]);
  if (report.charts.categoryTrend.series.length) await chart(doc, fonts, report.charts.categoryTrend);

  heading(doc, fonts, "Findings");
  await chart(doc, fonts, report.charts.findings);
  for (const f of report.findings) {
    ensureRoom(doc, 50);
    const change = f.change === null ? "" : ` (${formatDelta(f.change)})`;
    write(doc, fonts, `[${f.severity}] ${f.title}: ${f.count.toLocaleString("en")}${change}`, {
      face: "bold",
      size: 10,
      x: MARGIN,
    });
    write(doc, fonts, f.checkId, { x: MARGIN + 12, size: 8, color: "#444" });
    if (f.samples.length) write(doc, fonts, `e.g. ${f.samples.join("; ")}`, { x: MARGIN + 12, size: 9 });
    write(doc, fonts, `Fix: ${f.fix}`, { x: MARGIN + 12, size: 9 });
    doc.moveDown(0.4);
  }
  if (report.findings.length === 0) absent(doc, fonts, "Nothing to fix: no check found anything.");
  const notMeasured = notMeasuredTable(report);
  if (notMeasured) table(doc, fonts, notMeasured, [3, 4]);

  heading(doc, fonts, "KPIs");
  const kpis = kpiTable(report);
  if (kpis) {
    table(doc, fonts, kpis, [3, 2, 2, 2, 5]);
    for (const c of report.kpis?.charts ?? []) await chart(doc, fonts, c);
  } else absent(doc, fonts, ABSENT.kpis);

  heading(doc, fonts, "Fix plan");
  const plan = planTable(report);
  if (plan) table(doc, fonts, plan, [2, 5, 2, 2, 3, 2]);
  else absent(doc, fonts, ABSENT.plan);

  heading(doc, fonts, "Survey results");
  if (report.surveys?.tables.length) {
    for (const t of report.surveys.tables) table(doc, fonts, t);
    for (const c of report.surveys.charts ?? []) await chart(doc, fonts, c);
  } else absent(doc, fonts, ABSENT.surveys);

  for (const t of report.extra ?? []) {
    heading(doc, fonts, t.title);
    table(doc, fonts, t);
  }

  heading(doc, fonts, "Audit record");
  table(
    doc,
    fonts,
    { title: "Run", columns: ["Field", "Value"], rows: recordFields(report).map((f) => [f.label, f.value]) },
    [1, 3],
  );
  const config = configTable(report);
  if (config) table(doc, fonts, config, [3, 1, 4]);

  doc.end();
  return done;
}
