/**
 * How long 1,000 digests (direct messages to 1,000 people) take to leave through the outbox,
 * against the fake Slack Web API enforcing Slack's documented rate limits, and how that compares
 * with the floor those limits impose. A benchmark, not a test.
 *
 * Two phases, each on a fresh database and a fresh fake Slack:
 *
 * 1. cold: the bot has never written to these people, so each digest needs conversations.open
 *    first. conversations.open is Tier 3 ("50+ per minute" per workspace): the k-th open cannot
 *    start before floor(k / 50) minutes, so 1,000 opens take at least 19 minutes. The fake
 *    enforces exactly 50 per sliding minute; both its window and ours are scaled by SCALE (the
 *    figure printed is also given in real minutes).
 * 2. warm: the DM channels are known (personal_chats), so each digest is one chat.postMessage.
 *    Its documented limit is about one message per second per channel; 1,000 people are 1,000
 *    channels, so that limit allows all of them in the first second: the floor is 1 s. (Slack
 *    also limits a workspace to "several hundred messages per minute" without a number; the
 *    fake does not model an undocumented figure.) The fake enforces 1 per second per channel
 *    unscaled.
 *
 * Run: npx tsx bench/reminders-delivery.ts [count=1000] [scale=0.02]
 */
import os from "node:os";
import type { Delivery } from "../src/core/delivery.js";
import { createDrainer, outboxDeliverer } from "../src/core/outbox/drainer.js";
import type { Database } from "../src/db/database.js";
import { silentLogger } from "../src/logger.js";
import { freshDatabase } from "../test/helpers/db.js";
import { FakeSlack, type FakeSlackLimits } from "../test/slack/fake-slack.js";
import { startSlack } from "../test/slack/harness.js";
import { RecordingCore } from "../test/slack/recording-core.js";

const COUNT = Number(process.argv[2] ?? 1000);
const SCALE = Number(process.argv[3] ?? 0.02);
const TEAM = "T_BENCH";
const TOKEN = "xoxb-bench";
const TIER3_PER_MINUTE = 50;

const users = Array.from({ length: COUNT }, (_, i) => ({
  id: `U${String(i).padStart(5, "0")}`,
  name: `Owner ${i}`,
  email: `owner${i}@example.com`,
  tz: "Europe/Berlin",
}));

function digest(userId: string, i: number): Delivery {
  const lines = Array.from({ length: 5 }, (_, j) => `• Task ${i}-${j} is ${j + 3} days overdue`);
  return {
    workspaceId: "bench",
    target: { kind: "user", platform: "slack", tenantId: TEAM, userId },
    message: {
      text: `You have 5 overdue items`,
      visibility: "private",
      blocks: [
        { type: "heading", text: "Your overdue items" },
        { type: "text", text: lines.join("\n") },
      ],
    },
    key: `bench:${userId}`,
  };
}

async function phase(name: "cold" | "warm", limits: FakeSlackLimits, tier3WindowMs: number) {
  const fake = await new FakeSlack({ teams: { [TEAM]: { botToken: TOKEN, users } }, limits }).start();
  const db: Database = freshDatabase(`bench-reminders-${name}`);
  const slack = await startSlack({
    core: new RecordingCore(),
    db,
    apiUrl: fake.apiUrl,
    botToken: TOKEN,
    channelIntervalMs: 1000,
    outbox: { tier3PerMinute: TIER3_PER_MINUTE, tier3WindowMs },
  });
  if (name === "warm") {
    for (const u of users)
      await db.stores.chat.personalChats.save("slack", TEAM, u.id, "bench", `D${u.id}`, Date.now());
  }
  const started = performance.now();
  const deliverer = outboxDeliverer(db.stores.chat.outbox);
  await deliverer.deliver(users.map((u, i) => digest(u.id, i)));
  const queuedMs = performance.now() - started;
  const drainer = createDrainer({
    store: db.stores.chat.outbox,
    senders: { slack: slack.integration.outbox.sender },
    instanceId: `bench-${name}`,
    logger: silentLogger,
    pollMs: 20,
  });
  drainer.start();
  for (;;) {
    const counts = await db.stores.chat.outbox.counts();
    if (counts.sent + counts.failed >= COUNT) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const totalMs = performance.now() - started;
  await drainer.stop();
  const counts = await db.stores.chat.outbox.counts();
  const posts = fake.callsTo("chat.postMessage").length;
  const opens = fake.callsTo("conversations.open").length;
  const refused = fake.rateLimited.length;
  await slack.stop();
  await fake.stop();
  await db.close();
  return { queuedMs, totalMs, counts, posts, opens, refused };
}

const fmt = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
console.log(`reminders delivery: ${COUNT} digests over the fake Slack; scale ${SCALE} for Tier 3 windows`);
console.log(
  `load average before: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}; ${os.cpus().length} CPUs`,
);

const windowMs = 60_000 * SCALE;
const cold = await phase("cold", { windowScale: SCALE, postPerChannelPerSecond: 1000 }, windowMs * 1.05);
const coldFloorMs = Math.floor((COUNT - 1) / TIER3_PER_MINUTE) * windowMs;
console.log(
  `cold (conversations.open + chat.postMessage): ${fmt(cold.totalMs)} ` +
    `(queued in ${fmt(cold.queuedMs)}); floor ${fmt(coldFloorMs)} = ${Math.floor((COUNT - 1) / TIER3_PER_MINUTE)} Tier 3 minutes ` +
    `(${Math.floor((COUNT - 1) / TIER3_PER_MINUTE)} min unscaled); ratio ${(cold.totalMs / coldFloorMs).toFixed(2)}; ` +
    `sent ${cold.counts.sent}, failed ${cold.counts.failed}, posts ${cold.posts}, opens ${cold.opens}, 429s ${cold.refused}`,
);
const warm = await phase("warm", { postPerChannelPerSecond: 1 }, windowMs);
console.log(
  `warm (chat.postMessage into known DMs): ${fmt(warm.totalMs)} (queued in ${fmt(warm.queuedMs)}); ` +
    `floor 1 s (one message per channel per second, ${COUNT} channels); ratio ${(warm.totalMs / 1000).toFixed(2)}; ` +
    `${((COUNT / warm.totalMs) * 1000).toFixed(0)} messages/s; sent ${warm.counts.sent}, posts ${warm.posts}, 429s ${warm.refused}`,
);
console.log(
  `load average after: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
