/**
 * Which workspace a chat tenant sees and who a chat user is. A Slack team or Teams tenant
 * is bound to its own workspace on first contact (chat_tenants), so one organisation's data
 * is never shown to another; the local console is bound to the configured workspace.
 */
import crypto from "node:crypto";
import { canonicalTimeZone } from "../time-zone.js";
import type { ChatIdentityRecord, ChatIdentityStore, WorkspaceStore } from "../stores/workspaces.js";
import type { Actor, Platform, PlatformProfile } from "./types.js";

/** What identity needs to read and write. */
export interface IdentityStores {
  workspaces: WorkspaceStore;
  identities: ChatIdentityStore;
  people: { find(workspaceId: string, idOrEmail: string): Promise<{ id: string; active: boolean } | null> };
}

/**
 * The one tenant each single-organisation platform serves (Slack with a bot token from the
 * environment: the token's team; Teams: the configured tenant). Read on every request, so the
 * app can fill Slack's in once auth.test has named the team, before the server listens.
 */
export type SingleTenants = Partial<Record<"slack" | "teams", string>>;

export interface IdentityOptions {
  /** The workspace the local console works on (CRM_AUDIT_WORKSPACE). */
  consoleWorkspaceId: string;
  /**
   * Platforms installed for a single organisation: only their tenant may see a workspace (the
   * console's, so the data imported with the CLI is what that team sees); any other tenant of
   * that platform is refused. Platforms not listed bind each tenant to its own workspace.
   */
  singleTenant?: SingleTenants;
  adminUserIds: { slack: string[]; teams: string[] };
}

/** A request from a team or tenant this install does not serve; its message may be shown to them. */
export class TenantNotServedError extends Error {
  constructor(
    readonly platform: Platform,
    readonly tenantId: string,
  ) {
    super("This bot is set up for another organisation, so it cannot answer here. Ask your administrator.");
    this.name = "TenantNotServedError";
  }
}

const WORKSPACE_ID_MAX = 64;

/**
 * "T0123ABC" on Slack → "slack-T0123ABC". One tenant id, one workspace id, never shared:
 * characters outside [A-Za-z0-9.-] (and "_" itself) become "_" plus their UTF-8 bytes in hex,
 * which can be read back; an id too long for that gets "<platform>_<sha-256>" instead, a form
 * the readable one never takes (it always has "-" after the platform).
 */
export function workspaceIdForTenant(platform: Platform, tenantId: string): string {
  const escaped = Array.from(Buffer.from(tenantId, "utf8"))
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return /[A-Za-z0-9.-]/.test(char) ? char : `_${byte.toString(16).padStart(2, "0").toUpperCase()}`;
    })
    .join("");
  const readable = `${platform}-${escaped}`;
  if (readable.length <= WORKSPACE_ID_MAX) return readable;
  const hash = crypto.createHash("sha256").update(tenantId, "utf8").digest("hex");
  return `${platform}_${hash}`.slice(0, WORKSPACE_ID_MAX);
}

export async function resolveWorkspace(
  stores: IdentityStores,
  options: IdentityOptions,
  platform: Platform,
  tenantId: string,
): Promise<string> {
  if (platform === "console") {
    // The console always works on the configured workspace, whatever an earlier start used.
    const id = options.consoleWorkspaceId;
    await stores.workspaces.ensure(id, id);
    return id;
  }
  const served = options.singleTenant?.[platform];
  // Checked before any stored binding: a tenant bound by an earlier, more trusting version stays out.
  if (served !== undefined && tenantId !== served) throw new TenantNotServedError(platform, tenantId);
  const bound = await stores.workspaces.tenantWorkspace(platform, tenantId);
  if (bound) return bound;
  const workspaceId = served !== undefined ? options.consoleWorkspaceId : workspaceIdForTenant(platform, tenantId);
  await stores.workspaces.ensure(workspaceId, `${platform} ${tenantId}`);
  return stores.workspaces.bindTenant(platform, tenantId, workspaceId);
}

/**
 * The one admin rule: the console's user (the operator's own terminal), whoever the platform
 * says administers the workspace (Slack admins and owners), and the ids configured for the
 * platform (SLACK_ADMIN_USER_IDS, TEAMS_ADMIN_USER_IDS), matched against every id the platform
 * knows the person by.
 */
export function isAdmin(options: Pick<IdentityOptions, "adminUserIds">, profile: PlatformProfile): boolean {
  if (profile.platform === "console" || profile.platformAdmin) return true;
  const configured = options.adminUserIds[profile.platform];
  return [profile.userId, ...(profile.otherIds ?? [])].some((id) => configured.includes(id));
}

function sameIdentity(a: ChatIdentityRecord, b: ChatIdentityRecord): boolean {
  return (
    a.workspaceId === b.workspaceId &&
    a.crmUserId === b.crmUserId &&
    a.email === b.email &&
    a.displayName === b.displayName &&
    a.isAdmin === b.isAdmin &&
    (a.timeZone ?? null) === (b.timeZone ?? null)
  );
}

export async function identify(
  stores: IdentityStores,
  options: IdentityOptions,
  profile: PlatformProfile,
): Promise<Actor> {
  const workspaceId = await resolveWorkspace(stores, options, profile.platform, profile.tenantId);
  const key = { platform: profile.platform, tenantId: profile.tenantId, userId: profile.userId };
  const existing = await stores.identities.get(key);
  // A match by email wins (an active user first); otherwise keep a link made by hand (`link`).
  const byEmail = profile.email ? await stores.people.find(workspaceId, profile.email) : null;
  const linked = existing?.workspaceId === workspaceId ? existing.crmUserId : null;
  const crmUserId = byEmail?.id ?? linked ?? null;
  const admin = isAdmin(options, profile);
  const record: ChatIdentityRecord = {
    ...key,
    workspaceId,
    crmUserId,
    email: profile.email,
    displayName: profile.displayName,
    isAdmin: admin,
    // A profile that does not say keeps what an earlier request said.
    timeZone: (profile.timeZone ? canonicalTimeZone(profile.timeZone) : null) ?? existing?.timeZone ?? null,
  };
  // Every command identifies its sender; a write only when something changed keeps the
  // common case to two indexed reads.
  if (!existing || !sameIdentity(existing, record)) await stores.identities.save(record);
  return {
    platform: profile.platform,
    tenantId: profile.tenantId,
    userId: profile.userId,
    crmUserId,
    email: profile.email,
    displayName: profile.displayName,
    isAdmin: admin,
  };
}

/** A chat user mentioned in a command (<@U123>) → their CRM user id, when known in this workspace. */
export async function crmUserIdOfChatUser(
  stores: IdentityStores,
  workspaceId: string,
  platform: Platform,
  tenantId: string,
  userId: string,
): Promise<string | null> {
  const identity = await stores.identities.get({ platform, tenantId, userId });
  return identity && identity.workspaceId === workspaceId ? identity.crmUserId : null;
}
