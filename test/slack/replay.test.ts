/**
 * A signed request replayed as is (same body, timestamp and signature, no retry header) within
 * the five-minute window is handled once, through the real HTTP path: by its trigger id, or by
 * its signature when it has no trigger or event id (a form submission may come without one; a
 * slash command without a trigger id is refused by the edge, see edge.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.js";
import { freshDatabase } from "../helpers/db.js";
import { FakeSlack } from "./fake-slack.js";
import { DUPLICATE_IGNORED, SIGNING_SECRET, startSlack, WatchingLogger, type RunningSlack } from "./harness.js";
import { RecordingCore } from "./recording-core.js";
import { FORM_CALLBACK_ID } from "../../src/slack/render/action-ids.js";
import { interactivityBody, postSigned, slackSignature, slashCommandBody } from "./signing.js";

const TEAM = "T0REPLAY";
const TOKEN = "xoxb-replay";
const FORM = "application/x-www-form-urlencoded" as const;

let fake: FakeSlack;
let db: Database;
let core: RecordingCore;
let slack: RunningSlack;
const logger = new WatchingLogger();

beforeAll(async () => {
  fake = await new FakeSlack({
    teams: { [TEAM]: { botToken: TOKEN, users: [{ id: "U_BOB", name: "Bob", email: "bob@acme.example" }] } },
  }).start();
  db = freshDatabase("slack-replay");
  core = new RecordingCore();
  slack = await startSlack({ core, db, apiUrl: fake.apiUrl, botToken: TOKEN, logger });
});

afterAll(async () => {
  await slack?.stop();
  await fake?.stop();
  await db?.close();
});

function command(text: string, responseId: string, triggerId: string | null): string {
  const fields = new URLSearchParams(
    slashCommandBody({
      teamId: TEAM,
      userId: "U_BOB",
      channelId: "C_SALES",
      text,
      responseUrl: fake.responseUrl(responseId),
      triggerId: triggerId ?? "",
    }),
  );
  if (triggerId === null) fields.delete("trigger_id");
  return fields.toString();
}

/** Sends `body` twice with the same timestamp and signature, as a replay would. */
async function sendTwice(body: string): Promise<string> {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = slackSignature(SIGNING_SECRET, timestamp, body);
  for (let i = 0; i < 2; i++) {
    const response = await postSigned(slack.eventsUrl, body, {
      secret: SIGNING_SECRET,
      contentType: FORM,
      timestamp,
      signature,
    });
    expect(response.status).toBe(200);
  }
  return signature;
}

/** Waits for a command sent after the replay to be answered: the replay has been dealt with by then. */
async function answered(text: string, responseId: string): Promise<void> {
  const body = command(text, responseId, `${responseId}.trigger`);
  expect((await postSigned(slack.eventsUrl, body, { secret: SIGNING_SECRET, contentType: FORM })).status).toBe(200);
  await fake.waitFor((calls) => calls.filter((c) => c.target === responseId).length >= 2);
}

describe("replayed Slack requests", () => {
  it("answers a slash command replayed without a retry header once (same trigger id)", async () => {
    const before = core.commands.length;
    await sendTwice(command("status", "replayed-trigger", "1.replayed.trigger"));
    await logger.waitFor(DUPLICATE_IGNORED, { key: `slack:${TEAM}:trigger:1.replayed.trigger` });
    await answered("history", "after-trigger");
    expect(core.commands.slice(before).map((c) => c.text)).toEqual(["status", "history"]);
  });

  it("handles a replayed form submission with no trigger id once, by its signature", async () => {
    const before = core.submissions.length;
    const body = interactivityBody({
      type: "view_submission",
      team: { id: TEAM, domain: "replay" },
      user: { id: "U_BOB", team_id: TEAM },
      api_app_id: "A0CRMAUDIT",
      view: {
        id: "V1",
        type: "modal",
        callback_id: FORM_CALLBACK_ID,
        private_metadata: JSON.stringify({ f: "survey.answer", s: "survey-7", n: ["hours"], c: "C_SALES" }),
        title: { type: "plain_text", text: "Survey" },
        state: { values: { hours: { value: { type: "number_input", value: "3" } } } },
      },
    });
    const signature = await sendTwice(body);
    await logger.waitFor(DUPLICATE_IGNORED, { key: `slack:${TEAM}:signature:${signature}` });
    await answered("history", "after-signature");
    expect(core.submissions.length - before).toBe(1);
  });
});
