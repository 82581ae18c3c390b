import type { Installation } from "@slack/bolt";
import { afterAll, describe, expect, it } from "vitest";
import { PrismaInstallationStore } from "../../src/slack/installation-store.js";
import { freshDatabase } from "../helpers/db.js";
import { RecordingCore } from "./recording-core.js";

const db = freshDatabase("slack-install");
afterAll(() => db.close());

function installation(teamId: string, token: string): Installation<"v2", false> {
  return {
    team: { id: teamId, name: `Team ${teamId}` },
    enterprise: undefined,
    user: { id: "U1", token: undefined, scopes: undefined },
    bot: { id: "B1", userId: "U_BOT", token, scopes: ["commands", "chat:write"] },
    tokenType: "bot",
    isEnterpriseInstall: false,
    appId: "A0CRMAUDIT",
    authVersion: "v2",
  };
}

describe("Slack installation store", () => {
  const store = new PrismaInstallationStore(db.prisma, new RecordingCore());

  it("keeps one installation per workspace, bound to that team's CRM-audit workspace", async () => {
    await store.storeInstallation(installation("T1", "xoxb-1"));
    await store.storeInstallation(installation("T2", "xoxb-2"));
    await store.storeInstallation(installation("T1", "xoxb-1-reinstalled"));
    const t1 = await store.fetchInstallation({ teamId: "T1", isEnterpriseInstall: false, enterpriseId: undefined });
    expect(t1.bot?.token).toBe("xoxb-1-reinstalled");
    const rows = await db.prisma.slackInstallation.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.id, r.workspaceId])).toEqual([
      ["team:T1", "ws-T1"],
      ["team:T2", "ws-T2"],
    ]);
  });

  it("forgets an uninstalled workspace", async () => {
    await store.deleteInstallation({ teamId: "T2", isEnterpriseInstall: false, enterpriseId: undefined });
    await expect(
      store.fetchInstallation({ teamId: "T2", isEnterpriseInstall: false, enterpriseId: undefined }),
    ).rejects.toThrow(/no Slack installation/);
  });
});
