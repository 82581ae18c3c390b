/**
 * Chart images and the report's PDF on Slack: uploaded with files.uploadV2
 * (files.getUploadURLExternal, the upload, files.completeUploadExternal) into the conversation
 * the message went to. Messages with files are channel posts in channels (masked) and private
 * only in the app's DM, so the upload is seen by whoever sees the message (docs/charts.md).
 */
import type { webApi } from "@slack/bolt";
import type { Message } from "../core/messages/model.js";
import { chartText } from "../core/charts/text.js";
import type { Logger } from "../logger.js";
import { chartFilename, chartImage, messageCharts, renderMessageFile } from "../render/attachments.js";

type WebClient = webApi.WebClient;

/** True when the message has something to upload. */
export function hasFiles(message: Message): boolean {
  return Boolean(message.file) || messageCharts(message).length > 0;
}

export async function uploadMessageFiles(client: WebClient, channel: string, message: Message): Promise<void> {
  for (const spec of messageCharts(message)) {
    await client.filesUploadV2({
      channel_id: channel,
      file: await chartImage(spec),
      filename: chartFilename(spec),
      title: spec.title,
      alt_text: spec.altText.slice(0, 1000),
      // The numbers with the image: every chart has its text fallback.
      initial_comment: chartText(spec).slice(0, 3000),
    });
  }
  if (message.file) {
    const file = await renderMessageFile(message.file);
    await client.filesUploadV2({
      channel_id: channel,
      file: file.bytes,
      filename: file.filename,
      title: message.file.title,
    });
  }
}

/**
 * Uploads a message's files after it was posted; a failed upload is said in the conversation
 * instead of passing silently (the message itself already carries the numbers).
 */
export async function uploadOrExplain(
  client: WebClient,
  channel: string,
  message: Message,
  logger: Logger,
  explain: (text: string) => Promise<void>,
): Promise<void> {
  if (!hasFiles(message)) return;
  try {
    await uploadMessageFiles(client, channel, message);
  } catch (error) {
    const reason = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
    logger.warn("slack file upload failed", { channel, reason });
    await explain(
      reason === "missing_scope" || reason === "not_in_channel" || reason === "channel_not_found"
        ? `I could not upload the file here (${reason}): the app needs the files:write scope and to be in this conversation.`
        : `I could not upload the file (${reason}).`,
    );
  }
}
