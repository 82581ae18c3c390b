/**
 * The edge in front of Bolt (src/slack/edge.ts) on the real server: signed but malformed
 * payloads get 400 or a polite 200 and run nothing, forged, stale and future-dated requests
 * get 401, and no request can stop the process.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.js";
import { createLogger } from "../../src/logger.js";
import { MAX_BODY_BYTES, slackEdge } from "../../src/slack/edge.js";
import { freshDatabase } from "../helpers/db.js";
import { FakeSlack } from "./fake-slack.js";
import { SIGNING_SECRET, startSlack, type RunningSlack } from "./harness.js";
import { RecordingCore } from "./recording-core.js";
import { interactivityBody, postSigned, slashCommandBody } from "./signing.js";

const TEAM = "T0EDGE";
const TOKEN = "xoxb-edge";
const FORM = "application/x-www-form-urlencoded" as const;
const JSON_TYPE = "application/json" as const;

let fake: FakeSlack;
let db: Database;
let core: RecordingCore;
let slack: RunningSlack;
let n = 0;

beforeAll(async () => {
  fake = await new FakeSlack({
    teams: { [TEAM]: { botToken: TOKEN, users: [{ id: "U_BOB", name: "Bob", email: "bob@edge.example" }] } },
  }).start();
  db = freshDatabase("slack-edge");
  core = new RecordingCore();
  slack = await startSlack({ core, db, apiUrl: fake.apiUrl, botToken: TOKEN });
});

afterAll(async () => {
  await slack?.stop();
  await fake?.stop();
  await db?.close();
});

const user = { id: "U_BOB", username: "bob", name: "bob", team_id: TEAM };
const team = { id: TEAM, domain: "edge" };
const click = (overrides: Record<string, unknown>) => ({
  type: "block_actions",
  user,
  team,
  api_app_id: "A0CRMAUDIT",
  trigger_id: `t${++n}.trigger`,
  channel: { id: "C_SALES", name: "sales" },
  // The tables below are built before the fake starts; their requests never get an answer anyway.
  response_url: fake?.responseUrl(`edge${n}`) ?? "https://hooks.slack.com/actions/T/1/x",
  actions: [{ type: "button", action_id: "findings.show~1", block_id: "b", value: "x", action_ts: "1.2" }],
  ...overrides,
});
const command = (text: string, extra: Record<string, string> = {}) =>
  slashCommandBody({
    teamId: TEAM,
    userId: "U_BOB",
    channelId: "C_SALES",
    text,
    responseUrl: fake?.responseUrl(`cmd${++n}`) ?? "https://hooks.slack.com/commands/T/1/x",
    triggerId: `c${n}.trigger`,
  }) + (Object.keys(extra).length ? "&" + new URLSearchParams(extra).toString() : "");

const post = (body: string, contentType: string = JSON_TYPE, options: { timestamp?: number } = {}) =>
  postSigned(slack.eventsUrl, body, { secret: SIGNING_SECRET, contentType: contentType as typeof FORM, ...options });

function ran() {
  return core.commands.length + core.actions.length + core.submissions.length + core.homes.length;
}

describe("Slack edge: signed but malformed payloads", () => {
  it.each([
    ["the JSON null", "null", JSON_TYPE],
    ["a JSON array", "[1,2]", JSON_TYPE],
    ["a JSON string", '"block_actions"', JSON_TYPE],
    ["broken JSON", '{"type":"event_callback",', JSON_TYPE],
    ["payload=null", "payload=null", FORM],
    ["payload that is not JSON", "payload=%7Bnope", FORM],
    ["an empty form", "", FORM],
    ["a repeated form field", "payload=%7B%7D&payload=%7B%7D", FORM],
    ["an unknown payload type", JSON.stringify({ type: "hello" }), JSON_TYPE],
    ["a payload without a type", JSON.stringify({ team_id: TEAM }), JSON_TYPE],
    [
      "event_callback with event null",
      JSON.stringify({ type: "event_callback", team_id: TEAM, event_id: "Ev1", event: null }),
      JSON_TYPE,
    ],
    [
      "app_home_opened without a user",
      JSON.stringify({
        type: "event_callback",
        team_id: TEAM,
        event_id: "Ev2",
        event: { type: "app_home_opened", tab: "home" },
      }),
      JSON_TYPE,
    ],
    [
      "an event whose team id is an Object.prototype name",
      JSON.stringify({
        type: "event_callback",
        team_id: TEAM,
        event_id: "Ev4",
        event: { type: "app_home_opened", user: "U_BOB", tab: "home" },
        authorizations: [{ team_id: "toString", user_id: "U_BOT", is_bot: true }],
      }),
      JSON_TYPE,
    ],
    ["block_actions with a lone surrogate in trigger_id", interactivityBody(click({ trigger_id: "\ud800" })), FORM],
    ["block_actions with actions null", interactivityBody(click({ actions: null })), FORM],
    ["block_actions with no actions", interactivityBody(click({ actions: [] })), FORM],
    ["block_actions with user null", interactivityBody(click({ user: null })), FORM],
    [
      "block_actions with a numeric action_id",
      interactivityBody(click({ actions: [{ type: "button", action_id: 7 }] })),
      FORM,
    ],
    ["block_actions with no team at all", interactivityBody(click({ team: null, user: { id: "U_BOB" } })), FORM],
    ["view_submission with an empty view", interactivityBody({ type: "view_submission", user, team, view: {} }), FORM],
    ["a slash command without user_id", command("status").replace("user_id=U_BOB", "user_id="), FORM],
    ["url_verification without a challenge", JSON.stringify({ type: "url_verification" }), JSON_TYPE],
  ])("answers 400 to %s and runs nothing", async (_what, body, contentType) => {
    const before = ran();
    const res = await post(body, contentType);
    expect(res.status).toBe(400);
    expect((JSON.parse(res.body) as { error: string }).error.length).toBeGreaterThan(0);
    expect(ran()).toBe(before);
  });

  it.each([
    ["a global shortcut", interactivityBody({ type: "shortcut", callback_id: "x", trigger_id: "t", user, team })],
    ["a message shortcut", interactivityBody({ type: "message_action", callback_id: "x", user, team, channel: null })],
    ["a closed modal", interactivityBody({ type: "view_closed", user, team, view: null })],
    [
      "another app's modal",
      interactivityBody({
        type: "view_submission",
        user,
        team,
        view: {
          type: "modal",
          callback_id: "other",
          private_metadata: "",
          title: { text: "x" },
          state: { values: {} },
        },
      }),
    ],
    ["another slash command", command("status").replace("command=%2Fcrm-audit", "command=%2Fother")],
  ])("acknowledges %s with an empty 200 and runs nothing", async (_what, body) => {
    const before = ran();
    const res = await post(body, FORM);
    expect(res).toEqual({ status: 200, body: "" });
    expect(ran()).toBe(before);
  });

  it("acknowledges an event the bot does not subscribe to", async () => {
    const body = JSON.stringify({
      type: "event_callback",
      team_id: TEAM,
      event_id: "Ev3",
      event: { type: "reaction_added" },
    });
    expect(await post(body)).toEqual({ status: 200, body: "" });
  });

  it("refuses a body over the size cap with 413 and an unsupported content type with 415", async () => {
    expect((await post(`{"type":"x","pad":"${"a".repeat(MAX_BODY_BYTES)}"}`)).status).toBe(413);
    expect((await post(JSON.stringify({ type: "url_verification", challenge: "c" }), "text/plain")).status).toBe(415);
  });

  it("answers Slack's unsigned ssl_check without running anything", async () => {
    const res = await fetch(slack.eventsUrl, {
      method: "POST",
      headers: { "content-type": FORM },
      body: "ssl_check=1&token=x",
    });
    expect(res.status).toBe(200);
  });

  it("still handles valid requests after all of the above, with only the validated fields", async () => {
    const before = core.commands.length;
    const body = command("status", { extra_field: "ignored" });
    expect((await post(body, FORM)).status).toBe(200);
    await fake.waitFor(() => core.commands.length > before, "the command");
    expect(core.commands.at(-1)).toMatchObject({ text: "status", workspaceId: `ws-${TEAM}` });
    const res = await post(interactivityBody(click({ container: null, view: "junk", state: 42 })), FORM);
    expect(res.status).toBe(200);
    await fake.waitFor(() => core.actions.length > 0, "the click");
  });
});

describe("Slack edge: the timestamp window", () => {
  it("refuses a request signed more than five minutes in the future with 401", async () => {
    const before = core.commands.length;
    const inSixMinutes = Math.floor(Date.now() / 1000) + 6 * 60;
    expect((await post(command("run"), FORM, { timestamp: inSixMinutes })).status).toBe(401);
    const inFiveHours = Math.floor(Date.now() / 1000) + 5 * 3600;
    expect((await post(command("run"), FORM, { timestamp: inFiveHours })).status).toBe(401);
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await post(command("run"), FORM, { timestamp: sixMinutesAgo })).status).toBe(401);
    expect(core.commands.length).toBe(before);
  });

  it("accepts a request within the window either way", async () => {
    const before = core.commands.length;
    const inFourMinutes = Math.floor(Date.now() / 1000) + 4 * 60;
    expect((await post(command("status"), FORM, { timestamp: inFourMinutes })).status).toBe(200);
    await fake.waitFor(() => core.commands.length > before, "the command");
  });
});

describe("Slack edge: a failure in our own code", () => {
  it("answers that request 500 with its request id, logs it, and keeps serving", async () => {
    const lines: string[] = [];
    let calls = 0;
    const edge = slackEdge({
      signingSecret: SIGNING_SECRET,
      command: "/crm-audit",
      logger: createLogger("debug", (l) => lines.push(l)),
      forward: async (_req, res) => {
        if (++calls === 1) throw new Error("listener bug");
        res.writeHead(200).end("ok");
      },
    });
    const server = http.createServer((req, res) => void edge(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    try {
      const failed = await postSigned(url, command("status"), { secret: SIGNING_SECRET, contentType: FORM });
      expect(failed.status).toBe(500);
      const { requestId } = JSON.parse(failed.body) as { requestId: string };
      expect(
        lines.some((l) => l.includes("slack request failed") && l.includes(requestId) && l.includes("listener bug")),
      ).toBe(true);
      const next = await postSigned(url, command("status"), { secret: SIGNING_SECRET, contentType: FORM });
      expect(next).toEqual({ status: 200, body: "ok" });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
