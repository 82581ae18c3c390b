/**
 * A stand-in ChatCore for the transport tests only (signatures, retries, modals, pacing):
 * it records what the Slack layer hands it and answers with small fixed messages. The
 * subcommand tests use the real core.
 */
import type {
  ActionRequest,
  Actor,
  ChatCore,
  CommandRequest,
  FormSubmission,
  PlatformProfile,
  RequestContext,
  Responder,
} from "../../src/core/commands/types.js";
import type { Message } from "../../src/core/messages/model.js";

const text = (t: string, visibility: Message["visibility"] = "private"): Message => ({
  text: t,
  blocks: [{ type: "text", text: t }],
  visibility,
});

export class RecordingCore implements ChatCore {
  readonly commands: CommandRequest[] = [];
  readonly actions: ActionRequest[] = [];
  readonly submissions: FormSubmission[] = [];
  readonly homes: RequestContext[] = [];
  readonly profiles: PlatformProfile[] = [];

  async resolveWorkspace(_platform: string, tenantId: string): Promise<string> {
    return `ws-${tenantId}`;
  }

  async identify(profile: PlatformProfile): Promise<Actor> {
    this.profiles.push(profile);
    return {
      platform: profile.platform,
      tenantId: profile.tenantId,
      userId: profile.userId,
      crmUserId: null,
      email: profile.email,
      displayName: profile.displayName,
      isAdmin: profile.platformAdmin,
    };
  }

  async handleCommand(request: CommandRequest, responder: Responder): Promise<void> {
    this.commands.push(request);
    await responder.reply(text("Working on it…"));
    const visibility = request.text.includes("--post") ? "channel" : "private";
    await responder.update(text(`Result for ${request.workspaceId}: ${request.text}`, visibility));
  }

  async handleAction(request: ActionRequest, responder: Responder): Promise<void> {
    this.actions.push(request);
    await responder.update(text(`Did ${request.actionId} with ${request.value}`));
  }

  async submitForm(submission: FormSubmission) {
    this.submissions.push(submission);
    if (typeof submission.values.hours !== "number" || submission.values.hours < 0) {
      return { ok: false as const, errors: { hours: "Enter a number of hours, 0 or more." } };
    }
    return { ok: true as const, message: text("Thanks, your answers were saved.") };
  }

  async homeView(context: RequestContext): Promise<Message> {
    this.homes.push(context);
    return {
      text: "Your CRM",
      blocks: [
        { type: "heading", text: "CRM health" },
        { type: "score", label: "Workspace score", value: 81, delta: 2 },
        {
          type: "form",
          openLabel: "Answer survey",
          form: {
            formId: "survey.answer",
            title: "Weekly CRM survey",
            submitLabel: "Send",
            state: "survey-7",
            inputs: [{ kind: "number", id: "hours", label: "Hours in the CRM this week" }],
          },
        },
      ],
      visibility: "private",
    };
  }
}
