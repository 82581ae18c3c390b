/**
 * What the Teams endpoint refuses before any business logic runs: requests without a valid
 * token (401 before the body is even read), replies aimed at another host in the
 * unauthenticated local mode, and tenants this install does not serve. Real HTTP on 127.0.0.1,
 * the real chat core on a real SQLite file, a fake connector for Microsoft's side.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChatCore } from "../../src/chat-core.js";
import type { Database } from "../../src/db/database.js";
import type { Logger } from "../../src/logger.js";
import { createTeamsIntegration, type TeamsIntegration } from "../../src/teams/index.js";
import { createTestAuditService } from "../core/commands/test-audit.js";
import { seedWorkspace, T0 } from "../core/commands/seed.js";
import { freshDatabase } from "../helpers/db.js";
import { startFakeConnector, type FakeConnector } from "./fake-connector.js";
import { postActivity, serveRoutes, teamsActivity, type RunningServer } from "./harness.js";

const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
const logger: Logger = {
  debug() {},
  info() {},
  warn: (message, fields) => void warnings.push({ message, ...(fields ? { fields } : {}) }),
  error() {},
};

let db: Database;
let connector: FakeConnector;
let local: { teams: TeamsIntegration; server: RunningServer };
let secured: { teams: TeamsIntegration; server: RunningServer };

beforeAll(async () => {
  db = freshDatabase("teams-edge");
  connector = await startFakeConnector();
  seedWorkspace(db, "default", "a");
  const core = createChatCore({
    db,
    audit: createTestAuditService(db, T0),
    logger,
    adminUserIds: { slack: [], teams: [] },
    consoleWorkspaceId: "default",
    singleTenant: { teams: "tenant-1" },
    now: () => T0,
  });
  const start = async (config: Parameters<typeof createTeamsIntegration>[0]["config"]) => {
    const teams = await createTeamsIntegration({ config, core, db, logger });
    await teams.start();
    return { teams, server: await serveRoutes(teams.routes) };
  };
  local = await start({ TEAMS_ADMIN_USER_IDS: [] });
  secured = await start({
    MicrosoftAppId: "00000000-0000-0000-0000-000000000001",
    MicrosoftAppPassword: "secret",
    MicrosoftAppType: "SingleTenant",
    MicrosoftAppTenantId: "tenant-1",
    TEAMS_ADMIN_USER_IDS: [],
  });
});

afterAll(async () => {
  for (const running of [local, secured]) {
    await running?.teams.stop();
    await running?.server.close();
  }
  await connector.close();
  await db.close();
});

async function raw(url: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

describe("with an app id, the token is checked before the body", () => {
  it("answers 401, not 400 or 413, to malformed or oversized bodies without a valid token", async () => {
    const bodies: (string | Buffer)[] = ["{not json", "null", "[]", '{"type":42}', Buffer.alloc(2 * 1024 * 1024, 0x61)];
    for (const body of bodies) {
      expect(await raw(secured.server.url, body)).toBe(401);
      expect(await raw(secured.server.url, body, { authorization: "Bearer not-a-real-token" })).toBe(401);
    }
    expect(connector.received).toHaveLength(0);
  });
});

describe("without an app id (local mode)", () => {
  it("refuses an activity whose serviceUrl is not this machine, and nothing is sent anywhere", async () => {
    // 0.0.0.0 reaches this machine's fake connector, so even without the check nothing leaves it.
    const elsewhere = connector.url.replace("127.0.0.1", "0.0.0.0");
    for (const serviceUrl of [elsewhere, "not a url", undefined]) {
      const activity = teamsActivity({ serviceUrl: serviceUrl as string }, { type: "message", text: "overdue" });
      if (serviceUrl === undefined) delete activity.serviceUrl;
      const response = await postActivity(local.server.url, activity);
      expect(response.status).toBe(403);
      expect(String(response.body)).toContain("serviceUrl must be a loopback address");
    }
    expect(await db.prisma.conversationRef.count()).toBe(0);
    expect(connector.received).toHaveLength(0);
  });

  it("refuses a tenant it does not serve with one polite line (403 for a click), and serves its own", async () => {
    connector.received.length = 0;
    const foreign = { serviceUrl: connector.url, tenantId: "tenant-2", conversationId: "a:foreign" };
    const message = await postActivity(local.server.url, teamsActivity(foreign, { type: "message", text: "overdue" }));
    expect(message.status).toBe(200);
    await local.teams.idle();
    const sent = connector.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toContain("set up for another organisation");
    expect(JSON.stringify(sent)).not.toContain("example");
    const click = teamsActivity(foreign, {
      type: "invoke",
      name: "adaptiveCard/action",
      value: { action: { type: "Action.Execute", verb: "audit.run", data: { crmAuditValue: "{}" } } },
    });
    expect((await postActivity(local.server.url, click)).status).toBe(403);
    expect(await db.prisma.chatTenant.findMany({ where: { tenantId: "tenant-2" } })).toEqual([]);
    expect(warnings.filter((w) => w.fields?.tenantId === "tenant-2")).toHaveLength(2);

    const own = { serviceUrl: connector.url, tenantId: "tenant-1", conversationId: "a:own" };
    expect((await postActivity(local.server.url, teamsActivity(own, { type: "message", text: "help" }))).status).toBe(
      200,
    );
    await local.teams.idle();
    expect(connector.sent()).toHaveLength(2);
    expect(await db.prisma.chatTenant.findMany({ where: { tenantId: "tenant-1" } })).toMatchObject([
      { workspaceId: "default" },
    ]);
  });

  it("answers an invoke it does not handle with 400, not botbuilder's 501", async () => {
    const own = { serviceUrl: connector.url, tenantId: "tenant-1", conversationId: "a:own" };
    const invoke = teamsActivity(own, { type: "invoke", name: "composeExtension/query", value: {} });
    const response = await postActivity(local.server.url, invoke);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain("does not handle that kind of invoke");
  });

  it("answers 400 to an activity missing what every Teams activity has, before any handler runs", async () => {
    const own = { serviceUrl: connector.url, tenantId: "tenant-1", conversationId: "a:own" };
    const broken: Record<string, unknown>[] = [
      { from: null },
      { conversation: undefined },
      { recipient: 5 },
      { text: { html: true } },
      { entities: [{}] },
    ];
    for (const fields of broken) {
      const response = await postActivity(local.server.url, teamsActivity(own, { type: "message", ...fields }));
      expect([JSON.stringify(fields), response.status]).toEqual([JSON.stringify(fields), 400]);
    }
  });
});
