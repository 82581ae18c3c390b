/**
 * Multi-workspace distribution: two Slack workspaces install the app through OAuth
 * (/slack/install → Slack → /slack/oauth_redirect), their installations land in the database,
 * and each one's requests run with its own bot token against its own CRM-audit workspace.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.js";
import { freshDatabase } from "../helpers/db.js";
import { FakeSlack } from "./fake-slack.js";
import { SECRET_KEY, SIGNING_SECRET, startSlack, type RunningSlack } from "./harness.js";
import { RecordingCore } from "./recording-core.js";
import { postSigned, slashCommandBody } from "./signing.js";

const FORM = "application/x-www-form-urlencoded" as const;
let fake: FakeSlack;
let db: Database;
let core: RecordingCore;
let slack: RunningSlack;

beforeAll(async () => {
  fake = await new FakeSlack({
    teams: {
      T_NORTH: { botToken: "xoxb-north", users: [{ id: "U_N", name: "Nina", email: "nina@north.example" }] },
      T_SOUTH: { botToken: "xoxb-south", users: [{ id: "U_S", name: "Sam", email: "sam@south.example" }] },
    },
    oauth: {
      clientId: "111.222",
      clientSecret: "client-secret",
      codes: { "code-north": "T_NORTH", "code-south": "T_SOUTH" },
    },
  }).start();
  db = freshDatabase("slack-oauth");
  core = new RecordingCore();
  slack = await startSlack({
    core,
    db,
    apiUrl: fake.apiUrl,
    env: {
      SLACK_CLIENT_ID: "111.222",
      SLACK_CLIENT_SECRET: "client-secret",
      SLACK_STATE_SECRET: "state-secret",
      CRM_AUDIT_SECRET_KEY: SECRET_KEY,
    },
  });
});

afterAll(async () => {
  await slack?.stop();
  await fake?.stop();
  await db?.close();
});

async function install(code: string): Promise<number> {
  const start = await fetch(`${slack.baseUrl}/slack/install`, { redirect: "manual" });
  expect(start.status).toBe(302);
  const location = new URL(start.headers.get("location")!);
  expect(location.searchParams.get("client_id")).toBe("111.222");
  expect(location.searchParams.get("scope")).toBe("commands,chat:write,users:read,users:read.email,files:write");
  const state = location.searchParams.get("state")!;
  const cookie = start.headers.get("set-cookie")!.split(";")[0]!;
  const done = await fetch(`${slack.baseUrl}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, {
    headers: { cookie },
    redirect: "manual",
  });
  return done.status;
}

async function command(teamId: string, userId: string, responseId: string) {
  const body = slashCommandBody({
    teamId,
    userId,
    channelId: "C_1",
    text: "status",
    responseUrl: fake.responseUrl(responseId),
    triggerId: `${responseId}.trigger`,
  });
  return postSigned(slack.eventsUrl, body, { secret: SIGNING_SECRET, contentType: FORM });
}

describe("Slack OAuth installs", () => {
  it("stores each workspace's installation through the install flow", async () => {
    expect(await install("code-north")).toBe(200);
    expect(await install("code-south")).toBe(200);
    const rows = await db.prisma.slackInstallation.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.id, r.workspaceId])).toEqual([
      ["team:T_NORTH", "ws-T_NORTH"],
      ["team:T_SOUTH", "ws-T_SOUTH"],
    ]);
  });

  it("rejects a callback whose state was not issued by this app", async () => {
    const forged = await fetch(`${slack.baseUrl}/slack/oauth_redirect?code=code-north&state=forged`, {
      redirect: "manual",
    });
    expect(forged.status).toBeGreaterThanOrEqual(400);
  });

  it("serves each workspace with its own token and its own CRM-audit workspace", async () => {
    expect((await command("T_NORTH", "U_N", "north-1")).status).toBe(200);
    expect((await command("T_SOUTH", "U_S", "south-1")).status).toBe(200);
    await fake.waitFor((calls) =>
      ["north-1", "south-1"].every((id) => calls.some((c) => c.target === id && c.body.replace_original)),
    );
    const north = core.commands.find((c) => c.actor.userId === "U_N")!;
    const south = core.commands.find((c) => c.actor.userId === "U_S")!;
    expect([north.workspaceId, north.actor.email]).toEqual(["ws-T_NORTH", "nina@north.example"]);
    expect([south.workspaceId, south.actor.email]).toEqual(["ws-T_SOUTH", "sam@south.example"]);
    const tokenFor = (user: string) => fake.callsTo("users.info").find((c) => c.body.user === user)!.token;
    expect([tokenFor("U_N"), tokenFor("U_S")]).toEqual(["xoxb-north", "xoxb-south"]);
  });

  it("runs nothing for a workspace that never installed the app", async () => {
    const before = core.commands.length;
    await command("T_STRANGER", "U_X", "stranger-1");
    // An installed team's command afterwards, answered: the stranger's would have run by then.
    expect((await command("T_NORTH", "U_N", "north-2")).status).toBe(200);
    await fake.waitFor((calls) => calls.some((c) => c.target === "north-2"));
    expect(core.commands.length).toBe(before + 1);
    expect(fake.callsTo("response_url", "stranger-1")).toEqual([]);
  });
});
