/**
 * Every /crm-audit subcommand end to end: signed Slack requests → the app's real HTTP server →
 * the Slack layer → the real chat core on a real database → answers at the fake Slack, once on
 * SQLite and once on PostgreSQL (test/helpers/providers.ts). Two Slack workspaces are installed
 * (OAuth) to show that neither sees the other's data.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createAuditService } from "../../src/core/audit/service.js";
import { CHECKS } from "../../src/core/checks/registry.js";
import { createChatCore } from "../../src/chat-core.js";
import { workspaceIdForTenant } from "../../src/core/commands/identity.js";
import type { ChatCore } from "../../src/core/commands/types.js";
import type { AnyDatabase } from "../../src/db/database.js";
import { silentLogger } from "../../src/logger.js";
import { createHttpServer, listen, type RunningServer } from "../../src/server/http.js";
import { createSlackIntegration, type SlackIntegration } from "../../src/slack/index.js";
import { slackInstallationRows } from "../../src/db/stores/slack-installations.js";
import { SlackInstallationStore } from "../../src/slack/installation-store.js";
import { stripSuffix } from "../../src/slack/render/action-ids.js";
import { seedWorkspace, T0 } from "../core/commands/seed.js";
import { describeEachProvider, migratedDatabase, type Provider, type TestDatabase } from "../helpers/providers.js";
import { FakeSlack, type RecordedCall } from "./fake-slack.js";
import { SECRET_KEY, SIGNING_SECRET } from "./harness.js";
import { interactivityBody, postSigned, slashCommandBody } from "./signing.js";

const FORM = "application/x-www-form-urlencoded" as const;
const NORTH = "T_NORTH";
const SOUTH = "T_SOUTH";

let fake: FakeSlack;
let db: AnyDatabase;
let database: TestDatabase | undefined;
let core: ChatCore;
let slack: SlackIntegration;
let server: RunningServer;
let audit: ReturnType<typeof createAuditService>;
const runsOf = async (workspaceId: string) => audit.history(workspaceId, 100);
let seq = 0;

async function setUp(provider: Provider) {
  seq = 0;
  fake = await new FakeSlack({
    teams: {
      [NORTH]: {
        botToken: "xoxb-north",
        users: [
          { id: "U_REP", name: "North Rep", email: "n.rep@example.com" },
          { id: "U_BOSS", name: "North Boss", email: "n.boss@example.com", isAdmin: true },
          { id: "U_NEW", name: "Newcomer" },
        ],
      },
      [SOUTH]: { botToken: "xoxb-south", users: [{ id: "U_SREP", name: "South Rep", email: "s.rep@example.com" }] },
    },
  }).start();
  database = await migratedDatabase(provider, "slack-e2e");
  db = database.db;
  audit = createAuditService(db.stores, { logger: silentLogger });
  const tracked = counted(
    createChatCore({
      db,
      audit,
      logger: silentLogger,
      adminUserIds: { slack: [], teams: [] },
      checks: CHECKS,
      now: () => T0,
    }),
  );
  core = tracked.core;
  coreBusy = tracked.busy;
  const store = new SlackInstallationStore(slackInstallationRows(db), core, Buffer.from(SECRET_KEY, "base64"));
  for (const [team, token] of [
    [NORTH, "xoxb-north"],
    [SOUTH, "xoxb-south"],
  ] as const) {
    await store.storeInstallation({
      team: { id: team, name: team },
      enterprise: undefined,
      user: { id: "U_INSTALLER", token: undefined, scopes: undefined },
      bot: { id: `B_${team}`, userId: `U_BOT_${team}`, token, scopes: ["commands", "chat:write"] },
      tokenType: "bot",
      isEnterpriseInstall: false,
      appId: "A0CRMAUDIT",
      authVersion: "v2",
    });
    seedWorkspace(db, await core.resolveWorkspace("slack", team), team === NORTH ? "n" : "s");
  }
  const config = loadConfig({
    SLACK_CLIENT_ID: "111.222",
    SLACK_CLIENT_SECRET: "secret",
    SLACK_STATE_SECRET: "state",
    CRM_AUDIT_SECRET_KEY: SECRET_KEY,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
  });
  slack = await createSlackIntegration({ config, core, db, logger: silentLogger, channelIntervalMs: 10 });
  await slack.start();
  server = await listen(
    createHttpServer({ version: "test", checkDatabase: () => true, routes: slack.routes, logger: silentLogger }),
    0,
    "127.0.0.1",
  );
}

async function tearDown() {
  await server?.close();
  await slack?.stop();
  await fake?.stop();
  await database?.close();
  database = undefined;
}

/**
 * The real core, counted: how many of its calls are under way. Every command and click answers
 * at least once from inside the core, so "first answer seen and the core idle" means done.
 */
function counted(inner: ChatCore): { core: ChatCore; busy: () => number } {
  let busy = 0;
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      busy++;
      try {
        return await fn(...args);
      } finally {
        busy--;
      }
    };
  return {
    busy: () => busy,
    core: {
      resolveWorkspace: wrap(inner.resolveWorkspace.bind(inner)),
      identify: wrap(inner.identify.bind(inner)),
      handleCommand: wrap(inner.handleCommand.bind(inner)),
      handleAction: wrap(inner.handleAction.bind(inner)),
      submitForm: wrap(inner.submitForm.bind(inner)),
      homeView: wrap(inner.homeView.bind(inner)),
    },
  };
}
let coreBusy: () => number = () => 0;

async function settled(responseId: string): Promise<RecordedCall[]> {
  await fake.waitFor((calls) => calls.some((c) => c.target === responseId) && coreBusy() === 0, responseId);
  return fake.callsTo("response_url", responseId);
}

async function command(team: string, user: string, text: string, channelId = "C_SALES") {
  const responseId = `cmd-${++seq}`;
  const body = slashCommandBody({
    teamId: team,
    userId: user,
    channelId,
    text,
    responseUrl: fake.responseUrl(responseId),
    triggerId: `${seq}.trigger`,
  });
  const ack = await postSigned(`${server.url}/slack/events`, body, { secret: SIGNING_SECRET, contentType: FORM });
  expect(ack.status).toBe(200);
  const posts = await settled(responseId);
  const last = posts.at(-1)!.body;
  return { posts, last, all: JSON.stringify(posts.map((p) => p.body)) };
}

interface RenderedButton {
  action_id: string;
  value: string;
}

function buttonsOf(payload: Record<string, unknown>): RenderedButton[] {
  const blocks = (payload.blocks ?? []) as { type: string; elements?: RenderedButton[]; accessory?: RenderedButton }[];
  return blocks.flatMap((b) => [
    ...(b.type === "actions" ? (b.elements ?? []) : []),
    ...(b.accessory ? [b.accessory] : []),
  ]);
}

async function click(team: string, user: string, button: RenderedButton) {
  const responseId = `act-${++seq}`;
  const payload = {
    type: "block_actions",
    user: { id: user, username: user, name: user, team_id: team },
    api_app_id: "A0CRMAUDIT",
    token: "x",
    container: { type: "message", message_ts: "1.2", channel_id: "C_SALES", is_ephemeral: true },
    trigger_id: `${seq}.click`,
    team: { id: team, domain: team },
    channel: { id: "C_SALES", name: "sales" },
    response_url: fake.responseUrl(responseId),
    actions: [
      {
        type: "button",
        block_id: "b",
        action_id: button.action_id,
        value: button.value,
        action_ts: "1.3",
        text: { type: "plain_text", text: "x" },
      },
    ],
  };
  const ack = await postSigned(`${server.url}/slack/events`, interactivityBody(payload), {
    secret: SIGNING_SECRET,
    contentType: FORM,
  });
  expect(ack.status).toBe(200);
  const posts = await settled(responseId);
  return { last: posts.at(-1)!.body, all: JSON.stringify(posts.map((p) => p.body)) };
}

describeEachProvider("/crm-audit over Slack's HTTP protocol with the real core", (provider) => {
  beforeAll(() => setUp(provider));
  afterAll(tearDown);

  it("help lists the subcommands, privately", async () => {
    const { last } = await command(NORTH, "U_REP", "help");
    expect(last.response_type).toBe("ephemeral");
    for (const sub of ["run", "status", "findings", "overdue", "history", "config"])
      expect(JSON.stringify(last)).toContain(sub);
  });

  it("unknown subcommands and bad arguments get a short private usage message", async () => {
    const unknown = await command(NORTH, "U_REP", "frobnicate");
    expect(unknown.last.response_type).toBe("ephemeral");
    expect(unknown.all).toMatch(/[Uu]sage/);
    const bad = await command(NORTH, "U_REP", "findings not-a-check");
    expect(bad.all).toMatch(/[Uu]sage/);
    expect(await runsOf(workspaceIdForTenant("slack", NORTH))).toHaveLength(0);
  });

  it("status before any audit says so", async () => {
    const { last } = await command(NORTH, "U_REP", "status");
    expect(last.text).toBe("No audit has run in this workspace yet.");
  });

  it("run posts progress, then replaces it with the result (private by default)", async () => {
    const { posts } = await command(NORTH, "U_REP", "run");
    expect(posts[0]!.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(String(posts[0]!.body.text)).toContain("Running the CRM audit");
    expect(posts.at(-1)!.body).toMatchObject({ replace_original: true, response_type: "ephemeral" });
    expect(String(posts.at(-1)!.body.text)).toContain("CRM audit score");
    expect(await runsOf(workspaceIdForTenant("slack", NORTH))).toHaveLength(1);
  });

  it("run --post is refused to non-admins and posted to the channel, masked, for Slack admins", async () => {
    const refused = await command(NORTH, "U_REP", "run --post");
    expect(refused.last.response_type).toBe("ephemeral");
    expect(String(refused.last.text)).toContain("Only admins can post");
    const posted = await command(NORTH, "U_BOSS", "run --post");
    expect(posted.last.response_type).toBe("in_channel");
    expect(posted.all).not.toContain("n.rep@example.com");
  });

  it("status shows the latest score, findings <check> the affected records", async () => {
    const status = await command(NORTH, "U_REP", "status");
    expect(status.all).toContain("Latest CRM audit");
    const findings = await command(NORTH, "U_REP", "findings task.overdue");
    expect(findings.all).toContain("n Call back about renewal");
    expect(findings.all).toContain("n Boss task");
  });

  it("overdue shows mine by default and someone else's (by mention) only to admins", async () => {
    const mine = await command(NORTH, "U_REP", "overdue");
    expect(mine.all).toContain("n Call back about renewal");
    expect(mine.all).not.toContain("n Boss task");
    const denied = await command(NORTH, "U_REP", "overdue <@U_BOSS|boss>");
    expect(denied.all).toContain("Only admins");
    const admin = await command(NORTH, "U_BOSS", "overdue <@U_REP|rep>");
    expect(admin.all).toContain("n Call back about renewal");
    const unlinked = await command(NORTH, "U_NEW", "overdue");
    expect(unlinked.all).toContain("not linked to a CRM user");
  });

  it("history lists past runs", async () => {
    const { last } = await command(NORTH, "U_REP", "history");
    expect(String(last.text)).toMatch(/Last \d+ audits/);
  });

  it("config shows settings to everyone and lets only admins change them", async () => {
    const shown = await command(NORTH, "U_REP", "config");
    expect(shown.all).toContain("contact.stale");
    const refused = await command(NORTH, "U_REP", "config set contact.stale days 200");
    expect(refused.all).toContain("Only admins can change");
    const changed = await command(NORTH, "U_BOSS", "config set contact.stale days 200");
    expect(changed.all).toContain("200");
    expect(changed.all).not.toContain("Only admins");
    const invalid = await command(NORTH, "U_BOSS", "config set contact.stale days -5");
    expect(invalid.last.response_type).toBe("ephemeral");
    expect(invalid.all).not.toContain("-5 days");
  });

  it("buttons: show a finding's records and mark a task done", async () => {
    const run = await command(NORTH, "U_REP", "run");
    // The finding whose "show records" button is clicked: its title is in the same section.
    const blocks = run.last.blocks as { text?: { text: string }; accessory?: RenderedButton }[];
    const section = blocks.find((b) => b.accessory && stripSuffix(b.accessory.action_id) === "findings.records")!;
    const title = /\*([^*]+)\*/.exec(section.text!.text)![1]!;
    const shown = await click(NORTH, "U_REP", section.accessory!);
    expect(shown.all).toContain(title);
    expect(shown.all).not.toContain("no longer valid");

    const overdue = await command(NORTH, "U_REP", "overdue");
    const done = buttonsOf(overdue.last).find((b) => stripSuffix(b.action_id) === "task.done")!;
    const marked = await click(NORTH, "U_REP", done);
    expect(marked.all).toContain("done");
    // Done is the bot's own mark; the imported task stays as the CRM says until an import closes it.
    const workspaceId = workspaceIdForTenant("slack", NORTH);
    const task = await db.prisma.task.findUnique({ where: { workspaceId_id: { workspaceId, id: "nt1" } } });
    expect(task?.status).toBe("open");
    const mark = await db.prisma.recordMark.findUnique({
      where: { workspaceId_recordType_recordId: { workspaceId, recordType: "task", recordId: "nt1" } },
    });
    expect(mark?.kind).toBe("done");
  });

  it("a second workspace sees none of the first one's data", async () => {
    const status = await command(SOUTH, "U_SREP", "status");
    expect(status.last.text).toBe("No audit has run in this workspace yet.");
    const history = await command(SOUTH, "U_SREP", "history");
    expect(history.all).not.toMatch(/Last \d+ audits/);
    const run = await command(SOUTH, "U_SREP", "run");
    const findings = await command(SOUTH, "U_SREP", "findings task.overdue");
    const overdue = await command(SOUTH, "U_SREP", "overdue");
    for (const answer of [run.all, findings.all, overdue.all]) {
      expect(answer).not.toMatch(/\bn (Call back|Boss task|Big renewal|Widgets)/);
      expect(answer).not.toContain("n.rep@example.com");
    }
    expect(findings.all).toContain("s Call back about renewal");
    // Even a North button replayed by a South user finds nothing of North's.
    const northOverdue = await command(NORTH, "U_REP", "overdue");
    const northButton = buttonsOf(northOverdue.last).find(
      (b) => stripSuffix(b.action_id) === "findings.records" || stripSuffix(b.action_id) === "task.done",
    );
    if (northButton) {
      const replayed = await click(SOUTH, "U_SREP", northButton);
      expect(replayed.all).not.toMatch(/\bn (Call back|Boss task|Big renewal)/);
    }
    expect(fake.violations).toEqual([]);
  });

  it("publishes the App Home with the viewer's own score and work", async () => {
    const before = fake.callsTo("views.publish").length;
    const event = {
      token: "x",
      team_id: NORTH,
      api_app_id: "A0CRMAUDIT",
      event: { type: "app_home_opened", user: "U_REP", channel: "D_REP", tab: "home", event_ts: "1.1" },
      type: "event_callback",
      event_id: `Ev-home-${Date.now()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: NORTH, user_id: "U_BOT", is_bot: true, is_enterprise_install: false }],
    };
    await postSigned(`${server.url}/slack/events`, JSON.stringify(event), {
      secret: SIGNING_SECRET,
      contentType: "application/json",
    });
    await fake.waitFor((calls) => calls.filter((c) => c.method === "views.publish").length > before, "views.publish");
    const published = fake.callsTo("views.publish").at(-1)!;
    expect(published.token).toBe("xoxb-north");
    const view = JSON.stringify(published.body.view);
    expect(view).toContain("Run audit");
    expect(view).not.toContain("n Boss task");
    expect(fake.violations).toEqual([]);
  });
});
