/**
 * Multi-workspace installs (OAuth): Bolt's InstallationStore backed by the slack_installations
 * table, one row per workspace (or per Enterprise Grid org for org-wide installs), holding the
 * installation as Bolt gives it, bot and user tokens included, so it is stored encrypted
 * (AES-256-GCM with CRM_AUDIT_SECRET_KEY, the row id as associated data so a row cannot be
 * passed off as another team's). Each install is bound to its own CRM-audit workspace.
 */
import crypto from "node:crypto";
import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import { ConfigError } from "../config.js";
import type { ChatCore } from "../core/commands/types.js";
import type { SlackInstallationRows } from "../db/stores/slack-installations.js";

function installationId(query: { isEnterpriseInstall?: boolean; enterpriseId?: string; teamId?: string }): string {
  if (query.isEnterpriseInstall && query.enterpriseId) return `enterprise:${query.enterpriseId}`;
  if (query.teamId) return `team:${query.teamId}`;
  throw new Error("a Slack installation needs a team id or an enterprise id");
}

const SEALED = "aes-256-gcm:";

/** "aes-256-gcm:" + base64(12-byte IV, 16-byte tag, ciphertext). */
export function seal(key: Buffer, plaintext: string, associated: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv).setAAD(Buffer.from(associated, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return SEALED + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64");
}

/** The plaintext, or null when `sealed` was not sealed with this key and associated data. */
export function unseal(key: Buffer, sealed: string, associated: string): string | null {
  if (!sealed.startsWith(SEALED)) return null;
  const bytes = Buffer.from(sealed.slice(SEALED.length), "base64");
  try {
    const decipher = crypto
      .createDecipheriv("aes-256-gcm", key, bytes.subarray(0, 12))
      .setAAD(Buffer.from(associated, "utf8"))
      .setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

const WRONG_KEY = "does not decrypt the stored Slack installations: is it the key they were stored with?";

export class SlackInstallationStore implements InstallationStore {
  constructor(
    private readonly rows: SlackInstallationRows,
    private readonly core: ChatCore,
    private readonly key: Buffer,
  ) {}

  /**
   * Run at start: encrypts rows an earlier version stored as plain JSON, and stops the start
   * (one line naming the setting) when the key cannot read the rows already encrypted.
   */
  async prepare(): Promise<void> {
    for (const row of await this.rows.all()) {
      if (!row.data.startsWith(SEALED)) {
        await this.rows.setData(row.id, seal(this.key, row.data, row.id));
      } else if (unseal(this.key, row.data, row.id) === null) {
        throw new ConfigError("CRM_AUDIT_SECRET_KEY", WRONG_KEY);
      }
    }
  }

  async storeInstallation(installation: Installation): Promise<void> {
    const id = installationId({
      isEnterpriseInstall: installation.isEnterpriseInstall,
      enterpriseId: installation.enterprise?.id,
      teamId: installation.team?.id,
    });
    const tenant = installation.isEnterpriseInstall ? installation.enterprise!.id : installation.team!.id;
    const workspaceId = await this.core.resolveWorkspace("slack", tenant);
    const data = seal(this.key, JSON.stringify(installation), id);
    await this.rows.put({ id, workspaceId, data });
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    const id = installationId(query);
    const row = await this.rows.get(id);
    if (!row) throw new Error(`no Slack installation for ${id}`);
    const json = unseal(this.key, row.data, id);
    if (json === null) throw new Error(`the Slack installation ${id}: CRM_AUDIT_SECRET_KEY ${WRONG_KEY}`);
    return JSON.parse(json) as Installation;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.rows.delete(installationId(query));
  }
}
