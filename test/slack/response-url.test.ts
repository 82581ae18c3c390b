/**
 * response_url comes inside the request: the bot posts only to Slack's hosts (or configured
 * ones) and never fetches any other address, however well the request is signed.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { Database } from "../../src/db/database.js";
import { responseUrlPolicy } from "../../src/slack/response-url.js";
import { freshDatabase } from "../helpers/db.js";
import { FakeSlack } from "./fake-slack.js";
import { SIGNING_SECRET, startSlack, type RunningSlack } from "./harness.js";
import { RecordingCore } from "./recording-core.js";
import { interactivityBody, postSigned, slashCommandBody } from "./signing.js";

describe("responseUrlPolicy", () => {
  const slack = responseUrlPolicy({ SLACK_API_URL: undefined, SLACK_RESPONSE_URL_HOSTS: [] });

  it("accepts Slack's hooks host over https", () => {
    expect(slack("https://hooks.slack.com/commands/T0001/123/abc")).toBe(true);
    expect(slack("https://HOOKS.SLACK.COM/actions/T0001/123/abc")).toBe(true);
  });

  it.each([
    "http://hooks.slack.com/commands/T0001/123/abc",
    "https://hooks.slack.com.evil.example/commands/x",
    "https://evil.example/hooks.slack.com/commands/x",
    "https://hooks.slack.com@evil.example/commands/x",
    "https://user:pw@hooks.slack.com/commands/x",
    "https://slack.com/api/chat.postMessage",
    "https://127.0.0.1/x",
    "file:///etc/passwd",
    "not a url",
    "",
  ])("refuses %s", (url) => {
    expect(slack(url)).toBe(false);
  });

  it("accepts SLACK_API_URL's origin and its hooks host, and the configured hosts (https only)", () => {
    const gov = responseUrlPolicy({ SLACK_API_URL: "https://slack-gov.com/api/", SLACK_RESPONSE_URL_HOSTS: [] });
    expect(gov("https://hooks.slack-gov.com/commands/T1/2/x")).toBe(true);
    expect(gov("https://hooks.slack.com/commands/T1/2/x")).toBe(true);
    const local = responseUrlPolicy({
      SLACK_API_URL: "http://127.0.0.1:4010/api/",
      SLACK_RESPONSE_URL_HOSTS: ["hooks.example.org", "proxy.example.org:8443"],
    });
    expect(local("http://127.0.0.1:4010/response/1")).toBe(true);
    expect(local("http://127.0.0.1:4011/response/1")).toBe(false);
    expect(local("https://hooks.example.org/x")).toBe(true);
    expect(local("http://hooks.example.org/x")).toBe(false);
    expect(local("https://proxy.example.org:8443/x")).toBe(true);
    expect(local("https://proxy.example.org/x")).toBe(false);
  });

  it("SLACK_RESPONSE_URL_HOSTS is a comma list of host names, checked at start-up", () => {
    expect(
      loadConfig({ SLACK_RESPONSE_URL_HOSTS: "hooks.example.org, proxy.example.org:8443" }).SLACK_RESPONSE_URL_HOSTS,
    ).toEqual(["hooks.example.org", "proxy.example.org:8443"]);
    expect(loadConfig({}).SLACK_RESPONSE_URL_HOSTS).toEqual([]);
    expect(() => loadConfig({ SLACK_RESPONSE_URL_HOSTS: "https://hooks.example.org/x" })).toThrow(
      /^Configuration error: SLACK_RESPONSE_URL_HOSTS: /,
    );
  });
});

describe("a signed request with a foreign response_url", () => {
  const TEAM = "T0RURL";
  const TOKEN = "xoxb-rurl";
  const FORM = "application/x-www-form-urlencoded" as const;
  let fake: FakeSlack;
  let db: Database;
  let core: RecordingCore;
  let slack: RunningSlack;
  let trap: http.Server;
  let trapUrl = "";
  const trapped: string[] = [];

  beforeAll(async () => {
    fake = await new FakeSlack({
      teams: { [TEAM]: { botToken: TOKEN, users: [{ id: "U_EVE", name: "Eve", email: "eve@rurl.example" }] } },
    }).start();
    // Another local server: same address as the fake Slack, another port, so another origin.
    trap = http.createServer((req, res) => {
      trapped.push(req.url ?? "");
      res.writeHead(200).end();
    });
    await new Promise<void>((resolve) => trap.listen(0, "127.0.0.1", resolve));
    trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
    db = freshDatabase("slack-response-url");
    core = new RecordingCore();
    slack = await startSlack({ core, db, apiUrl: fake.apiUrl, botToken: TOKEN });
  });

  afterAll(async () => {
    await slack?.stop();
    await fake?.stop();
    trap?.closeAllConnections();
    await new Promise<void>((resolve) => (trap ? trap.close(() => resolve()) : resolve()));
    await db?.close();
  });

  const dmsToEve = () =>
    fake.calls.filter((c) => ["chat.postMessage", "chat.update"].includes(c.method) && c.body.channel === "U_EVE");

  it("never fetches it for a slash command, and answers in the app's DM instead", async () => {
    const body = slashCommandBody({
      teamId: TEAM,
      userId: "U_EVE",
      channelId: "C_X",
      text: "status",
      responseUrl: `${trapUrl}/steal/command`,
      triggerId: "rurl.1.trigger",
    });
    expect((await postSigned(slack.eventsUrl, body, { secret: SIGNING_SECRET, contentType: FORM })).status).toBe(200);
    await fake.waitFor(
      () => dmsToEve().some((c) => String(c.body.text).startsWith("Result for")),
      "the answer in the DM",
    );
    expect(trapped).toEqual([]);
  });

  it("never fetches it for a button click", async () => {
    const click = {
      type: "block_actions",
      user: { id: "U_EVE", team_id: TEAM },
      team: { id: TEAM },
      trigger_id: "rurl.2.trigger",
      channel: { id: "C_X" },
      response_url: `${trapUrl}/steal/action`,
      actions: [{ type: "button", action_id: "findings.show~1", value: "v" }],
    };
    const before = dmsToEve().length;
    const res = await postSigned(slack.eventsUrl, interactivityBody(click), {
      secret: SIGNING_SECRET,
      contentType: FORM,
    });
    expect(res.status).toBe(200);
    await fake.waitFor(() => dmsToEve().length > before, "the answer in the DM");
    expect(String(dmsToEve().at(-1)!.body.text)).toBe("Did findings.show with v");
    expect(trapped).toEqual([]);
  });
});
