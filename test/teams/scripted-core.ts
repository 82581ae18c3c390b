/**
 * A ChatCore that answers from a script and records what the Teams layer asked. It stands in
 * for the real core (built in parallel) in the tests of the Teams layer's own behaviour:
 * routing, rendering, updates in place, pacing, proactive sends.
 */
import type {
  ActionRequest,
  Actor,
  ChatCore,
  CommandRequest,
  FormResult,
  FormSubmission,
  PlatformProfile,
  RequestContext,
  Responder,
} from "../../src/core/commands/types.js";
import type { Message } from "../../src/core/messages/model.js";

export interface ScriptedCore extends ChatCore {
  commands: CommandRequest[];
  actions: ActionRequest[];
  forms: FormSubmission[];
  profiles: PlatformProfile[];
  onCommand: (request: CommandRequest, responder: Responder) => Promise<void>;
  onAction: (request: ActionRequest, responder: Responder) => Promise<void>;
  onForm: (submission: FormSubmission) => Promise<FormResult>;
}

export function statusMessage(score: number): Message {
  return {
    text: `Data quality score ${score}/100`,
    visibility: "private",
    blocks: [
      { type: "heading", text: "CRM audit status" },
      { type: "score", label: "Data quality score", value: score, delta: 4 },
      { type: "fields", fields: [{ label: "Last run", value: "2026-11-23 22:00 UTC" }] },
      {
        type: "actions",
        buttons: [{ actionId: "audit.run", label: "Run now", value: '{"scope":"all"}', style: "primary" }],
      },
    ],
  };
}

export function createScriptedCore(): ScriptedCore {
  const core: ScriptedCore = {
    commands: [],
    actions: [],
    forms: [],
    profiles: [],
    onCommand: async (_request, responder) => responder.reply(statusMessage(72)),
    onAction: async (_request, responder) => responder.update(statusMessage(80)),
    onForm: async () => ({ ok: true }),
    async resolveWorkspace(platform, tenantId) {
      return `ws-${platform}-${tenantId}`;
    },
    async identify(profile): Promise<Actor> {
      core.profiles.push(profile);
      return {
        platform: profile.platform,
        tenantId: profile.tenantId,
        userId: profile.userId,
        crmUserId: profile.email ? `crm:${profile.email}` : null,
        email: profile.email,
        displayName: profile.displayName,
        isAdmin: profile.platformAdmin,
      };
    },
    async handleCommand(request, responder) {
      core.commands.push(request);
      await core.onCommand(request, responder);
    },
    async handleAction(request, responder) {
      core.actions.push(request);
      await core.onAction(request, responder);
    },
    async submitForm(submission) {
      core.forms.push(submission);
      return core.onForm(submission);
    },
    async homeView(context: RequestContext): Promise<Message> {
      return {
        text: "Welcome to CRM Audit",
        visibility: "private",
        blocks: [
          { type: "heading", text: `Welcome, ${context.actor.displayName ?? "there"}` },
          { type: "text", text: "Type `crm-audit help` to see what I can do." },
        ],
      };
    },
  };
  return core;
}
