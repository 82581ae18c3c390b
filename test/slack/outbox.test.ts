/**
 * The outbox's Slack side against the fake Slack Web API over HTTP: direct messages through
 * conversations.open (opened once per person), the delivery key in message metadata, an
 * instance killed mid fan-out whose successor sends every message exactly once, 1,000 digests
 * with 429s injected, per-channel pacing, and the directory (users.lookupByEmail, members).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Delivery } from "../../src/core/delivery.js";
import { createDrainer, outboxDeliverer, type OutboxSender, type SendOutcome } from "../../src/core/outbox/drainer.js";
import { openDatabase, type Database } from "../../src/db/database.js";
import { silentLogger } from "../../src/logger.js";
import { DELIVERY_EVENT_TYPE } from "../../src/slack/outbox.js";
import { freshDatabase } from "../helpers/db.js";
import { FakeSlack, type FakeUser } from "./fake-slack.js";
import { startSlack, type RunningSlack } from "./harness.js";
import { RecordingCore } from "./recording-core.js";

const TEAM = "T0OUTBOX";
const TOKEN = "xoxb-outbox";
const USERS: FakeUser[] = Array.from({ length: 1000 }, (_, i) => ({
  id: `U${String(i).padStart(4, "0")}`,
  name: `Owner ${i}`,
  email: `owner${i}@example.com`,
  ...(i % 2 === 0 ? { tz: "Europe/Berlin" } : {}),
}));
const INTERVAL_MS = 20;
let fake: FakeSlack;
let slack: RunningSlack;
let db: Database;
let injected = 0;
let injecting = false;

beforeAll(async () => {
  fake = await new FakeSlack({
    teams: {
      [TEAM]: {
        botToken: TOKEN,
        users: [...USERS, { id: "UGONE", name: "Gone", email: "gone@example.com", deleted: true }],
        channels: { C_TEAM: USERS.slice(0, 250).map((u) => u.id) },
      },
    },
    // Slack's limits with every window shrunk 500 times (a minute is 120 ms), and on top of
    // them every 13th chat.postMessage is refused with a 429.
    limits: { windowScale: 0.002 },
    rateLimit: (call) => {
      if (!injecting || call.method !== "chat.postMessage") return null;
      return ++injected % 13 === 0 ? 0 : null;
    },
  }).start();
  db = freshDatabase("slack-outbox");
  slack = await startSlack({
    core: new RecordingCore(),
    db,
    apiUrl: fake.apiUrl,
    botToken: TOKEN,
    channelIntervalMs: INTERVAL_MS,
    // Our window is wider than the fake's, so our pacing alone keeps within its limit.
    outbox: { tier3PerMinute: 50, tier3WindowMs: 200, postRetries: 0 },
  });
});

afterAll(async () => {
  await slack?.stop();
  await fake?.stop();
  await db?.close();
});

const digest = (userId: string, key: string): Delivery => ({
  workspaceId: "w1",
  target: { kind: "user", platform: "slack", tenantId: TEAM, userId },
  message: {
    text: `Your digest ${key}`,
    visibility: "private",
    blocks: [{ type: "text", text: `Your digest ${key}` }],
  },
  key,
});

function drainer(database: Database, name: string, sender: OutboxSender, now: () => number = Date.now) {
  return createDrainer({
    store: database.stores.chat.outbox,
    senders: { slack: sender },
    instanceId: name,
    logger: silentLogger,
    now,
    pollMs: 10,
  });
}

const postsTo = (channel: string) => fake.callsTo("chat.postMessage").filter((c) => c.body.channel === channel);
const keyOf = (body: Record<string, unknown>) => {
  const metadata = typeof body.metadata === "string" ? JSON.parse(body.metadata) : body.metadata;
  return (metadata as { event_type: string; event_payload: { key: string } }).event_payload.key;
};

describe("Slack delivery through the outbox", () => {
  it("finds people by email with their zone, says why when it cannot, and lists a channel's members", async () => {
    const directory = slack.integration.outbox;
    expect(await directory.findByEmail(TEAM, "Owner2@Example.com")).toEqual({
      found: true,
      userId: "U0002",
      displayName: "Owner 2",
      timeZone: "Europe/Berlin",
    });
    expect(await directory.findByEmail(TEAM, "nobody@example.com")).toEqual({
      found: false,
      reason: "no Slack user has this email",
    });
    expect(await directory.findByEmail(TEAM, "gone@example.com")).toMatchObject({
      found: false,
      reason: expect.stringContaining("deactivated"),
    });
    const members = await directory.members(TEAM, "C_TEAM");
    expect(members).toMatchObject({ found: true });
    expect((members as { userIds: string[] }).userIds).toHaveLength(250);
    expect(await directory.members(TEAM, "C_NONE")).toMatchObject({
      found: false,
      reason: expect.stringContaining("channel_not_found"),
    });
  });

  it("opens a person's direct message once and posts there with the delivery key in metadata", async () => {
    const deliverer = outboxDeliverer(db.stores.chat.outbox);
    await deliverer.deliver([digest("U0999", "dm:1"), digest("U0999", "dm:2")]);
    await drainer(db, "a", slack.integration.outbox.sender).drainOnce();
    expect(fake.callsTo("conversations.open").filter((c) => c.body.users === "U0999")).toHaveLength(1);
    expect(postsTo("DU0999").map((c) => keyOf(c.body))).toEqual(["dm:1", "dm:2"]);
    expect(postsTo("DU0999")[0]!.body.metadata).toBeDefined();
    expect(await db.stores.chat.personalChats.get("slack", TEAM, "U0999")).toBe("DU0999");
    expect(JSON.stringify(fake.messages.get("DU0999"))).toContain(DELIVERY_EVENT_TYPE);
  });

  it("after an instance is killed mid fan-out, its successor sends every message exactly once", async () => {
    const users = USERS.slice(900, 920);
    await outboxDeliverer(db.stores.chat.outbox).deliver(users.map((u) => digest(u.id, `crash:${u.id}`)));
    // Instance a: the first 8 go through; the next 4 reach Slack but the instance dies before
    // recording them; the rest die before reaching Slack.
    const real = slack.integration.outbox.sender;
    let handled = 0;
    const dying: OutboxSender = {
      async send(row) {
        const n = handled++;
        if (n >= 12) return new Promise<SendOutcome>(() => undefined);
        const outcome = await real.send(row);
        return n < 8 ? outcome : new Promise<SendOutcome>(() => undefined);
      },
    };
    void drainer(db, "a", dying).drainOnce();
    await fake.waitFor(() => users.filter((u) => postsTo(`D${u.id}`).length > 0).length === 12, "12 posts");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await db.stores.chat.outbox.counts()).toMatchObject({ sending: 12 });
    // Instance b, on its own connection, after a's leases ran out (its clock is 5 minutes on).
    const other = openDatabase(`file:${db.file}`);
    try {
      const later = () => Date.now() + 5 * 60_000;
      await drainer(other, "b", real, later).drainOnce();
    } finally {
      await other.close();
    }
    for (const u of users) expect(postsTo(`D${u.id}`).map((c) => keyOf(c.body))).toEqual([`crash:${u.id}`]);
    const rows = await Promise.all(users.map((u) => db.stores.chat.outbox.byKey(`crash:${u.id}`)));
    expect(rows.every((r) => r?.status === "sent")).toBe(true);
    // The four that reached Slack were looked up, not posted again.
    expect(fake.callsTo("conversations.history").length).toBeGreaterThanOrEqual(4);
  });

  it("delivers 1,000 digests with 429s injected: each once, none lost", async () => {
    const keys = USERS.map((u) => `thousand:${u.id}`);
    await outboxDeliverer(db.stores.chat.outbox).deliver(USERS.map((u, i) => digest(u.id, keys[i]!)));
    injecting = true;
    const d = drainer(db, "bulk", slack.integration.outbox.sender);
    d.start();
    const deadline = Date.now() + 60_000;
    const batch = async () =>
      (await Promise.all(keys.map((k) => db.stores.chat.outbox.byKey(k)))).map((r) => r?.status);
    while ((await batch()).some((status) => status !== "sent")) {
      if (Date.now() > deadline)
        throw new Error(`the outbox did not drain: ${JSON.stringify(await db.stores.chat.outbox.counts())}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await d.stop();
    injecting = false;
    const posted = fake
      .callsTo("chat.postMessage")
      .map((c) => keyOf(c.body))
      .filter((k) => k.startsWith("thousand:"));
    expect(posted).toHaveLength(1000);
    expect(new Set(posted)).toEqual(new Set(keys));
    expect(fake.rateLimited.filter((c) => c.method === "chat.postMessage").length).toBeGreaterThan(50);
    const rows = await Promise.all(keys.map((k) => db.stores.chat.outbox.byKey(k)));
    expect(rows.filter((r) => r?.status === "sent")).toHaveLength(1000);
  }, 90_000);

  it("paces posts to one channel at least the channel interval apart", async () => {
    const channel = (i: number): Delivery => ({
      workspaceId: "w1",
      target: { kind: "channel", platform: "slack", tenantId: TEAM, conversationId: "C_BUSY" },
      message: { text: `post ${i}`, visibility: "channel", blocks: [{ type: "text", text: `post ${i}` }] },
      key: `busy:${i}`,
    });
    await outboxDeliverer(db.stores.chat.outbox).deliver(Array.from({ length: 15 }, (_, i) => channel(i)));
    await drainer(db, "busy", slack.integration.outbox.sender).drainOnce();
    const at = postsTo("C_BUSY").map((c) => c.at);
    expect(at).toHaveLength(15);
    // In order, and never closer than the interval (less a millisecond of clock granularity).
    expect(postsTo("C_BUSY").map((c) => keyOf(c.body))).toEqual(Array.from({ length: 15 }, (_, i) => `busy:${i}`));
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(INTERVAL_MS - 1);
  });
});
