/**
 * Every /crm-audit subcommand typed in Teams, answered by the real chat core (createChatCore)
 * over the Teams layer: activities posted to /api/messages, replies captured on the fake
 * connector, every card checked with the adaptivecards parser. The audit engine is the core's
 * small test AuditService (test/core/commands/test-audit.ts) over a seeded CRM copy.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createChatCore } from "../../src/chat-core.js";
import type { ChatCore } from "../../src/core/commands/types.js";
import type { AnyDatabase } from "../../src/db/database.js";
import { silentLogger } from "../../src/logger.js";
import { createTeamsIntegration, type TeamsIntegration } from "../../src/teams/index.js";
import { seedWorkspace, T0 } from "../core/commands/seed.js";
import { createTestAuditService, TEST_CHECKS } from "../core/commands/test-audit.js";
import { describeEachProvider, migratedDatabase, type Provider, type TestDatabase } from "../helpers/providers.js";
import { startFakeConnector, type FakeConnector, type ReceivedCall } from "./fake-connector.js";
import { postActivity, serveRoutes, teamsActivity, type RunningServer } from "./harness.js";
import { cardProblems } from "./validate-card.js";

let db: AnyDatabase;
let database: TestDatabase | undefined;
let connector: FakeConnector;
let core: ChatCore;
let teams: TeamsIntegration;
let server: RunningServer;
let repEmail: string;

async function setUp(provider: Provider) {
  database = await migratedDatabase(provider, "teams-commands");
  db = database.db;
  connector = await startFakeConnector();
  core = createChatCore({
    db,
    audit: createTestAuditService(db, T0),
    logger: silentLogger,
    adminUserIds: { slack: [], teams: ["29:user-boss"] },
    checks: TEST_CHECKS,
    now: () => T0,
  });
  // The tenant's workspace as the core binds it, filled with a small CRM copy.
  const workspaceId = await core.resolveWorkspace("teams", "tenant-1");
  repEmail = seedWorkspace(db, workspaceId, "t").repEmail;
  connector.members.set("29:user-rep", { id: "29:user-rep", name: "Rep", userPrincipalName: repEmail });
  connector.members.set("29:user-boss", { id: "29:user-boss", name: "Boss", email: "t.boss@example.com" });
  teams = await createTeamsIntegration({
    config: { TEAMS_ADMIN_USER_IDS: [] },
    core,
    db,
    logger: silentLogger,
  });
  server = await serveRoutes(teams.routes);
}

async function tearDown() {
  await teams.stop();
  await server.close();
  await connector.close();
  await database?.close();
  database = undefined;
}

/** Sends a message as `fromId`; resolves to what the bot sent back for it. */
async function say(text: string, fromId = "29:user-rep"): Promise<ReceivedCall[]> {
  connector.received.length = 0;
  const activity = teamsActivity(
    { serviceUrl: connector.url, fromId, aadObjectId: `aad-${fromId}` },
    { type: "message", text },
  );
  expect((await postActivity(server.url, activity)).status).toBe(200);
  await teams.idle();
  return [...connector.received];
}

function card(call: ReceivedCall | undefined): Record<string, unknown> {
  const attachments = call?.body.attachments as { content: Record<string, unknown> }[] | undefined;
  const content = attachments?.[0]?.content;
  expect(content, JSON.stringify(call)).toBeDefined();
  expect(cardProblems(content)).toEqual([]);
  return content!;
}

const text = (value: unknown) => JSON.stringify(value);

describeEachProvider("Teams commands on the real chat core", (provider) => {
  beforeAll(() => setUp(provider));
  afterAll(tearDown);

  it("help lists the subcommands", async () => {
    const [reply] = await say("crm-audit help");
    const json = text(card(reply));
    for (const sub of ["run", "status", "findings", "overdue", "history", "config"]) expect(json).toContain(sub);
  });

  it("status before any audit says so", async () => {
    const [reply] = await say("status");
    expect(text(card(reply))).toMatch(/No audit/);
  });

  it("run posts progress, then updates the same card with the result", async () => {
    const calls = await say("/crm-audit run");
    const posted = calls.find((c) => c.method === "POST");
    const updated = calls.find((c) => c.method === "PUT");
    expect(text(card(posted))).toContain("Running the CRM audit");
    expect(updated?.activityId).toBe(posted?.activityId);
    // Test audit: two findings of one record each → 100 - 2×5.
    expect(text(card(updated))).toContain("90");
  });

  it("status shows the latest score", async () => {
    const [reply] = await say("<at>CRM Audit</at> status");
    const json = text(card(reply));
    expect(json).toContain("90");
    expect(json).toContain("Overdue tasks");
  });

  it("findings <check> lists the affected records", async () => {
    const [reply] = await say("findings contact.missing-email-and-phone");
    expect(text(card(reply))).toContain("Bob");
  });

  it("overdue shows the asker's own overdue work (matched by UPN email)", async () => {
    const [reply] = await say("overdue");
    const json = text(card(reply));
    expect(json).not.toContain("not linked");
    expect(json).toMatch(/overdue/i);
  });

  it("reminders shows the zone Teams gives (activity localTimezone) as the default", async () => {
    connector.received.length = 0;
    const activity = teamsActivity(
      { serviceUrl: connector.url, fromId: "29:user-rep", aadObjectId: "aad-29:user-rep" },
      { type: "message", text: "reminders", localTimezone: "Europe/Lisbon" },
    );
    expect((await postActivity(server.url, activity)).status).toBe(200);
    await teams.idle();
    expect(text(card(connector.received[0]))).toContain("Europe/Lisbon (from your chat profile)");
  });

  it("history lists past runs", async () => {
    const [reply] = await say("history");
    expect(text(card(reply))).toContain("Audit history");
  });

  it("config shows settings; an admin gets a form to change them", async () => {
    const [forRep] = await say("config");
    expect(text(card(forRep))).toContain("task.overdue");
    const [forAdmin] = await say("config", "29:user-boss");
    expect(text(card(forAdmin))).toContain("Input.");
  });

  it("an unknown subcommand answers with usage", async () => {
    const [reply] = await say("crm-audit frobnicate");
    expect(text(card(reply))).toMatch(/help|Usage|usage/);
  });

  it("a card's Run button (Action.Execute) posts progress and turns it into the result", async () => {
    connector.received.length = 0;
    const response = await postActivity(server.url, invoke("audit.run", "{}"));
    expect((response.body as { statusCode: number }).statusCode).toBe(200);
    const posted = connector.received.find((c) => c.method === "POST");
    const updated = connector.received.find((c) => c.method === "PUT");
    expect(text(card(posted))).toContain("Running the CRM audit");
    expect(updated?.activityId).toBe(posted?.activityId);
    expect(text(card(updated))).toContain("CRM health score");
  });

  it("a paging button (Action.Execute) updates the clicked card in place through the invoke response", async () => {
    connector.received.length = 0;
    const value = JSON.stringify({ runId: 1, checkId: "task.overdue", page: 1 });
    const response = await postActivity(server.url, invoke("findings.records", value));
    const body = response.body as { statusCode: number; type: string; value: unknown };
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(cardProblems(body.value)).toEqual([]);
    expect(text(body.value)).toContain("Overdue tasks");
    // Replaced in place: nothing new was posted.
    expect(connector.received).toHaveLength(0);
  });
});

function invoke(verb: string, value: string) {
  return teamsActivity(
    { serviceUrl: connector.url, fromId: "29:user-rep" },
    {
      type: "invoke",
      name: "adaptiveCard/action",
      value: { action: { type: "Action.Execute", verb, data: { crmAuditValue: value } } },
    },
  );
}
