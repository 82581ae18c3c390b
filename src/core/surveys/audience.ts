/**
 * `--to <audience>` and who it means at a round's start: the members of a channel (`here` or
 * `#<channel id>`), named chat users (`@U1,@U2`, Slack `<@U1>` mentions), CRM users with a role
 * (`role:<role>`) or team (`team:<team>`), or every active CRM user (`all`); CRM users are found
 * in chat by email (src/core/delivery.ts, ChatDirectory). Who could not be found is reported.
 */
import type { Platform } from "../commands/types.js";
import type { ChatDirectory } from "../delivery.js";
import type { Audience, Invitee, SurveyStore } from "../stores/surveys.js";

export class AudienceError extends Error {}

/** `conversationId` is where the command was typed (for `here`). */
export function parseAudience(text: string, conversationId: string): Audience {
  const t = text.trim();
  if (t === "all") return { kind: "all" };
  if (t === "here") return { kind: "channel", conversationId };
  const channel = /^(?:<#([A-Z0-9]+)(?:\|[^>]*)?>|#([A-Za-z0-9:@._-]+))$/.exec(t);
  if (channel) return { kind: "channel", conversationId: (channel[1] ?? channel[2])! };
  const prefixed = /^(role|team):(.+)$/i.exec(t);
  if (prefixed) {
    const value = prefixed[2]!.trim();
    if (!value) throw new AudienceError(`--to ${prefixed[1]}: needs a name, e.g. --to ${prefixed[1]}:sales`);
    return prefixed[1]!.toLowerCase() === "role" ? { kind: "role", role: value } : { kind: "team", team: value };
  }
  const users = t
    .split(",")
    .map((u) => u.trim())
    .filter(Boolean)
    .map((u) => /^<@([A-Za-z0-9_]+)(?:\|[^>]*)?>$/.exec(u)?.[1] ?? (u.startsWith("@") ? u.slice(1) : null));
  if (users.length && users.every((u): u is string => !!u && /^[A-Za-z0-9:._@-]{1,200}$/.test(u)))
    return { kind: "users", userIds: [...new Set(users)] };
  throw new AudienceError(
    `--to "${t.slice(0, 60)}": use here, #<channel>, @user[,@user…], role:<role>, team:<team> or all`,
  );
}

export function describeAudience(a: Audience): string {
  switch (a.kind) {
    case "channel":
      return `members of <#${a.conversationId}>`;
    case "users":
      return a.userIds.map((u) => `<@${u}>`).join(", ");
    case "role":
      return `CRM users with role "${a.role}"`;
    case "team":
      return `CRM users in team "${a.team}"`;
    case "all":
      return "all CRM users";
  }
}

export interface ResolvedAudience {
  invitees: Invitee[];
  /** Who could not be reached, and why (e.g. no chat user with that email). */
  missed: { who: string; reason: string }[];
}

export async function resolveAudience(
  deps: { stores: { surveys: Pick<SurveyStore, "crmUsers"> }; directory: ChatDirectory },
  workspaceId: string,
  platform: Platform,
  tenantId: string,
  audience: Audience,
): Promise<ResolvedAudience> {
  const missed: ResolvedAudience["missed"] = [];
  if (audience.kind === "users")
    return { invitees: audience.userIds.map((userId) => ({ platform, tenantId, userId, crmUserId: null })), missed };
  if (audience.kind === "channel") {
    const members = await deps.directory.members(platform, tenantId, audience.conversationId);
    if (!members.found)
      throw new AudienceError(`The members of <#${audience.conversationId}> could not be listed: ${members.reason}`);
    return { invitees: members.userIds.map((userId) => ({ platform, tenantId, userId, crmUserId: null })), missed };
  }
  const wanted = (await deps.stores.surveys.crmUsers(workspaceId)).filter(
    (u) =>
      u.active &&
      (audience.kind === "all" ||
        (audience.kind === "role" && u.role?.toLowerCase() === audience.role.toLowerCase()) ||
        (audience.kind === "team" && u.team?.toLowerCase() === audience.team.toLowerCase())),
  );
  const invitees: Invitee[] = [];
  const seen = new Set<string>();
  for (const user of wanted) {
    const match = await deps.directory.findByEmail(platform, tenantId, user.email);
    if (!match.found) {
      missed.push({ who: user.name, reason: match.reason });
      continue;
    }
    if (seen.has(match.userId)) continue;
    seen.add(match.userId);
    invitees.push({ platform, tenantId, userId: match.userId, crmUserId: user.id });
  }
  return { invitees, missed };
}
