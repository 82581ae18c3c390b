/**
 * Slack's HTTP protocol against the real server: signed form-encoded slash commands, JSON
 * events and interactivity payloads, answered through a fake Slack Web API. The core here
 * is a recording stand-in; these tests are about the transport.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.js";
import { FORM_OPEN_ACTION } from "../../src/slack/render/action-ids.js";
import { freshDatabase } from "../helpers/db.js";
import { FakeSlack } from "./fake-slack.js";
import { DUPLICATE_IGNORED, SIGNING_SECRET, startSlack, WatchingLogger, type RunningSlack } from "./harness.js";
import { RecordingCore } from "./recording-core.js";
import { interactivityBody, postSigned, slackSignature, slashCommandBody } from "./signing.js";

const TEAM = "T0ACME";
const TOKEN = "xoxb-acme";
const FORM = "application/x-www-form-urlencoded" as const;

let fake: FakeSlack;
let db: Database;
let core: RecordingCore;
let slack: RunningSlack;
let trigger = 0;
const logger = new WatchingLogger();

beforeAll(async () => {
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
  db = freshDatabase("slack-http");
  core = new RecordingCore();
  slack = await startSlack({ core, db, apiUrl: fake.apiUrl, botToken: TOKEN, logger });
});

afterAll(async () => {
  await slack?.stop();
  await fake?.stop();
  await db?.close();
});

/**
 * Sends a valid command and waits for its answer. Requests are handled in arrival order, so a
 * request refused earlier would have reached the core by then: no fixed sleep is needed to
 * show that nothing happened.
 */
async function afterNextAnswer(): Promise<void> {
  const { body, responseId } = command("help");
  expect((await postSigned(slack.eventsUrl, body, { secret: SIGNING_SECRET, contentType: FORM })).status).toBe(200);
  await fake.waitFor((calls) => calls.some((c) => c.target === responseId), "the barrier command's answer");
}

function command(text: string, userId = "U_BOB", responseId = `r${++trigger}`) {
  return {
    responseId,
    body: slashCommandBody({
      teamId: TEAM,
      userId,
      channelId: "C_SALES",
      text,
      responseUrl: fake.responseUrl(responseId),
      triggerId: `${trigger}.${Date.now()}.trigger`,
    }),
  };
}

describe("Slack HTTP endpoint", () => {
  it("acknowledges a signed slash command at once and answers through response_url", async () => {
    const { body, responseId } = command("status");
    const ack = await postSigned(slack.eventsUrl, body, { secret: SIGNING_SECRET, contentType: FORM });
    expect(ack.status).toBe(200);
    await fake.waitFor((calls) => calls.filter((c) => c.target === responseId).length === 2, "progress and result");
    const [progress, result] = fake.callsTo("response_url", responseId);
    expect(progress!.body).toMatchObject({
      response_type: "ephemeral",
      replace_original: false,
      text: "Working on it…",
    });
    expect(result!.body).toMatchObject({ replace_original: true, text: `Result for ws-${TEAM}: status` });
    const request = core.commands.at(-1)!;
    expect(request.workspaceId).toBe(`ws-${TEAM}`);
    expect(request.actor).toMatchObject({ userId: "U_BOB", email: "bob@acme.example", isAdmin: false });
    expect(request.conversation).toEqual({ id: "C_SALES", kind: "channel" });
    expect(fake.violations).toEqual([]);
  });

  it("passes Slack admins to the core as platform admins", async () => {
    const { body, responseId } = command("config", "U_ADA");
    await postSigned(slack.eventsUrl, body, { secret: SIGNING_SECRET, contentType: FORM });
    await fake.waitFor((calls) => calls.some((c) => c.target === responseId && c.body.replace_original === true));
    expect(core.profiles.find((p) => p.userId === "U_ADA")).toMatchObject({
      platformAdmin: true,
      email: "ada@acme.example",
    });
  });

  it("posts to the channel when the core's message is for the channel", async () => {
    const { body, responseId } = command("run --post");
    await postSigned(slack.eventsUrl, body, { secret: SIGNING_SECRET, contentType: FORM });
    await fake.waitFor((calls) => calls.some((c) => c.target === responseId && c.body.response_type === "in_channel"));
    const posts = fake.callsTo("response_url", responseId);
    // The ephemeral progress note is removed, then the result is posted for everyone.
    expect(posts.map((p) => (p.body.delete_original ? "delete" : p.body.response_type))).toEqual([
      "ephemeral",
      "delete",
      "in_channel",
    ]);
  });

  it("rejects a forged signature with 401 and runs nothing", async () => {
    const before = core.commands.length;
    const { body, responseId } = command("run");
    const forged = await postSigned(slack.eventsUrl, body, {
      secret: SIGNING_SECRET,
      contentType: FORM,
      signature: slackSignature("not-the-secret", Math.floor(Date.now() / 1000), body),
    });
    expect(forged.status).toBe(401);
    const tampered = await postSigned(slack.eventsUrl, body.replace("text=run", "text=config"), {
      secret: SIGNING_SECRET,
      contentType: FORM,
      signature: slackSignature(SIGNING_SECRET, Math.floor(Date.now() / 1000), body),
    });
    expect(tampered.status).toBe(401);
    await afterNextAnswer();
    expect(core.commands.length).toBe(before + 1);
    expect(fake.callsTo("response_url", responseId)).toEqual([]);
  });

  it("rejects a replayed request with a stale timestamp with 401", async () => {
    const before = core.commands.length;
    const { body } = command("run");
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const stale = await postSigned(slack.eventsUrl, body, {
      secret: SIGNING_SECRET,
      contentType: FORM,
      timestamp: sixMinutesAgo,
    });
    expect(stale.status).toBe(401);
    await afterNextAnswer();
    expect(core.commands.length).toBe(before + 1);
  });

  it("answers a retried delivery once, even when the retry reaches another instance", async () => {
    const other = await startSlack({ core, db, apiUrl: fake.apiUrl, botToken: TOKEN, logger });
    try {
      const before = core.commands.length;
      const { body, responseId } = command("run contact.missing_email");
      const first = await postSigned(slack.eventsUrl, body, { secret: SIGNING_SECRET, contentType: FORM });
      const retry = await postSigned(other.eventsUrl, body, {
        secret: SIGNING_SECRET,
        contentType: FORM,
        headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
      });
      const again = await postSigned(slack.eventsUrl, body, {
        secret: SIGNING_SECRET,
        contentType: FORM,
        headers: { "x-slack-retry-num": "2", "x-slack-retry-reason": "http_timeout" },
      });
      expect([first.status, retry.status, again.status]).toEqual([200, 200, 200]);
      await fake.waitFor((calls) => calls.filter((c) => c.target === responseId).length >= 2);
      // Both copies were recognised (on either instance), so neither can reach the core later.
      const key = `slack:${TEAM}:trigger:${new URLSearchParams(body).get("trigger_id")}`;
      await logger.waitFor(DUPLICATE_IGNORED, { key }, 2);
      expect(core.commands.length - before).toBe(1);
      expect(fake.callsTo("response_url", responseId)).toHaveLength(2);
    } finally {
      await other.stop();
    }
  });

  it("answers Slack's URL verification challenge", async () => {
    const body = JSON.stringify({
      type: "url_verification",
      token: "x",
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    });
    const res = await postSigned(slack.eventsUrl, body, { secret: SIGNING_SECRET, contentType: "application/json" });
    expect(res.status).toBe(200);
    expect(res.body).toContain("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
  });

  it("publishes the App Home when the Home tab opens, once per event", async () => {
    const event = {
      token: "x",
      team_id: TEAM,
      api_app_id: "A0CRMAUDIT",
      event: { type: "app_home_opened", user: "U_BOB", channel: "D_BOB", tab: "home", event_ts: "1700000000.1" },
      type: "event_callback",
      event_id: `Ev${Date.now()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: TEAM, user_id: "U_BOT", is_bot: true, is_enterprise_install: false }],
    };
    const body = JSON.stringify(event);
    const before = fake.callsTo("views.publish").length;
    expect(
      (await postSigned(slack.eventsUrl, body, { secret: SIGNING_SECRET, contentType: "application/json" })).status,
    ).toBe(200);
    await postSigned(slack.eventsUrl, body, {
      secret: SIGNING_SECRET,
      contentType: "application/json",
      headers: { "x-slack-retry-num": "1" },
    });
    await fake.waitFor((calls) => calls.filter((c) => c.method === "views.publish").length > before);
    await logger.waitFor(DUPLICATE_IGNORED, { key: `slack:${TEAM}:event:${event.event_id}` });
    const published = fake.callsTo("views.publish").slice(before);
    expect(published).toHaveLength(1);
    expect(published[0]!.body.user_id).toBe("U_BOB");
    expect(JSON.stringify(published[0]!.body.view)).toContain("Workspace score");
    expect(core.homes.at(-1)).toMatchObject({
      workspaceId: `ws-${TEAM}`,
      conversation: { id: "U_BOB", kind: "personal" },
    });
    expect(fake.violations).toEqual([]);
  });

  it("opens a form as a modal and returns validation errors with response_action errors", async () => {
    // The Home tab carries the form button; clicking it must open the modal.
    const home = fake.callsTo("views.publish").at(-1)!.body.view as {
      blocks: { type: string; elements?: { action_id: string; value: string }[] }[];
    };
    const button = home.blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id.startsWith(FORM_OPEN_ACTION))!;
    const click = {
      type: "block_actions",
      user: { id: "U_BOB", username: "bob", name: "bob", team_id: TEAM },
      api_app_id: "A0CRMAUDIT",
      token: "x",
      container: { type: "view", view_id: "VH" },
      trigger_id: `form.${Date.now()}.trigger`,
      team: { id: TEAM, domain: "acme" },
      view: { id: "VH", type: "home" },
      actions: [
        {
          type: "button",
          action_id: button.action_id,
          block_id: "b1",
          value: button.value,
          action_ts: "1700000000.2",
          text: { type: "plain_text", text: "Answer survey" },
        },
      ],
    };
    const clicked = await postSigned(slack.eventsUrl, interactivityBody(click), {
      secret: SIGNING_SECRET,
      contentType: FORM,
    });
    expect(clicked.status).toBe(200);
    await fake.waitFor((calls) =>
      calls.some((c) => c.method === "views.open" && c.body.trigger_id === click.trigger_id),
    );
    const opened = fake.callsTo("views.open").at(-1)!.body.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id: string }[];
    };
    expect(opened.blocks.map((b) => b.block_id)).toEqual(["hours"]);

    const submission = (value: string | null, triggerId: string) => ({
      type: "view_submission",
      team: { id: TEAM, domain: "acme" },
      user: { id: "U_BOB", username: "bob", name: "bob", team_id: TEAM },
      api_app_id: "A0CRMAUDIT",
      token: "x",
      trigger_id: triggerId,
      view: {
        id: "V1",
        team_id: TEAM,
        type: "modal",
        callback_id: opened.callback_id,
        private_metadata: opened.private_metadata,
        title: { type: "plain_text", text: "Weekly CRM survey" },
        blocks: opened.blocks,
        state: { values: { hours: { value: { type: "number_input", value } } } },
        hash: "1",
      },
      response_urls: [],
    });
    const bad = await postSigned(slack.eventsUrl, interactivityBody(submission("-3", `s1.${Date.now()}`)), {
      secret: SIGNING_SECRET,
      contentType: FORM,
    });
    expect(bad.status).toBe(200);
    expect(JSON.parse(bad.body)).toEqual({
      response_action: "errors",
      errors: { hours: "Enter a number of hours, 0 or more." },
    });

    const good = await postSigned(slack.eventsUrl, interactivityBody(submission("6", `s2.${Date.now()}`)), {
      secret: SIGNING_SECRET,
      contentType: FORM,
    });
    const answer = JSON.parse(good.body) as { response_action: string; view: unknown };
    expect(answer.response_action).toBe("update");
    expect(JSON.stringify(answer.view)).toContain("Thanks, your answers were saved.");
    expect(core.submissions.at(-1)).toMatchObject({ formId: "survey.answer", state: "survey-7", values: { hours: 6 } });
    expect(fake.violations).toEqual([]);
  });

  it("routes a message button to the core with its own action id and updates the message", async () => {
    const responseId = `act${Date.now()}`;
    const click = {
      type: "block_actions",
      user: { id: "U_BOB", username: "bob", name: "bob", team_id: TEAM },
      api_app_id: "A0CRMAUDIT",
      token: "x",
      container: { type: "message", message_ts: "1700000000.3", channel_id: "C_SALES", is_ephemeral: true },
      trigger_id: `act.${Date.now()}.trigger`,
      team: { id: TEAM, domain: "acme" },
      channel: { id: "C_SALES", name: "sales-ops" },
      response_url: fake.responseUrl(responseId),
      actions: [
        {
          type: "button",
          action_id: "findings.show~3",
          block_id: "b2",
          value: "contact.missing_email",
          action_ts: "1700000000.4",
          text: { type: "plain_text", text: "Show" },
        },
      ],
    };
    expect(
      (await postSigned(slack.eventsUrl, interactivityBody(click), { secret: SIGNING_SECRET, contentType: FORM }))
        .status,
    ).toBe(200);
    await fake.waitFor((calls) => calls.some((c) => c.target === responseId));
    expect(core.actions.at(-1)).toMatchObject({
      actionId: "findings.show",
      value: "contact.missing_email",
      workspaceId: `ws-${TEAM}`,
    });
    expect(fake.callsTo("response_url", responseId)[0]!.body).toMatchObject({
      replace_original: true,
      text: "Did findings.show with contact.missing_email",
    });
  });

  it("sends proactive messages (digests, reminders) with chat.postMessage, within Block Kit limits", async () => {
    const findings = Array.from({ length: 120 }, (_, i) => ({
      checkId: `task.check${i}`,
      title: `Check ${i}`,
      severity: "high" as const,
      count: i,
      samples: [],
      fix: "Fix it.",
    }));
    await slack.integration.send(TEAM, "C_DIGEST", {
      text: "Weekly CRM digest",
      blocks: [
        { type: "heading", text: "Weekly digest" },
        { type: "findings", items: findings },
      ],
      visibility: "channel",
    });
    const posted = fake.callsTo("chat.postMessage").filter((c) => c.body.channel === "C_DIGEST");
    expect(posted).toHaveLength(1);
    expect(posted[0]!.token).toBe(TOKEN);
    expect((posted[0]!.body.blocks as unknown[]).length).toBeLessThanOrEqual(50);
    expect(fake.violations).toEqual([]);
  });
});
