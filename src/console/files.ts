/**
 * The console's attachments: chart images and the report's PDF are written to a folder
 * (./data/exports by default) and the message says where, since a terminal shows no images.
 */
import fs from "node:fs";
import path from "node:path";
import type { Block, Message } from "../core/messages/model.js";
import { chartFilename, chartImage, renderMessageFile } from "../render/attachments.js";

export const DEFAULT_EXPORTS_DIR = path.resolve("data", "exports");

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
}

/** Writes the message's charts and file; returns the message with a line naming each file written. */
export async function saveMessageFiles(message: Message, dir = DEFAULT_EXPORTS_DIR): Promise<Message> {
  const hasChart = message.blocks.some((b) => b.type === "chart" && b.chart.spec);
  if (!hasChart && !message.file) return message;
  fs.mkdirSync(dir, { recursive: true });
  const when = stamp();
  const blocks: Block[] = [];
  for (const block of message.blocks) {
    blocks.push(block);
    if (block.type !== "chart" || !block.chart.spec) continue;
    const file = path.join(dir, `${when}-${chartFilename(block.chart.spec)}`);
    try {
      fs.writeFileSync(file, await chartImage(block.chart.spec));
      blocks.push({ type: "context", text: `Chart image: ${file}` });
    } catch (error) {
      blocks.push({
        type: "context",
        text: `The chart image could not be drawn (${(error as Error).message}); the numbers are above.`,
      });
    }
  }
  if (message.file) {
    const rendered = await renderMessageFile(message.file);
    const file = path.join(dir, rendered.filename);
    fs.writeFileSync(file, rendered.bytes);
    blocks.push({
      type: "context",
      text: `Report written to ${file} (${rendered.bytes.length.toLocaleString("en")} bytes)`,
    });
  }
  return { ...message, blocks };
}
