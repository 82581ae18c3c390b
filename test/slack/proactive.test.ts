/**
 * Proactive posts (digests, reminders) leave through the integration's `send`, not through the
 * chat core's responder, so `send` must mask a channel message itself.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../../src/db/database.js";
import { freshDatabase } from "../helpers/db.js";
import { FakeSlack } from "./fake-slack.js";
import { startSlack, type RunningSlack } from "./harness.js";
import { RecordingCore } from "./recording-core.js";

const TEAM = "T0PROACTIVE";
const TOKEN = "xoxb-proactive";

let fake: FakeSlack;
let db: Database;
let slack: RunningSlack;

beforeAll(async () => {
  fake = await new FakeSlack({ teams: { [TEAM]: { botToken: TOKEN, users: [] } } }).start();
  db = freshDatabase("slack-proactive");
  slack = await startSlack({ core: new RecordingCore(), db, apiUrl: fake.apiUrl, botToken: TOKEN });
});

afterAll(async () => {
  await slack?.stop();
  await fake?.stop();
  await db?.close();
});

it("masks emails and phones in a proactive channel post, and leaves a private one whole", async () => {
  const text = "Call ann.lee@a-widgets.example on +44 20 7183 8750";
  await slack.integration.send(TEAM, "C_DIGEST", {
    text,
    blocks: [{ type: "text", text }],
    visibility: "channel",
  });
  await slack.integration.send(TEAM, "U_ANN", { text, blocks: [{ type: "text", text }], visibility: "private" });
  const [channel, direct] = ["C_DIGEST", "U_ANN"].map((id) =>
    JSON.stringify(fake.callsTo("chat.postMessage").find((c) => c.body.channel === id)?.body),
  );
  expect(channel).toContain("a.•••@a-widgets.example");
  expect(channel).toContain("+44 •••••• 750");
  expect(channel).not.toContain("ann.lee@");
  expect(channel).not.toContain("7183");
  expect(direct).toContain(text);
});
