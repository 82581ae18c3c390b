/**
 * A submitted form modal → core.submitForm. Validation errors go back with
 * response_action "errors" (shown under each input); a success message replaces the modal's
 * content. Slack waits 3 s for this answer: if the core takes longer, the modal is closed and
 * the outcome arrives in the app's DM instead.
 */
import type { App, ViewSubmitAction } from "@slack/bolt";
import type { FormResult } from "../../../core/commands/types.js";
import { FORM_CALLBACK_ID } from "../../render/action-ids.js";
import type { Form, Message } from "../../../core/messages/model.js";
import { LIMITS } from "../../render/limits.js";
import {
  numericInputIds,
  readFormValues,
  renderFormModal,
  renderResultModal,
  type SlackInputState,
} from "../../render/surfaces.js";
import { channelResponder } from "../../responder.js";
import type { ListenerDeps } from "../deps.js";
import { reportFailure } from "../failure.js";
import { decodeFormMetadata, encodeFormMetadata, type FormMetadata } from "./form-metadata.js";

/** A next page that could not replace the modal (the answer came late): a button in the DM opens it. */
function nextFormMessage(form: Form): Message {
  return {
    text: "Your answers so far were taken; the form continues.",
    visibility: "private",
    blocks: [
      { type: "text", text: "Your answers so far were taken; the form continues." },
      { type: "form", form, openLabel: "Continue" },
    ],
  };
}

const ANSWER_WITHIN_MS = 2500;

export function registerFormSubmission(app: App, deps: ListenerDeps): void {
  app.view<ViewSubmitAction>(FORM_CALLBACK_ID, async ({ ack, body, view, client, context }) => {
    const teamId = context.teamId ?? body.team?.id ?? "";
    const userId = body.user.id;
    const dm = channelResponder({ client, delivery: deps.delivery, channel: userId });
    let result: Promise<FormResult>;
    let metadata: FormMetadata;
    try {
      metadata = decodeFormMetadata(view.private_metadata);
      const values = readFormValues(
        view.state.values as unknown as Record<string, Record<string, SlackInputState>>,
        metadata.numeric,
      );
      const request = await deps.identities.context(client, teamId, userId, metadata.channelId);
      result = deps.core.submitForm({ ...request, formId: metadata.formId, state: metadata.state, values });
    } catch (error) {
      await ack();
      return reportFailure(deps.logger, dm, "form submission", error);
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), ANSWER_WITHIN_MS);
    });
    try {
      const outcome = await Promise.race([result, late]);
      if (outcome === "late") {
        await ack();
        const final = await result;
        if (!final.ok)
          await dm.reply({
            text: "Your answers were not saved.",
            blocks: Object.values(final.errors).map((e) => ({ type: "text", text: `:warning: ${e}` })),
            visibility: "private",
          });
        else if (final.next) await dm.reply(nextFormMessage(final.next));
        else if (final.message) await dm.reply(final.message);
        return;
      }
      if (!outcome.ok) {
        // Slack shows errors only under input blocks; a refusal of the whole form replaces the modal.
        const inputIds = new Set([
          ...Object.keys(view.state.values),
          ...((Array.isArray(view.blocks) ? view.blocks : []) as { type?: string; block_id?: string }[])
            .filter((b) => b.type === "input" && b.block_id)
            .map((b) => b.block_id!),
        ]);
        if (Object.keys(outcome.errors).every((id) => inputIds.has(id)))
          return await ack({ response_action: "errors", errors: outcome.errors });
        return await ack({
          response_action: "update",
          view: renderResultModal(view.title.text, {
            text: "Not saved",
            visibility: "private",
            blocks: Object.values(outcome.errors).map((e) => ({ type: "text" as const, text: e })),
          }),
        });
      }
      if (outcome.next) {
        // The next page of a multi-page form (a survey) replaces this one.
        const next = outcome.next;
        const nextMetadata = encodeFormMetadata({
          formId: next.formId,
          state: next.state,
          numeric: numericInputIds(next),
          channelId: metadata.channelId,
        });
        if (nextMetadata.length <= LIMITS.privateMetadata)
          return await ack({ response_action: "update", view: renderFormModal(next, nextMetadata) });
        await ack();
        return await dm.reply(nextFormMessage(next));
      }
      if (outcome.message) {
        return await ack({ response_action: "update", view: renderResultModal(view.title.text, outcome.message) });
      }
      await ack();
    } catch (error) {
      await ack().catch(() => undefined);
      await reportFailure(deps.logger, dm, "form submission", error);
    } finally {
      clearTimeout(timer);
    }
  });
}
