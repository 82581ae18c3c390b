/**
 * Workspaces, the chat tenants bound to them and the chat users known in them, as the chat core
 * needs them. Implemented once under src/db/stores/workspaces.ts.
 */
import type { Platform } from "../commands/types.js";

export interface ChatIdentityKey {
  platform: Platform;
  tenantId: string;
  userId: string;
}

export interface ChatIdentityRecord extends ChatIdentityKey {
  workspaceId: string;
  /** The CRM user this person is: matched by email or linked by hand (`link`). */
  crmUserId: string | null;
  email: string | null;
  displayName: string | null;
  isAdmin: boolean;
  /** The platform profile's IANA zone (Slack `tz`, Teams `localTimezone`), when it says: reminders' default. */
  timeZone?: string | null;
}

export interface WorkspaceStore {
  /** Creates the workspace when it does not exist yet; an existing one is left as it is. */
  ensure(id: string, name: string): Promise<void>;
  /** The workspace a platform tenant is bound to, or null before its first contact. */
  tenantWorkspace(platform: Platform, tenantId: string): Promise<string | null>;
  /** Binds a tenant unless it already is; returns the binding that holds (the first one wins). */
  bindTenant(platform: Platform, tenantId: string, workspaceId: string): Promise<string>;
}

export interface ChatIdentityStore {
  get(key: ChatIdentityKey): Promise<ChatIdentityRecord | null>;
  save(record: ChatIdentityRecord): Promise<void>;
  /** Links a known chat user to a CRM user; false when that chat user is unknown in the workspace. */
  link(key: ChatIdentityKey, workspaceId: string, crmUserId: string): Promise<boolean>;
}
