/**
 * What a chat platform hands to the core and what it gets back. The Slack, Teams and
 * console layers translate their requests into a CommandRequest / ActionRequest /
 * FormSubmission and render the Messages they are given; they hold no business logic.
 */
import type { ReplyAddress } from "../jobs/reply-address.js";
import type { Form, Message } from "../messages/model.js";

export type Platform = "slack" | "teams" | "console";

export interface Actor {
  platform: Platform;
  /** Slack team id, Teams tenant id, "local" for the console. */
  tenantId: string;
  /** The platform's user id. */
  userId: string;
  /** The CRM user this person is (matched by email or linked by hand), when known. */
  crmUserId: string | null;
  email: string | null;
  displayName: string | null;
  /** May change configuration and post audits to a channel. */
  isAdmin: boolean;
}

export interface RequestContext {
  /** The workspace whose data this request may see; resolved by the platform layer from the tenant. */
  workspaceId: string;
  actor: Actor;
  /** Where the reply would be seen: a DM/ephemeral reply is "private", a channel post is "channel". */
  conversation: { id: string; kind: "personal" | "group" | "channel" };
  /**
   * Where this request can be answered from another instance (a queued job's result,
   * docs/jobs.md); absent where only this process can answer (the console).
   */
  replyAddress?: ReplyAddress;
}

/**
 * How the core answers. `reply` sends a new message; `update` replaces the last one sent
 * (progress → result). Platform layers implement it with response_url / chat.update,
 * updateActivity, or printing.
 */
export interface Responder {
  reply(message: Message): Promise<void>;
  update(message: Message): Promise<void>;
}

export interface CommandRequest extends RequestContext {
  /** The text after the command name, e.g. "run contact.stale --post". */
  text: string;
}

export interface ActionRequest extends RequestContext {
  actionId: string;
  value: string;
}

export interface FormSubmission extends RequestContext {
  formId: string;
  state: string | undefined;
  values: Record<string, string | number | undefined>;
}

/**
 * A form submission either succeeds (optionally with a message, or with the `next` form to show
 * in its place: a survey's next page) or returns per-input errors.
 */
export type FormResult = { ok: true; message?: Message; next?: Form } | { ok: false; errors: Record<string, string> };

/** What a chat user's platform profile tells us, used to find their CRM user by email. */
export interface PlatformProfile {
  platform: Platform;
  tenantId: string;
  userId: string;
  email: string | null;
  displayName: string | null;
  /** The platform says this person administers the workspace (Slack admin/owner). */
  platformAdmin: boolean;
  /** Other ids the platform knows this person by (Teams: AAD object id); admin ids may name any. */
  otherIds?: string[];
  /** The profile's IANA time zone (Slack `tz`, Teams `localTimezone`), when it says: reminders' default. */
  timeZone?: string | null;
}

/**
 * The whole surface the chat layers use. Implemented once in the core (createChatDispatcher);
 * Slack, Teams and the console each hold one and only translate in and render out.
 */
export interface ChatCore {
  /** The workspace bound to a platform tenant, created on first contact. */
  resolveWorkspace(platform: Platform, tenantId: string): Promise<string>;
  /** The actor for a chat user: CRM user matched by email or linked by hand, admin flag. */
  identify(profile: PlatformProfile): Promise<Actor>;
  handleCommand(request: CommandRequest, responder: Responder): Promise<void>;
  handleAction(request: ActionRequest, responder: Responder): Promise<void>;
  submitForm(submission: FormSubmission): Promise<FormResult>;
  /** The personal overview (Slack App Home, Teams personal tab/welcome card). */
  homeView(context: RequestContext): Promise<Message>;
}
