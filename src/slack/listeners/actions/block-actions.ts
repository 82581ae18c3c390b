/**
 * Button clicks. Three kinds: a form button opens its modal (views.open must happen within the
 * trigger's 3 s, so before anything slow), "Show more" replays a read-only source for its next
 * page, and every other button is the core's action, answered in place via response_url (or
 * in the app's DM for clicks on the Home tab, which have no response_url).
 */
import type { App, BlockAction, ButtonAction, StaticSelectAction } from "@slack/bolt";
import type { webApi } from "@slack/bolt";

type WebClient = webApi.WebClient;
import type { Responder } from "../../../core/commands/types.js";
import { FORM_OPEN_ACTION, SHOW_MORE_ACTION, stripSuffix } from "../../render/action-ids.js";
import { decodeForm } from "../../render/form-codec.js";
import { LIMITS } from "../../render/limits.js";
import { numericInputIds, renderFormModal } from "../../render/surfaces.js";
import { channelResponder, responseUrlResponder } from "../../responder.js";
import { slackReplyAddress } from "../../reply-address.js";
import { parseReplay } from "../../show-more.js";
import { encodeFormMetadata } from "../views/form-metadata.js";
import { runCommand } from "../commands/crm-audit.js";
import type { ListenerDeps } from "../deps.js";
import { publishHome } from "../events/app-home-opened.js";
import { reportFailure } from "../failure.js";

type Clicked = ButtonAction | StaticSelectAction;

function clickedValue(action: Clicked): string {
  return action.type === "button" ? (action.value ?? "") : (action.selected_option?.value ?? "");
}

function answerer(deps: ListenerDeps, client: WebClient, body: BlockAction): Responder {
  const dm = channelResponder({ client, delivery: deps.delivery, channel: body.user.id });
  return body.response_url
    ? responseUrlResponder({
        responseUrl: body.response_url,
        allowed: deps.responseUrlAllowed,
        logger: deps.logger,
        replacesSource: true,
        fallback: dm,
      })
    : dm;
}

async function openForm(deps: ListenerDeps, client: WebClient, body: BlockAction, value: string): Promise<void> {
  const form = decodeForm(value);
  const metadata = encodeFormMetadata({
    formId: form.formId,
    state: form.state,
    numeric: numericInputIds(form),
    channelId: body.channel?.id ?? body.user.id,
  });
  if (metadata.length > LIMITS.privateMetadata) throw new Error(`form ${form.formId} state is too large for a modal`);
  await client.views.open({ trigger_id: body.trigger_id, view: renderFormModal(form, metadata) });
}

export function registerBlockActions(app: App, deps: ListenerDeps): void {
  app.action<BlockAction<Clicked>>(/.*/, async ({ ack, body, action, client, context }) => {
    await ack();
    const actionId = stripSuffix(action.action_id);
    const value = clickedValue(action);
    const teamId = context.teamId ?? body.team?.id ?? "";
    // views.open must use the trigger within 3 s: never behind the queue.
    if (actionId === FORM_OPEN_ACTION) {
      return openForm(deps, client, body, value).catch((error: unknown) =>
        reportFailure(deps.logger, answerer(deps, client, body), "opening a form", error),
      );
    }
    await deps.work.run(() => handleClick(deps, client, body, actionId, value, teamId));
  });
}

async function handleClick(
  deps: ListenerDeps,
  client: WebClient,
  body: BlockAction,
  actionId: string,
  value: string,
  teamId: string,
): Promise<void> {
  try {
    if (actionId === SHOW_MORE_ACTION) {
      const replay = parseReplay(value);
      if (replay.k === "h") return await publishHome(deps, client, teamId, body.user.id, replay.p);
      if (!body.response_url) throw new Error("show more on a message without response_url");
      const channelId = body.channel?.id ?? body.user.id;
      return await runCommand(
        deps,
        client,
        { teamId, userId: body.user.id, channelId, responseUrl: body.response_url, text: replay.t },
        replay.p,
      );
    }
    const channelId = body.channel?.id ?? body.user.id;
    const request = await deps.identities.context(client, teamId, body.user.id, channelId);
    const replyAddress = body.response_url
      ? slackReplyAddress({ teamId, userId: body.user.id, channelId, responseUrl: body.response_url })
      : undefined;
    await deps.core.handleAction(
      { ...request, actionId, value, ...(replyAddress ? { replyAddress } : {}) },
      answerer(deps, client, body),
    );
  } catch (error) {
    await reportFailure(deps.logger, answerer(deps, client, body), `action ${actionId}`, error);
  }
}
