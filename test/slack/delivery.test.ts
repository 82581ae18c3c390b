import { webApi } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logger.js";
import { ChannelDelivery } from "../../src/slack/delivery.js";
import { slackClientOptions } from "../../src/slack/index.js";
import { loadConfig } from "../../src/config.js";
import { FakeSlack } from "./fake-slack.js";

const TOKEN = "xoxb-test-delivery";
let fake: FakeSlack | undefined;

afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

function client(apiUrl: string): webApi.WebClient {
  const config = loadConfig({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: "s", SLACK_API_URL: apiUrl });
  const quiet = {
    debug() {},
    info() {},
    warn() {},
    error() {},
    setLevel() {},
    getLevel: () => "error" as never,
    setName() {},
  };
  return new webApi.WebClient(TOKEN, slackClientOptions(config, quiet));
}

const message = (i: number) => ({
  text: `message ${i}`,
  blocks: [{ type: "section" as const, text: { type: "mrkdwn" as const, text: `message ${i}` } }],
});

describe("per-channel delivery", () => {
  it("delivers a burst of 200 messages to one channel exactly once and in order through 429s", async () => {
    // Slack-like: every 40th post is refused with Retry-After: 1.
    fake = await new FakeSlack({
      teams: { T1: { botToken: TOKEN, users: [] } },
      rateLimit: (call, index) => (call.method === "chat.postMessage" && index % 40 === 39 ? 1 : null),
    }).start();
    const delivery = new ChannelDelivery({ logger: silentLogger, minIntervalMs: 5 });
    const web = client(fake.apiUrl);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => delivery.post(web, "C_BURST", message(i))));

    const posted = fake.callsTo("chat.postMessage").map((c) => c.body.text);
    expect(posted).toEqual(Array.from({ length: 200 }, (_, i) => `message ${i}`));
    expect(new Set(results.map((r) => r.ts)).size).toBe(200);
    expect(fake.rateLimited.length).toBeGreaterThanOrEqual(4);
    // Retry-After honoured: after each refusal the channel stays quiet for at least a second.
    for (const refused of fake.rateLimited) {
      const next = fake.calls.find((c) => c.method === "chat.postMessage" && c.at >= refused.at)!;
      expect(next.body.text).toBe(refused.body.text);
      expect(next.at - refused.at).toBeGreaterThanOrEqual(990);
    }
    expect(delivery.pending("C_BURST")).toBe(0);
    expect(fake.violations).toEqual([]);
  });

  it("spaces posts to one channel by the interval but does not hold other channels back", async () => {
    fake = await new FakeSlack({ teams: { T1: { botToken: TOKEN, users: [] } } }).start();
    const delivery = new ChannelDelivery({ logger: silentLogger, minIntervalMs: 100 });
    const web = client(fake.apiUrl);
    await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => delivery.post(web, "C_A", message(i))),
      ...Array.from({ length: 5 }, (_, i) => delivery.post(web, "C_B", message(i))),
    ]);
    for (const channel of ["C_A", "C_B"]) {
      const times = fake.calls.filter((c) => c.body.channel === channel).map((c) => c.at);
      expect(times).toHaveLength(5);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(95);
    }
    // Both channels were served side by side: B's first post did not wait for A's five.
    const firstB = fake.calls.find((c) => c.body.channel === "C_B")!.at;
    const lastA = fake.calls.filter((c) => c.body.channel === "C_A").at(-1)!.at;
    expect(firstB).toBeLessThan(lastA);
  });

  it("keeps an edit behind the post it edits", async () => {
    fake = await new FakeSlack({ teams: { T1: { botToken: TOKEN, users: [] } } }).start();
    const delivery = new ChannelDelivery({ logger: silentLogger, minIntervalMs: 20 });
    const web = client(fake.apiUrl);
    const posted = await delivery.post(web, "C_E", message(1));
    await delivery.update(web, posted.channel, posted.ts, message(2));
    expect(fake.calls.map((c) => [c.method, c.body.text])).toEqual([
      ["chat.postMessage", "message 1"],
      ["chat.update", "message 2"],
    ]);
  });
});
