/**
 * Who is asking: the Slack profile (email for matching a CRM user, admin/owner flag) from
 * users.info, cached per user for a while because every command and click needs it and
 * users.info is rate limited; then the core decides the actor and its permissions.
 */
import type { webApi } from "@slack/bolt";

type WebClient = webApi.WebClient;
import type { Actor, ChatCore, PlatformProfile, RequestContext } from "../core/commands/types.js";
import type { Logger } from "../logger.js";

export interface IdentityOptions {
  core: ChatCore;
  logger: Logger;
  ttlMs?: number;
}

interface CachedProfile {
  /** In flight or done: concurrent requests from one person share one users.info call. */
  profile: Promise<PlatformProfile>;
  expiresAt: number;
}

export class SlackIdentities {
  private readonly cache = new Map<string, CachedProfile>();
  /** A team's workspace binding never changes once made, so it is asked for once per team. */
  private readonly workspaces = new Map<string, Promise<string>>();
  private readonly ttlMs: number;

  constructor(private readonly options: IdentityOptions) {
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
  }

  profile(client: WebClient, teamId: string, userId: string): Promise<PlatformProfile> {
    const key = `${teamId}:${userId}`;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.profile;
    if (this.cache.size > 10_000) this.evictExpired();
    const entry: CachedProfile = {
      profile: this.fetchProfile(client, teamId, userId, key),
      expiresAt: Date.now() + this.ttlMs,
    };
    this.cache.set(key, entry);
    return entry.profile;
  }

  private async fetchProfile(client: WebClient, teamId: string, userId: string, key: string): Promise<PlatformProfile> {
    const profile: PlatformProfile = {
      platform: "slack",
      tenantId: teamId,
      userId,
      email: null,
      displayName: null,
      // What Slack says; SLACK_ADMIN_USER_IDS are added by the core (src/core/commands/identity.ts).
      platformAdmin: false,
    };
    try {
      const { user } = await client.users.info({ user: userId });
      return {
        ...profile,
        email: user?.profile?.email ?? null,
        displayName: user?.profile?.display_name || user?.real_name || user?.name || null,
        platformAdmin: Boolean(user?.is_admin) || Boolean(user?.is_owner),
        ...(user?.tz ? { timeZone: user.tz } : {}),
      };
    } catch (error) {
      // Without the profile the person is still known by id; only email matching is lost. Not cached.
      this.cache.delete(key);
      this.options.logger.warn("slack users.info failed", { teamId, userId, error: String(error) });
      return profile;
    }
  }

  async actor(client: WebClient, teamId: string, userId: string): Promise<Actor> {
    return this.options.core.identify(await this.profile(client, teamId, userId));
  }

  /** The core's view of a request: workspace bound to the team, actor, where the answer shows. */
  async context(
    client: WebClient,
    teamId: string,
    userId: string,
    channelId: string,
    channelName?: string,
  ): Promise<RequestContext> {
    const [workspaceId, actor] = await Promise.all([this.workspace(teamId), this.actor(client, teamId, userId)]);
    return { workspaceId, actor, conversation: { id: channelId, kind: conversationKind(channelId, channelName) } };
  }

  workspace(teamId: string): Promise<string> {
    let workspace = this.workspaces.get(teamId);
    if (!workspace) {
      workspace = this.options.core.resolveWorkspace("slack", teamId);
      // A failed lookup is asked again next time rather than remembered.
      workspace.catch(() => this.workspaces.delete(teamId));
      this.workspaces.set(teamId, workspace);
    }
    return workspace;
  }

  private evictExpired(): void {
    const now = Date.now();
    for (const [key, entry] of this.cache) if (entry.expiresAt <= now) this.cache.delete(key);
  }
}

/** D… is a direct message with the app, an mpdm is a group DM, anything else a channel. */
export function conversationKind(channelId: string, channelName?: string): RequestContext["conversation"]["kind"] {
  if (channelId.startsWith("D") || channelName === "directmessage") return "personal";
  if (channelName?.startsWith("mpdm-")) return "group";
  return "channel";
}
