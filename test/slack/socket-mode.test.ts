/**
 * Socket Mode: the bot connects out (apps.connections.open → WebSocket), receives envelopes,
 * acknowledges each one, and answers through the same core and response_url path as HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.js";
import { freshDatabase } from "../helpers/db.js";
import { FakeSlack } from "./fake-slack.js";
import { FakeSocketMode } from "./fake-socket-mode.js";
import { DUPLICATE_IGNORED, startSlack, WatchingLogger, type RunningSlack } from "./harness.js";
import { RecordingCore } from "./recording-core.js";

let fake: FakeSlack;
let socket: FakeSocketMode;
let db: Database;
let core: RecordingCore;
const logger = new WatchingLogger();
let slack: RunningSlack;

beforeAll(async () => {
  socket = await new FakeSocketMode().start();
  fake = await new FakeSlack({
    teams: { T_SOCK: { botToken: "xoxb-sock", users: [{ id: "U_S", name: "Sol", email: "sol@sock.example" }] } },
    socketMode: { appToken: "xapp-1-sock", url: () => socket.url },
  }).start();
  db = freshDatabase("slack-socket");
  core = new RecordingCore();
  slack = await startSlack({
    core,
    db,
    apiUrl: fake.apiUrl,
    botToken: "xoxb-sock",
    env: { SLACK_SOCKET_MODE: "true", SLACK_APP_TOKEN: "xapp-1-sock" },
    logger,
  });
  await socket.waitForConnection();
});

afterAll(async () => {
  await slack?.stop();
  await socket?.stop();
  await fake?.stop();
  await db?.close();
});

function envelope(id: string, retryAttempt = 0) {
  return {
    envelope_id: id,
    type: "slash_commands",
    accepts_response_payload: true,
    retry_attempt: retryAttempt,
    retry_reason: retryAttempt ? "timeout" : "",
    payload: {
      token: "unused",
      team_id: "T_SOCK",
      team_domain: "sock",
      channel_id: "C_SOCK",
      channel_name: "general",
      user_id: "U_S",
      user_name: "sol",
      command: "/crm-audit",
      text: "status",
      api_app_id: "A0CRMAUDIT",
      is_enterprise_install: "false",
      response_url: fake.responseUrl("sock-1"),
      trigger_id: "sock-trigger-1",
    },
  };
}

describe("Slack Socket Mode", () => {
  it("has no HTTP routes: Slack is reached over the WebSocket", () => {
    expect(slack.integration.routes).toEqual([]);
    expect(fake.callsTo("apps.connections.open")).toHaveLength(1);
  });

  it("acknowledges a slash command envelope and answers through response_url, once despite a retry", async () => {
    socket.send(envelope("env-1"));
    await fake.waitFor((calls) => calls.some((c) => c.target === "sock-1" && c.body.replace_original === true));
    socket.send(envelope("env-2", 1));
    await logger.waitFor(DUPLICATE_IGNORED, { key: "slack:T_SOCK:trigger:sock-trigger-1" });
    await socket.waitForAck("env-2");
    expect(socket.acks.map((a) => a.envelope_id)).toEqual(["env-1", "env-2"]);
    expect(core.commands).toHaveLength(1);
    expect(core.commands[0]).toMatchObject({
      workspaceId: "ws-T_SOCK",
      text: "status",
      actor: { email: "sol@sock.example" },
    });
    expect(fake.callsTo("response_url", "sock-1")).toHaveLength(2);
  });
});
