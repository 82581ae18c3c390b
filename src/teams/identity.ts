/**
 * Who sent an activity: the Teams tenant, the user's AAD object id, and (when Teams tells us)
 * their email/UPN, which the core uses to find the CRM user, and every id Teams knows them by,
 * which the core matches against TEAMS_ADMIN_USER_IDS (src/core/commands/identity.ts).
 */
import { TeamsInfo, type TurnContext, type TeamsChannelAccount } from "botbuilder";
import type { PlatformProfile } from "../core/commands/types.js";
import type { Logger } from "../logger.js";

/** Tenant of the activity; "local" when a local emulator sends none. */
export function tenantIdOf(context: TurnContext): string {
  const activity = context.activity;
  const channelTenant = (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  return activity.conversation?.tenantId ?? channelTenant ?? "local";
}

/**
 * The Teams user id ("29:…"), not the AAD object id: it is what mention entities carry, so
 * `overdue @someone` finds the identity stored for that person.
 */
export function userIdOf(context: TurnContext): string {
  const from = context.activity.from;
  return from?.id ?? from?.aadObjectId ?? "unknown";
}

const MEMBER_CACHE_MS = 10 * 60_000;

/**
 * Looks up members' emails once per ten minutes per user: each lookup is a connector request
 * that counts against the tenant's rate limit.
 */
export class MemberDirectory {
  private readonly cache = new Map<string, { at: number; member: TeamsChannelAccount | null }>();

  constructor(private readonly logger: Logger) {}

  async member(context: TurnContext): Promise<TeamsChannelAccount | null> {
    const from = context.activity.from;
    if (!from?.id || context.activity.channelId !== "msteams") return null;
    const key = `${tenantIdOf(context)}:${from.id}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < MEMBER_CACHE_MS) return hit.member;
    let member: TeamsChannelAccount | null = null;
    try {
      member = await TeamsInfo.getMember(context, from.id);
    } catch (error) {
      this.logger.debug("teams: member lookup failed; continuing without email", { error: String(error) });
    }
    if (this.cache.size > 5000) this.cache.clear();
    this.cache.set(key, { at: Date.now(), member });
    return member;
  }
}

// The lookahead rules out a second "@" before the domain is split at a dot, so the split does not
// rescan the rest for every dot (quadratic on a long value).
const EMAIL = /^[^\s@]+@(?=[^\s@]+$)[^\s@]+\.[^\s@]+$/;

export async function teamsProfile(context: TurnContext, directory: MemberDirectory): Promise<PlatformProfile> {
  const from = context.activity.from;
  const member = await directory.member(context);
  const candidates = [member?.email, member?.userPrincipalName].filter((v): v is string => !!v && EMAIL.test(v));
  const ids = [from?.aadObjectId, from?.id, member?.aadObjectId].filter((v): v is string => !!v);
  return {
    platform: "teams",
    tenantId: tenantIdOf(context),
    userId: userIdOf(context),
    email: candidates[0]?.toLowerCase() ?? null,
    displayName: member?.name ?? from?.name ?? null,
    // Teams has no admin role to report; configured ids may name any of these.
    platformAdmin: false,
    otherIds: ids,
    ...(context.activity.localTimezone ? { timeZone: context.activity.localTimezone } : {}),
  };
}
