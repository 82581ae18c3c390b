/**
 * A survey answered through the Bot Framework protocol: `adaptiveCard/action` invokes carrying
 * the card's form data, posted to /api/messages of the Teams layer in front of the real chat
 * core on SQLite and on PostgreSQL (test/helpers/providers.ts). Each page's answer is the next page's card; errors show on the card.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createChatCore } from "../../src/chat-core.js";
import { CHECKS } from "../../src/core/checks/registry.js";
import type { ChatCore } from "../../src/core/commands/types.js";
import type { Delivery } from "../../src/core/delivery.js";
import type { Form, Message } from "../../src/core/messages/model.js";
import type { AnyDatabase } from "../../src/db/database.js";
import { silentLogger } from "../../src/logger.js";
import { createTeamsIntegration, type TeamsIntegration } from "../../src/teams/index.js";
import { createTestAuditService } from "../core/commands/test-audit.js";
import { describeEachProvider, migratedDatabase, type Provider, type TestDatabase } from "../helpers/providers.js";
import { startFakeConnector, type FakeConnector } from "./fake-connector.js";
import { postActivity, serveRoutes, teamsActivity, type RunningServer } from "./harness.js";
import { cardProblems } from "./validate-card.js";

let db: AnyDatabase;
let database: TestDatabase | undefined;
let connector: FakeConnector;
let core: ChatCore;
let teams: TeamsIntegration;
let server: RunningServer;
const deliveries: Delivery[] = [];

async function setUp(provider: Provider) {
  deliveries.length = 0;
  database = await migratedDatabase(provider, "teams-survey");
  db = database.db;
  connector = await startFakeConnector();
  core = createChatCore({
    db,
    audit: createTestAuditService(db, Date.now()),
    logger: silentLogger,
    adminUserIds: { slack: [], teams: ["aad-admin"] },
    checks: CHECKS,
    deliverer: { deliver: async (ds) => void deliveries.push(...ds) },
  });
  teams = await createTeamsIntegration({
    config: {
      MicrosoftAppId: undefined,
      MicrosoftAppPassword: undefined,
      MicrosoftAppType: undefined,
      MicrosoftAppTenantId: undefined,
      TEAMS_ADMIN_USER_IDS: ["aad-admin"],
    },
    core,
    db,
    logger: silentLogger,
  });
  await teams.start();
  server = await serveRoutes(teams.routes);
}

async function tearDown() {
  await teams.stop();
  await server.close();
  await connector.close();
  await database?.close();
  database = undefined;
}

const formIn = (message: Message): Form => {
  const block = message.blocks.find((b) => b.type === "form");
  if (block?.type !== "form") throw new Error("no form");
  return block.form;
};

async function submit(form: Form, values: Record<string, string>) {
  const response = await postActivity(
    server.url,
    teamsActivity(
      { serviceUrl: connector.url },
      {
        type: "invoke",
        name: "adaptiveCard/action",
        value: {
          action: {
            type: "Action.Execute",
            verb: `form:${form.formId}`,
            data: { crmAuditForm: JSON.stringify(form), ...values },
          },
        },
      },
    ),
  );
  await teams.idle();
  return response.body as { statusCode: number; value: Record<string, unknown> };
}

/** The Form a card carries in its submit action's data (what the client sends back). */
function formOfCard(card: Record<string, unknown>): Form {
  const actions = card.actions as { data?: Record<string, string> }[];
  return JSON.parse(actions[0]!.data!.crmAuditForm!) as Form;
}

describeEachProvider("a survey over Teams", (provider) => {
  beforeAll(() => setUp(provider));
  afterAll(tearDown);

  it("takes a page per invoke, shows field errors on the card and stores the answers once", async () => {
    const ws = await core.resolveWorkspace("teams", "tenant-1");
    const admin = await core.identify({
      platform: "teams",
      tenantId: "tenant-1",
      userId: "29:admin",
      otherIds: ["aad-admin"],
      email: null,
      displayName: "Admin",
      platformAdmin: false,
    });
    const said: Message[] = [];
    await core.handleCommand(
      {
        workspaceId: ws,
        actor: admin,
        conversation: { id: "19:c@thread", kind: "channel" },
        text: "survey start pulse --to @29:user-ana",
      },
      { reply: async (m) => void said.push(m), update: async (m) => void said.push(m) },
    );
    expect(said[0]!.text).toContain("1 person invited");
    expect(deliveries.map((d) => d.key)).toEqual(["survey:1:invite:29:user-ana"]);
    const page1 = formIn(deliveries[0]!.message);

    // Missing required answer: the same card comes back with the error under the field.
    const refused = await submit(page1, { blocker: "no" });
    expect(refused.statusCode).toBe(200);
    expect(JSON.stringify(refused.value)).toContain("This question needs an answer.");
    expect(cardProblems(refused.value)).toEqual([]);

    const next = await submit(page1, { satisfaction: "2", blocker: "yes" });
    expect(cardProblems(next.value)).toEqual([]);
    const page2 = formOfCard(next.value);
    expect(page2.inputs.map((i) => i.id)).toEqual(["blocker_what"]);
    expect(JSON.stringify(next.value)).toContain('"id":"blocker_what"');

    const done = await submit(page2, { blocker_what: "Duplicate contacts" });
    expect(JSON.stringify(done.value)).toContain("Thank you! Your answers were saved.");
    // A retried invoke of the last page changes nothing and still says it is saved.
    await submit(page2, { blocker_what: "Duplicate contacts" });
    expect(db.sql.all(`SELECT "respondent", "status", "answers" FROM "survey_responses"`)).toEqual([
      {
        respondent: "teams:tenant-1:29:user-ana",
        status: "submitted",
        answers: JSON.stringify({ satisfaction: 2, blocker: "yes", blocker_what: "Duplicate contacts" }),
      },
    ]);
  });
});
