/**
 * A survey answered over Slack's real HTTP protocol against the running app (signed slash
 * command, block_actions that opens the modal, view_submission with view.state): the real chat
 * core on SQLite and on PostgreSQL (test/helpers/providers.ts), a fake Slack Web API, and a
 * recording deliverer for the invitations.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createChatCore } from "../../src/chat-core.js";
import { CHECKS } from "../../src/core/checks/registry.js";
import type { Delivery } from "../../src/core/delivery.js";
import type { AnyDatabase } from "../../src/db/database.js";
import { silentLogger } from "../../src/logger.js";
import { FORM_OPEN_ACTION } from "../../src/slack/render/action-ids.js";
import { renderMessage } from "../../src/slack/render/surfaces.js";
import { createTestAuditService } from "../core/commands/test-audit.js";
import { describeEachProvider, migratedDatabase, type Provider, type TestDatabase } from "../helpers/providers.js";
import { FakeSlack } from "./fake-slack.js";
import { SIGNING_SECRET, startSlack, type RunningSlack } from "./harness.js";
import { interactivityBody, postSigned, slashCommandBody } from "./signing.js";

const TEAM = "T0ACME";
const TOKEN = "xoxb-acme";
const FORM = "application/x-www-form-urlencoded" as const;

let fake: FakeSlack;
let db: AnyDatabase;
let database: TestDatabase | undefined;
let slack: RunningSlack;
const deliveries: Delivery[] = [];
let n = 0;

async function setUp(provider: Provider) {
  deliveries.length = 0;
  n = 0;
  fake = await new FakeSlack({
    teams: {
      [TEAM]: {
        botToken: TOKEN,
        users: [
          { id: "U_ADA", name: "Ada", email: "ada@acme.example", isAdmin: true },
          { id: "U_BOB", name: "Bob", email: "bob@acme.example" },
        ],
      },
    },
  }).start();
  database = await migratedDatabase(provider, "slack-survey");
  db = database.db;
  const core = createChatCore({
    db,
    audit: createTestAuditService(db, Date.now()),
    logger: silentLogger,
    adminUserIds: { slack: [], teams: [] },
    checks: CHECKS,
    deliverer: { deliver: async (ds) => void deliveries.push(...ds) },
  });
  slack = await startSlack({ core, db, apiUrl: fake.apiUrl, botToken: TOKEN });
}

async function tearDown() {
  await slack?.stop();
  await fake?.stop();
  await database?.close();
  database = undefined;
}

const post = (payload: unknown) =>
  postSigned(slack.eventsUrl, interactivityBody(payload), { secret: SIGNING_SECRET, contentType: FORM });

interface ModalView {
  callback_id: string;
  private_metadata: string;
  title: { text: string };
  blocks: { type: string; block_id?: string; text?: { text: string }; element?: { type: string } }[];
}

function submission(view: ModalView, values: Record<string, unknown>) {
  return {
    type: "view_submission",
    team: { id: TEAM, domain: "acme" },
    user: { id: "U_BOB", username: "bob", name: "bob", team_id: TEAM },
    api_app_id: "A0CRMAUDIT",
    token: "x",
    trigger_id: `s${++n}.${Date.now()}`,
    view: {
      id: `V${n}`,
      team_id: TEAM,
      type: "modal",
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      title: { type: "plain_text", text: view.title.text },
      blocks: view.blocks,
      state: { values },
      hash: String(n),
    },
    response_urls: [],
  };
}

const select = (value: string) => ({ value: { type: "static_select", selected_option: { value } } });
const text = (value: string) => ({ value: { type: "plain_text_input", value } });

describeEachProvider("a survey over Slack", (provider) => {
  beforeAll(() => setUp(provider));
  afterAll(tearDown);

  it("starts from a slash command, opens the invitation's modal, pages on submission and stores the answers", async () => {
    const responseId = "start1";
    const ack = await postSigned(
      slack.eventsUrl,
      slashCommandBody({
        teamId: TEAM,
        userId: "U_ADA",
        channelId: "C_SALES",
        text: "survey start pulse --to <@U_ADA>,<@U_BOB>",
        responseUrl: fake.responseUrl(responseId),
        triggerId: `t.${Date.now()}`,
      }),
      { secret: SIGNING_SECRET, contentType: FORM },
    );
    expect(ack.status).toBe(200);
    await fake.waitFor((calls) => calls.some((c) => c.target === responseId && /started/.test(String(c.body.text))));
    expect(deliveries.map((d) => d.key)).toEqual(["survey:1:invite:U_ADA", "survey:1:invite:U_BOB"]);

    // Bob's invitation as Slack shows it: the button that opens the form.
    const rendered = renderMessage(deliveries[1]!.message);
    const button = rendered.blocks
      .flatMap((b) => (b as { elements?: { action_id: string; value: string }[] }).elements ?? [])
      .find((e) => e.action_id?.startsWith(FORM_OPEN_ACTION))!;
    const click = {
      type: "block_actions",
      user: { id: "U_BOB", username: "bob", name: "bob", team_id: TEAM },
      api_app_id: "A0CRMAUDIT",
      token: "x",
      container: { type: "message", message_ts: "1700000000.1", channel_id: "D_BOB", is_ephemeral: false },
      trigger_id: `open.${Date.now()}.trigger`,
      team: { id: TEAM, domain: "acme" },
      channel: { id: "D_BOB", name: "directmessage" },
      actions: [{ type: "button", action_id: button.action_id, block_id: "b", value: button.value, action_ts: "1" }],
    };
    expect((await post(click)).status).toBe(200);
    await fake.waitFor((calls) =>
      calls.some((c) => c.method === "views.open" && c.body.trigger_id === click.trigger_id),
    );
    const page1 = fake.callsTo("views.open").at(-1)!.body.view as ModalView;
    expect(page1.blocks[0]!.type).toBe("section");
    expect(page1.blocks[0]!.text!.text).toContain("This survey is not anonymous");
    expect(page1.blocks.filter((b) => b.type === "input").map((b) => b.block_id)).toEqual(["satisfaction", "blocker"]);

    // A required question left empty: the error shows on its field.
    const missing = await post(
      submission(page1, {
        satisfaction: { value: { type: "static_select", selected_option: null } },
        blocker: select("yes"),
      }),
    );
    expect(JSON.parse(missing.body)).toEqual({
      response_action: "errors",
      errors: { satisfaction: "This question needs an answer." },
    });

    // Page 1 → the conditional page replaces the modal.
    const next = JSON.parse(
      (await post(submission(page1, { satisfaction: select("4"), blocker: select("yes") }))).body,
    ) as {
      response_action: string;
      view: ModalView;
    };
    expect(next.response_action).toBe("update");
    expect(next.view.blocks.filter((b) => b.type === "input").map((b) => b.block_id)).toEqual(["blocker_what"]);
    // Saved part-way already.
    expect(db.sql.get(`SELECT "status", "answers" FROM "survey_responses"`)).toEqual({
      status: "draft",
      answers: JSON.stringify({ satisfaction: 4, blocker: "yes" }),
    });

    const done = JSON.parse((await post(submission(next.view, { blocker_what: text("Search is slow") }))).body) as {
      response_action: string;
      view: ModalView;
    };
    expect(done.response_action).toBe("update");
    expect(JSON.stringify(done.view)).toContain("Thank you! Your answers were saved.");
    expect(db.sql.all(`SELECT "respondent", "status", "answers" FROM "survey_responses"`)).toEqual([
      {
        respondent: `slack:${TEAM}:U_BOB`,
        status: "submitted",
        answers: JSON.stringify({ satisfaction: 4, blocker: "yes", blocker_what: "Search is slow" }),
      },
    ]);
    expect(fake.violations).toEqual([]);
  });

  it("refuses an answer after the close with a message in place of the modal", async () => {
    await db.stores.chat.surveys.closeRound(1, Date.now());
    const rendered = renderMessage(deliveries[0]!.message);
    const button = rendered.blocks
      .flatMap((b) => (b as { elements?: { action_id: string; value: string }[] }).elements ?? [])
      .find((e) => e.action_id?.startsWith(FORM_OPEN_ACTION))!;
    const { decodeForm } = await import("../../src/slack/render/form-codec.js");
    const { encodeFormMetadata } = await import("../../src/slack/listeners/views/form-metadata.js");
    const form = decodeForm(button.value);
    const view: ModalView = {
      callback_id: "crm_form",
      private_metadata: encodeFormMetadata({ formId: form.formId, state: form.state, numeric: [], channelId: "D_ADA" }),
      title: { text: "CRM pulse" },
      blocks: [],
    };
    const late = JSON.parse(
      (
        await post({
          ...submission(view, { satisfaction: select("5"), blocker: select("no") }),
          user: { id: "U_ADA", username: "ada", name: "ada", team_id: TEAM },
        })
      ).body,
    ) as {
      response_action: string;
      view: ModalView;
    };
    expect(late.response_action).toBe("update");
    expect(JSON.stringify(late.view)).toContain("This survey has closed");
    expect(db.sql.get(`SELECT COUNT(*) AS n FROM "survey_responses"`)).toEqual({ n: 1 });
  });
});
