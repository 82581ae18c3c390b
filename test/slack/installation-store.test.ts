import fs from "node:fs";
import type { Installation } from "@slack/bolt";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config.js";
import { slackInstallationRows } from "../../src/db/stores/slack-installations.js";
import { SlackInstallationStore } from "../../src/slack/installation-store.js";
import { freshDatabase } from "../helpers/db.js";
import { RecordingCore } from "./recording-core.js";

const db = freshDatabase("slack-install");
afterAll(() => db.close());

function installation(teamId: string, token: string): Installation<"v2", false> {
  return {
    team: { id: teamId, name: `Team ${teamId}` },
    enterprise: undefined,
    user: { id: "U1", token: `xoxp-user-of-${teamId}`, scopes: undefined },
    bot: { id: "B1", userId: "U_BOT", token, scopes: ["commands", "chat:write"] },
    tokenType: "bot",
    isEnterpriseInstall: false,
    appId: "A0CRMAUDIT",
    authVersion: "v2",
  };
}

describe("Slack installation store", () => {
  const key = Buffer.alloc(32, 1);
  const store = new SlackInstallationStore(slackInstallationRows(db), new RecordingCore(), key);

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

  it("stores no token in plain text: the row is AES-256-GCM ciphertext bound to its team", async () => {
    await store.storeInstallation(installation("T3", "xoxb-secret-3"));
    const row = db.sqlite.prepare(`SELECT data FROM slack_installations WHERE id = 'team:T3'`).get() as {
      data: string;
    };
    expect(row.data).toMatch(/^aes-256-gcm:[A-Za-z0-9+/=]+$/);
    expect(row.data).not.toContain("xoxb");
    expect(row.data).not.toContain("xoxp");
    const file = db.sqlite.prepare("PRAGMA database_list").get() as { file: string };
    db.sqlite.pragma("wal_checkpoint(TRUNCATE)");
    expect(fs.readFileSync(file.file).includes("xoxb-secret-3")).toBe(false);
    // Copied onto another team's row, the ciphertext does not open.
    db.sqlite.prepare(`UPDATE slack_installations SET data = ? WHERE id = 'team:T1'`).run(row.data);
    await expect(
      store.fetchInstallation({ teamId: "T1", isEnterpriseInstall: false, enterpriseId: undefined }),
    ).rejects.toThrow(/team:T1: CRM_AUDIT_SECRET_KEY does not decrypt/);
    await store.storeInstallation(installation("T1", "xoxb-1-reinstalled"));
  });

  it("with the wrong key, fails clearly: the start stops naming CRM_AUDIT_SECRET_KEY, a fetch says why", async () => {
    const wrong = new SlackInstallationStore(slackInstallationRows(db), new RecordingCore(), Buffer.alloc(32, 2));
    await expect(wrong.prepare()).rejects.toThrow(ConfigError);
    await expect(wrong.prepare()).rejects.toThrow(/^Configuration error: CRM_AUDIT_SECRET_KEY: does not decrypt/);
    await expect(
      wrong.fetchInstallation({ teamId: "T3", isEnterpriseInstall: false, enterpriseId: undefined }),
    ).rejects.toThrow(/CRM_AUDIT_SECRET_KEY does not decrypt/);
    await expect(store.prepare()).resolves.toBeUndefined();
  });

  it("encrypts installations an earlier version stored as plain JSON when it starts", async () => {
    const legacy = JSON.stringify(installation("T9", "xoxb-legacy-9"));
    await db.prisma.slackInstallation.create({ data: { id: "team:T9", workspaceId: "ws-T9", data: legacy } });
    await store.prepare();
    const row = await db.prisma.slackInstallation.findUniqueOrThrow({ where: { id: "team:T9" } });
    expect(row.data).not.toContain("xoxb-legacy-9");
    const t9 = await store.fetchInstallation({ teamId: "T9", isEnterpriseInstall: false, enterpriseId: undefined });
    expect(t9.bot?.token).toBe("xoxb-legacy-9");
  });
});
