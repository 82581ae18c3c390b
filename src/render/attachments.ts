/**
 * What the platform layers attach to a message, rendered from the data it carries: chart
 * images (chart blocks with a spec) and the report file (Message.file). One place, so Slack,
 * Teams, the console and scheduled posts draw the same files (docs/charts.md, docs/report.md).
 */
import type { ChartSpec } from "../core/charts/spec.js";
import type { Message, MessageFile } from "../core/messages/model.js";

/** The charts of a message that can be drawn, in order. */
export function messageCharts(message: Message): ChartSpec[] {
  return message.blocks.flatMap((b) => (b.type === "chart" && b.chart.spec ? [b.chart.spec] : []));
}

/** "score.png", "kpi-win-rate.png": a file name from the chart id. */
export function chartFilename(spec: ChartSpec): string {
  return `${spec.id.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "") || "chart"}.png`;
}

// Vega and resvg are loaded on the first chart, not when a platform layer starts.
export async function chartImage(spec: ChartSpec): Promise<Buffer> {
  const { renderPng } = await import("./chart.js");
  return renderPng(spec, { scale: 2 });
}

/** The file's bytes, its name and its media type. */
export async function renderMessageFile(
  file: MessageFile,
): Promise<{ bytes: Buffer; filename: string; mimeType: string }> {
  // Loaded on demand: pdfkit is needed only when a report is asked for.
  const { renderReportPdf } = await import("./report-pdf.js");
  return { bytes: await renderReportPdf(file.report), filename: file.filename, mimeType: "application/pdf" };
}

/**
 * The most characters of a data URL a Teams card gives one chart: with the card's other
 * content it stays under the card budget (src/teams/render/card.ts).
 */
export const INLINE_IMAGE_CHARS = 16_000;

/** The message with each chart's compact PNG inlined as a data URL, where it fits. */
export async function withInlineCharts(message: Message): Promise<Message> {
  if (!message.blocks.some((b) => b.type === "chart" && b.chart.spec && !b.chart.imageUrl)) return message;
  const { renderCompactPng } = await import("./chart.js");
  const blocks = await Promise.all(
    message.blocks.map(async (b) => {
      if (b.type !== "chart" || !b.chart.spec || b.chart.imageUrl) return b;
      const url = `data:image/png;base64,${(await renderCompactPng(b.chart.spec)).toString("base64")}`;
      return url.length <= INLINE_IMAGE_CHARS ? { ...b, chart: { ...b.chart, imageUrl: url } } : b;
    }),
  );
  return { ...message, blocks };
}
