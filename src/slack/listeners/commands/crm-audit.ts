/**
 * `/crm-audit …`: acknowledged at once with an empty body (Slack's 3 s limit), then handed to
 * the core, which answers through the command's response_url (progress, then the result).
 */
import type { App } from "@slack/bolt";
import type { webApi } from "@slack/bolt";

type WebClient = webApi.WebClient;
import type { Responder } from "../../../core/commands/types.js";
import type { Message } from "../../../core/messages/model.js";
import { uploadOrExplain } from "../../files.js";
import { slackReplyAddress } from "../../reply-address.js";
import { channelResponder, responseUrlResponder } from "../../responder.js";
import { commandShowMore } from "../../show-more.js";
import type { ListenerDeps } from "../deps.js";
import { reportFailure } from "../failure.js";

export interface CommandInvocation {
  teamId: string;
  userId: string;
  channelId: string;
  channelName?: string;
  responseUrl: string;
  text: string;
}

/** Runs one command (or, with page > 0, replays it for "show more") and answers it. */
export async function runCommand(deps: ListenerDeps, client: WebClient, input: CommandInvocation, page = 0) {
  const posted = responseUrlResponder({
    responseUrl: input.responseUrl,
    allowed: deps.responseUrlAllowed,
    logger: deps.logger,
    replacesSource: false,
    fallback: channelResponder({ client, delivery: deps.delivery, channel: input.userId }),
    page: { page, showMore: commandShowMore(input.text) },
  });
  // Charts and reports: the message first (it carries the numbers), then its files into the conversation.
  const withFiles = async (message: Message) =>
    uploadOrExplain(client, input.channelId, message, deps.logger, (text) =>
      posted.reply({ text, visibility: "private", blocks: [{ type: "context", text }] }),
    );
  const responder: Responder = {
    reply: async (message) => (await posted.reply(message), withFiles(message)),
    update: async (message) => (await posted.update(message), withFiles(message)),
  };
  try {
    const context = await deps.identities.context(
      client,
      input.teamId,
      input.userId,
      input.channelId,
      input.channelName,
    );
    // Where a queued audit's result goes, from whichever instance finishes it (docs/jobs.md).
    const replyAddress = slackReplyAddress({
      teamId: input.teamId,
      userId: input.userId,
      channelId: input.channelId,
      responseUrl: input.responseUrl,
    });
    await deps.core.handleCommand({ ...context, text: input.text.trim(), replyAddress }, responder);
  } catch (error) {
    await reportFailure(deps.logger, responder, "command", error);
  }
}

export function registerCrmAuditCommand(app: App, deps: ListenerDeps): void {
  app.command(deps.command, async ({ command, ack, client }) => {
    await ack();
    await deps.work.run(() =>
      runCommand(deps, client, {
        teamId: command.team_id,
        userId: command.user_id,
        channelId: command.channel_id,
        channelName: command.channel_name,
        responseUrl: command.response_url,
        text: command.text ?? "",
      }),
    );
  });
}
