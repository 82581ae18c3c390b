/**
 * Slack's reply address for queued work (docs/jobs.md): the request's response_url with its team,
 * user and channel. Whichever instance finishes the job rebuilds the Responder from it: the
 * response_url (still valid for 30 minutes and five posts; the progress message used one) with
 * the first update replacing the message the request was answered with, and the app's DM with
 * the user once it is spent or refused.
 */
import type { webApi } from "@slack/bolt";
import { z } from "zod";
import type { Responder } from "../core/commands/types.js";
import type { ReplyAddress } from "../core/jobs/reply-address.js";
import type { Logger } from "../logger.js";
import type { ChannelDelivery } from "./delivery.js";
import { channelResponder, responseUrlResponder } from "./responder.js";
import type { ResponseUrlPolicy } from "./response-url.js";

const SlackReplyDetail = z.object({
  teamId: z.string().min(1),
  userId: z.string().min(1),
  channelId: z.string().min(1),
  responseUrl: z.string().min(1),
});
export type SlackReplyDetail = z.infer<typeof SlackReplyDetail>;

export function slackReplyAddress(detail: SlackReplyDetail): ReplyAddress {
  return { platform: "slack", detail: { ...detail } };
}

export function slackResponderFactory(deps: {
  clientFor(teamId: string): Promise<webApi.WebClient>;
  delivery: ChannelDelivery;
  allowed: ResponseUrlPolicy;
  logger: Logger;
}): (address: ReplyAddress) => Promise<Responder | null> {
  return async (address) => {
    const parsed = SlackReplyDetail.safeParse(address.detail);
    if (address.platform !== "slack" || !parsed.success) {
      deps.logger.warn("slack: a stored reply address does not parse; not answered", { platform: address.platform });
      return null;
    }
    const detail = parsed.data;
    const client = await deps.clientFor(detail.teamId);
    return responseUrlResponder({
      responseUrl: detail.responseUrl,
      allowed: deps.allowed,
      logger: deps.logger,
      // The request was answered already (the progress message): an update replaces that one.
      replacesSource: true,
      fallback: channelResponder({ client, delivery: deps.delivery, channel: detail.userId }),
    });
  };
}
