/**
 * Which workspace a chat tenant sees and who a chat user is. A Slack team or Teams tenant
 * is bound to its own workspace on first contact (chat_tenants), so one organisation's data
 * is never shown to another; the local console is bound to the configured workspace.
 */
import crypto from "node:crypto";
import type { Database } from "../../db/database.js";
import type { Actor, Platform, PlatformProfile } from "./types.js";

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
  db: Database,
  options: IdentityOptions,
  platform: Platform,
  tenantId: string,
): Promise<string> {
  if (platform === "console") {
    // The console always works on the configured workspace, whatever an earlier start used.
    const id = options.consoleWorkspaceId;
    await db.prisma.workspace.upsert({ where: { id }, create: { id, name: id }, update: {} });
    return id;
  }
  const served = options.singleTenant?.[platform];
  // Checked before any stored binding: a tenant bound by an earlier, more trusting version stays out.
  if (served !== undefined && tenantId !== served) throw new TenantNotServedError(platform, tenantId);
  const bound = await db.prisma.chatTenant.findUnique({ where: { platform_tenantId: { platform, tenantId } } });
  if (bound) return bound.workspaceId;
  const workspaceId = served !== undefined ? options.consoleWorkspaceId : workspaceIdForTenant(platform, tenantId);
  const name = `${platform} ${tenantId}`;
  // Two first requests from a new tenant may race: both upserts are idempotent and the binding
  // row's primary key keeps a single workspace per tenant.
  await db.prisma.workspace.upsert({ where: { id: workspaceId }, create: { id: workspaceId, name }, update: {} });
  const binding = await db.prisma.chatTenant.upsert({
    where: { platform_tenantId: { platform, tenantId } },
    create: { platform, tenantId, workspaceId },
    update: {},
  });
  return binding.workspaceId;
}

/** The active CRM user whose email matches, ignoring case (emails are not case-sensitive in practice). */
export function findCrmUserIdByEmail(db: Database, workspaceId: string, email: string): string | null {
  const row = db.sqlite
    .prepare(
      `SELECT id FROM crm_users WHERE workspaceId = ? AND lower(email) = lower(?) ORDER BY active DESC, id LIMIT 1`,
    )
    .get(workspaceId, email.trim()) as { id: string } | undefined;
  return row?.id ?? null;
}

export async function identify(db: Database, options: IdentityOptions, profile: PlatformProfile): Promise<Actor> {
  const workspaceId = await resolveWorkspace(db, options, profile.platform, profile.tenantId);
  const key = { platform: profile.platform, tenantId: profile.tenantId, userId: profile.userId };
  const existing = await db.prisma.chatIdentity.findUnique({ where: { platform_tenantId_userId: key } });
  // A match by email wins; otherwise keep a link made by hand earlier (e.g. Teams' link command).
  const crmUserId =
    (profile.email ? findCrmUserIdByEmail(db, workspaceId, profile.email) : null) ?? existing?.crmUserId ?? null;
  const isAdmin =
    profile.platform === "console" || // the local console is the operator's own terminal
    profile.platformAdmin ||
    (profile.platform === "slack" && options.adminUserIds.slack.includes(profile.userId)) ||
    (profile.platform === "teams" && options.adminUserIds.teams.includes(profile.userId));
  const fields = { workspaceId, crmUserId, email: profile.email, displayName: profile.displayName, isAdmin };
  await db.prisma.chatIdentity.upsert({
    where: { platform_tenantId_userId: key },
    create: { ...key, ...fields },
    update: fields,
  });
  return {
    platform: profile.platform,
    tenantId: profile.tenantId,
    userId: profile.userId,
    crmUserId,
    email: profile.email,
    displayName: profile.displayName,
    isAdmin,
  };
}

/** A chat user mentioned in a command (<@U123>) → their CRM user id, when known. */
export async function crmUserIdOfChatUser(
  db: Database,
  workspaceId: string,
  platform: Platform,
  tenantId: string,
  userId: string,
): Promise<string | null> {
  const identity = await db.prisma.chatIdentity.findUnique({
    where: { platform_tenantId_userId: { platform, tenantId, userId } },
  });
  return identity && identity.workspaceId === workspaceId ? identity.crmUserId : null;
}
