/**
 * A single-workspace install (SLACK_BOT_TOKEN) started the way `npm start` composes it
 * (startApp): only the token's own team, as auth.test names it, sees the imported workspace.
 * A signed request from another team, even the first to arrive, is refused and logged.
 */
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { Logger } from "../../src/logger.js";
import { seedWorkspace } from "../core/commands/seed.js";
import { openDatabase } from "../../src/db/database.js";
import { applyMigrations } from "../../src/db/migrate.js";
import { tempDir } from "../helpers/tmp.js";
import { FakeSlack } from "./fake-slack.js";
import { SIGNING_SECRET } from "./harness.js";
import { postSigned, slashCommandBody } from "./signing.js";

const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
const logger: Logger = {
  debug() {},
  info() {},
  warn: (message, fields) => void warnings.push({ message, ...(fields ? { fields } : {}) }),
  error() {},
};

let fake: FakeSlack;
let app: RunningApp;
let dbFile: string;
let seq = 0;

beforeAll(async () => {
  fake = await new FakeSlack({
    teams: {
      T0001: { botToken: "xoxb-one", users: [{ id: "U_REP", name: "Rep", email: "a.rep@example.com" }] },
      TSTRANGER: { botToken: "xoxb-stranger", users: [{ id: "U_X", name: "Stranger", email: "a.rep@example.com" }] },
    },
  }).start();
  dbFile = path.join(tempDir("slack-single"), "crm.db");
  // The CRM copy the operator imported with the CLI, in the default workspace.
  const seeded = openDatabase(`file:${dbFile}`);
  applyMigrations(seeded.sqlite);
  seedWorkspace(seeded, "default", "a");
  await seeded.close();
  const config = loadConfig({
    DATABASE_URL: `file:${dbFile}`,
    PORT: "0",
    HOST: "127.0.0.1",
    SAMPLE_CONTACTS: "0",
    CONSOLE: "off",
    SLACK_BOT_TOKEN: "xoxb-one",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
  });
  app = await startApp(config, logger, { stdin: new PassThrough(), stdout: new PassThrough() });
});

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

async function command(team: string, user: string, text: string): Promise<string> {
  const responseId = `cmd-${++seq}`;
  const body = slashCommandBody({
    teamId: team,
    userId: user,
    channelId: "D_DM",
    text,
    responseUrl: fake.responseUrl(responseId),
    triggerId: `${seq}.trigger`,
  });
  const ack = await postSigned(`${app.url}/slack/events`, body, {
    secret: SIGNING_SECRET,
    contentType: "application/x-www-form-urlencoded",
  });
  expect(ack.status).toBe(200);
  await fake.waitFor((calls) => calls.some((c) => c.target === responseId), responseId);
  return JSON.stringify(fake.callsTo("response_url", responseId).map((c) => c.body));
}

describe("Slack with a bot token from the environment", () => {
  it("refuses a team other than the token's, even when it asks first, and serves the token's team", async () => {
    const stranger = await command("TSTRANGER", "U_X", "overdue");
    expect(stranger).toContain("set up for another organisation");
    expect(stranger).not.toContain("Big renewal");
    expect(stranger).not.toContain("example");
    expect(warnings.some((w) => w.message.includes("refused") && w.fields?.teamId === "TSTRANGER")).toBe(true);

    const own = await command("T0001", "U_REP", "overdue");
    expect(own).toContain("a Big renewal");
  });
});
