/**
 * Multi-workspace installs (OAuth): Bolt's InstallationStore backed by the slack_installations
 * table, one row per workspace (or per Enterprise Grid org for org-wide installs), holding the
 * installation as Bolt gives it. Each install is bound to its own CRM-audit workspace.
 */
import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import type { ChatCore } from "../core/commands/types.js";
import type { PrismaClient } from "../generated/prisma/client.js";

function installationId(query: { isEnterpriseInstall?: boolean; enterpriseId?: string; teamId?: string }): string {
  if (query.isEnterpriseInstall && query.enterpriseId) return `enterprise:${query.enterpriseId}`;
  if (query.teamId) return `team:${query.teamId}`;
  throw new Error("a Slack installation needs a team id or an enterprise id");
}

export class PrismaInstallationStore implements InstallationStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly core: ChatCore,
  ) {}

  async storeInstallation(installation: Installation): Promise<void> {
    const id = installationId({
      isEnterpriseInstall: installation.isEnterpriseInstall,
      enterpriseId: installation.enterprise?.id,
      teamId: installation.team?.id,
    });
    const tenant = installation.isEnterpriseInstall ? installation.enterprise!.id : installation.team!.id;
    const workspaceId = await this.core.resolveWorkspace("slack", tenant);
    const data = JSON.stringify(installation);
    await this.prisma.slackInstallation.upsert({
      where: { id },
      create: { id, workspaceId, data },
      update: { workspaceId, data, installedAt: new Date() },
    });
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    const id = installationId(query);
    const row = await this.prisma.slackInstallation.findUnique({ where: { id } });
    if (!row) throw new Error(`no Slack installation for ${id}`);
    return JSON.parse(row.data) as Installation;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.prisma.slackInstallation.deleteMany({ where: { id: installationId(query) } });
  }
}
