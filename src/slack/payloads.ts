/**
 * The shapes of the Slack requests the bot handles, parsed once at the edge with zod. Each
 * schema names only the fields our listeners (and Bolt's routing and authorization) read, and
 * drops everything else: what reaches Bolt is exactly what was validated here. Payload types
 * Slack may send but the bot has no use for are recognised and politely ignored.
 */
import { z } from "zod";
import { FORM_CALLBACK_ID } from "./render/action-ids.js";

/**
 * Text as JavaScript can store and send it: no lone UTF-16 surrogates (JSON allows them as
 * escapes; a database or a re-encoding would mangle them). Limits are Slack's where it documents
 * them (action value 2000, option value 150, private_metadata 3000, …), generous elsewhere.
 */
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !/\p{Cs}/u.test(s), "not well-formed text");
/** Opaque ids Slack hands out (trigger_id, event_id, action_id, callback_id). */
const id = text(255).min(1);
/**
 * Team, enterprise, user, channel and app ids: upper-case letters, digits and "_" (T0123ABC,
 * U_BOT), so never "toString" or "__proto__": Bolt keeps its clients in a plain object keyed by team id.
 */
const slackId = z.string().regex(/^[A-Z][A-Z0-9_]{0,254}$/, "not a Slack id");
const url = text(3000).min(1);
const team = z.object({ id: slackId, enterprise_id: slackId.optional() });
const user = z.object({ id: slackId, team_id: slackId.optional() });
const enterprise = z.object({ id: slackId }).nullable().optional();
const option = z
  .object({ value: text(150) })
  .nullable()
  .optional();

const SlashCommandSchema = z.object({
  command: text(100).min(1),
  team_id: slackId,
  user_id: slackId,
  channel_id: slackId,
  channel_name: text(255).optional(),
  text: text(40_000).default(""),
  response_url: url,
  trigger_id: id,
  api_app_id: slackId.optional(),
  enterprise_id: slackId.optional(),
  is_enterprise_install: z.enum(["true", "false"]).optional(),
});

const UrlVerificationSchema = z.object({ type: z.literal("url_verification"), challenge: text(500).min(1) });

const EventEnvelopeSchema = z.object({
  type: z.literal("event_callback"),
  team_id: slackId,
  api_app_id: slackId.optional(),
  enterprise_id: slackId.nullable().optional(),
  event_id: id,
  event_time: z.number().optional(),
  authorizations: z
    .array(
      z.object({
        team_id: slackId.nullable(),
        enterprise_id: slackId.nullable().optional(),
        user_id: slackId.optional(),
        is_bot: z.boolean().optional(),
        is_enterprise_install: z.boolean().optional(),
      }),
    )
    .max(10)
    .optional(),
  event: z.object({ type: text(100).min(1) }).loose(),
});

/** The only event the bot subscribes to (see the manifests). */
const AppHomeOpenedSchema = z.object({
  type: z.literal("app_home_opened"),
  user: slackId,
  channel: slackId.optional(),
  tab: text(50),
  event_ts: text(50).optional(),
});

const interaction = {
  team: team.nullable().optional(),
  user,
  enterprise,
  api_app_id: slackId.optional(),
  is_enterprise_install: z.boolean().optional(),
};

/** Bolt takes the team from `team.id`, or from `user.team_id` when the team is null (org-wide apps). */
const hasTeam = (b: { team?: { id: string } | null | undefined; user: { team_id?: string | undefined } }) =>
  Boolean(b.team?.id ?? b.user.team_id);

const BlockActionsSchema = z
  .object({
    type: z.literal("block_actions"),
    ...interaction,
    trigger_id: id,
    response_url: url.optional(),
    channel: z.object({ id: slackId, name: text(255).optional() }).optional(),
    actions: z
      .array(
        z.object({
          type: text(50).min(1),
          action_id: id,
          block_id: text(255).optional(),
          value: text(2000).optional(),
          selected_option: option,
          action_ts: text(50).optional(),
        }),
      )
      .min(1)
      .max(25),
  })
  .refine(hasTeam, { message: "no team", path: ["team"] });

const InputStateSchema = z.object({
  type: text(50),
  value: text(3000).nullable().optional(),
  selected_option: option,
});

const ViewSubmissionSchema = z
  .object({
    type: z.literal("view_submission"),
    ...interaction,
    trigger_id: id.optional(),
    view: z.object({
      id: id.optional(),
      type: z.literal("modal"),
      callback_id: text(255),
      private_metadata: text(3000),
      title: z.object({ text: text(150) }),
      state: z.object({ values: z.record(id, z.record(id, InputStateSchema)) }),
      app_installed_team_id: slackId.optional(),
    }),
  })
  .refine(hasTeam, { message: "no team", path: ["team"] });

/** Payload types Slack sends to the same endpoint that the bot does not use: acknowledged, nothing runs. */
const IGNORED_TYPES = new Set([
  "app_rate_limited",
  "block_suggestion",
  "dialog_cancellation",
  "dialog_submission",
  "dialog_suggestion",
  "interactive_message",
  "message_action",
  "shortcut",
  "view_closed",
  "workflow_step_edit",
]);

export type Admission =
  /** Nonsense: a 400 with a short reason. */
  | { kind: "invalid"; reason: string }
  /** Known but of no use to the bot: 200, nothing runs. */
  | { kind: "ignore"; reason: string }
  /** Answered by the edge itself (URL verification). */
  | { kind: "answer"; body: Record<string, unknown> }
  /** Valid and handled by a listener: the validated body, and nothing else, goes to Bolt. */
  | { kind: "bolt"; body: Record<string, unknown> };

function invalid(what: string, error: z.ZodError): Admission {
  const issue = error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  return { kind: "invalid", reason: `invalid ${what}: ${where}${issue?.message ?? "malformed"}`.slice(0, 200) };
}

function parseWith<T extends Record<string, unknown>>(
  schema: z.ZodType<T>,
  value: unknown,
  what: string,
): { ok: true; data: T } | { ok: false; admission: Admission } {
  const result = schema.safeParse(value);
  return result.success ? { ok: true, data: result.data } : { ok: false, admission: invalid(what, result.error) };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A slash command's form fields (already decoded). `command` is the one the manifest registers. */
export function admitSlashCommand(fields: Record<string, string>, command: string): Admission {
  const parsed = parseWith(SlashCommandSchema, fields, "slash command");
  if (!parsed.ok) return parsed.admission;
  if (parsed.data.command !== command) return { kind: "ignore", reason: `not our command (${parsed.data.command})` };
  return { kind: "bolt", body: parsed.data };
}

/** A JSON body, or the `payload` field of an interactivity request. */
export function admitPayload(payload: unknown): Admission {
  if (!isObject(payload)) return { kind: "invalid", reason: "the payload is not a JSON object" };
  const type = payload.type;
  if (typeof type !== "string") return { kind: "invalid", reason: "the payload has no type" };
  switch (type) {
    case "url_verification": {
      const parsed = parseWith(UrlVerificationSchema, payload, "url_verification");
      return parsed.ok ? { kind: "answer", body: { challenge: parsed.data.challenge } } : parsed.admission;
    }
    case "event_callback": {
      const envelope = parseWith(EventEnvelopeSchema, payload, "event_callback");
      if (!envelope.ok) return envelope.admission;
      if (envelope.data.event.type !== "app_home_opened")
        return { kind: "ignore", reason: `event ${envelope.data.event.type.slice(0, 100)} not subscribed` };
      const event = parseWith(AppHomeOpenedSchema, envelope.data.event, "app_home_opened event");
      return event.ok ? { kind: "bolt", body: { ...envelope.data, event: event.data } } : event.admission;
    }
    case "block_actions": {
      const parsed = parseWith(BlockActionsSchema, payload, "block_actions");
      return parsed.ok ? { kind: "bolt", body: parsed.data } : parsed.admission;
    }
    case "view_submission": {
      const parsed = parseWith(ViewSubmissionSchema, payload, "view_submission");
      if (!parsed.ok) return parsed.admission;
      // Only the modals that carry a core form are submitted to the bot (result modals have no submit).
      if (parsed.data.view.callback_id !== FORM_CALLBACK_ID) return { kind: "ignore", reason: "not one of our forms" };
      return { kind: "bolt", body: parsed.data };
    }
    default:
      return IGNORED_TYPES.has(type)
        ? { kind: "ignore", reason: `${type} is not used` }
        : { kind: "invalid", reason: `unknown payload type ${JSON.stringify(type.slice(0, 50))}` };
  }
}
