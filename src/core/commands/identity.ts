/**
 * Which workspace a chat tenant sees and who a chat user is. A Slack team or Teams tenant
 * is bound to its own workspace on first contact (chat_tenants), so one organisation's data
 * is never shown to another; the local console is bound to the configured workspace.
 */
import type { Database } from "../../db/database.js";
import type { Actor, Platform, PlatformProfile } from "./types.js";

export interface IdentityOptions {
  /** The workspace the local console works on (CRM_AUDIT_WORKSPACE). */
  consoleWorkspaceId: string;
  /**
   * Platforms installed for a single organisation (Slack with a bot token from the environment,
   * a single-tenant Teams app): their first tenant shares the console's workspace, so the data
   * imported with the CLI is what that team sees. Any further tenant still gets its own.
   */
  singleTenant?: Partial<Record<"slack" | "teams", boolean>>;
  adminUserIds: { slack: string[]; teams: string[] };
}

/** "T0123ABC" on Slack → "slack-T0123ABC"; characters outside the workspace id alphabet become "_". */
export function workspaceIdForTenant(platform: Platform, tenantId: string): string {
  return `${platform}-${tenantId.replace(/[^A-Za-z0-9_.-]/g, "_")}`.slice(0, 64);
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
  const bound = await db.prisma.chatTenant.findUnique({ where: { platform_tenantId: { platform, tenantId } } });
  if (bound) return bound.workspaceId;
  const sharesPrimary =
    options.singleTenant?.[platform] === true &&
    !(await db.prisma.chatTenant.findFirst({ where: { platform, workspaceId: options.consoleWorkspaceId } }));
  const workspaceId = sharesPrimary ? options.consoleWorkspaceId : workspaceIdForTenant(platform, tenantId);
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
