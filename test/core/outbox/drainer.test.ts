/**
 * The outbox on a real SQLite file with two connections standing for two instances, and
 * senders that stand for the platforms: one row per key, disjoint claims, 429s rescheduled and
 * never dropped, failures with their reason, and a row whose instance died while sending
 * handed to the next instance as suspect.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Delivery } from "../../../src/core/delivery.js";
import {
  createDrainer,
  outboxDeliverer,
  PermanentDeliveryError,
  type OutboxSender,
  type SendOutcome,
} from "../../../src/core/outbox/drainer.js";
import type { OutboxRow } from "../../../src/core/stores/outbox.js";
import { openDatabase, type Database } from "../../../src/db/database.js";
import { silentLogger } from "../../../src/logger.js";
import { freshDatabase } from "../../helpers/db.js";

const T = Date.parse("2026-12-07T07:00:00Z");
let db: Database;
let other: Database;
let clock: number;

beforeEach(() => {
  db = freshDatabase("outbox");
  other = openDatabase(`file:${db.file}`);
  clock = T;
});
afterEach(async () => {
  await other.close();
  await db.close();
});

const dm = (i: number, extra: Partial<Delivery> = {}): Delivery => ({
  workspaceId: "w1",
  target: { kind: "user", platform: "slack", tenantId: "T1", userId: `U${i}` },
  message: { text: `digest ${i}`, visibility: "private", blocks: [{ type: "text", text: `digest ${i}` }] },
  key: `reminders:1:${T}:u${i}`,
  ...extra,
});

function recordingSender(
  answer: (row: OutboxRow) => SendOutcome | Promise<SendOutcome> = () => ({ ok: true, ref: "x" }),
) {
  const sent: OutboxRow[] = [];
  const sender: OutboxSender = {
    async send(row) {
      const outcome = await answer(row);
      if (outcome.ok && !outcome.found) sent.push(row);
      return outcome;
    },
  };
  return { sender, sent };
}

function drainer(
  database: Database,
  name: string,
  sender: OutboxSender,
  extra: { leaseMs?: number; maxAttempts?: number; onFailed?: (row: OutboxRow, reason: string) => void } = {},
) {
  return createDrainer({
    store: database.stores.chat.outbox,
    senders: { slack: sender },
    instanceId: name,
    logger: silentLogger,
    now: () => clock,
    backoffMs: 1000,
    ...extra,
  });
}

describe("the outbox", () => {
  it("keeps one row per key, whichever instance hands it over and however often", async () => {
    const a = outboxDeliverer(db.stores.chat.outbox, { now: () => clock });
    const b = outboxDeliverer(other.stores.chat.outbox, { now: () => clock });
    await a.deliver([dm(1), dm(2)]);
    await b.deliver([dm(2), dm(3)]);
    await a.deliver([dm(1)]);
    expect(await db.stores.chat.outbox.counts()).toEqual({ queued: 3, sending: 0, sent: 0, failed: 0 });
  });

  it("sends each row once with two instances draining at the same time", async () => {
    await outboxDeliverer(db.stores.chat.outbox, { now: () => clock }).deliver(
      Array.from({ length: 300 }, (_, i) => dm(i)),
    );
    const one = recordingSender();
    const two = recordingSender();
    await Promise.all([drainer(db, "a", one.sender).drainOnce(), drainer(other, "b", two.sender).drainOnce()]);
    const keys = [...one.sent, ...two.sent].map((r) => r.key);
    expect(keys).toHaveLength(300);
    expect(new Set(keys).size).toBe(300);
    expect(await db.stores.chat.outbox.counts()).toEqual({ queued: 0, sending: 0, sent: 300, failed: 0 });
  });

  it("masks a channel post on its way out, and leaves a direct message whole", async () => {
    const text = "Call ann.lee@a-widgets.example";
    const message = { text, visibility: "private" as const, blocks: [{ type: "text" as const, text }] };
    await outboxDeliverer(db.stores.chat.outbox, { now: () => clock }).deliver([
      { ...dm(1), message, target: { kind: "channel", platform: "slack", tenantId: "T1", conversationId: "C1" } },
      { ...dm(2), message },
    ]);
    const { sender, sent } = recordingSender();
    await drainer(db, "a", sender).drainOnce();
    const byTarget = Object.fromEntries(sent.map((r) => [r.target.kind, JSON.stringify(r.message)]));
    expect(byTarget.channel).not.toContain("ann.lee@");
    expect(byTarget.user).toContain("ann.lee@");
  });

  it("waits for notBefore, and reschedules a 429 at its Retry-After without ever failing the row", async () => {
    await outboxDeliverer(db.stores.chat.outbox, { now: () => clock }).deliver([
      dm(1),
      dm(2, { notBefore: T + 300_000 }),
    ]);
    let throttles = 8; // more than maxAttempts: a 429 is never a reason to give up
    const { sender, sent } = recordingSender((row) =>
      row.key === dm(1).key && throttles-- > 0
        ? { ok: false, retryAfterMs: 30_000, reason: "Slack rate limit (429)" }
        : { ok: true, ref: "x" },
    );
    const d = drainer(db, "a", sender, { maxAttempts: 3 });
    for (let i = 0; i < 8; i++) {
      await d.drainOnce();
      expect(sent).toEqual([]);
      const row = await db.stores.chat.outbox.byKey(dm(1).key);
      expect(row).toMatchObject({ status: "queued", notBefore: clock + 30_000, lastError: "Slack rate limit (429)" });
      clock += 30_000;
    }
    await d.drainOnce();
    expect(sent.map((r) => r.key)).toEqual([dm(1).key]);
    // The other row was not due before its notBefore.
    clock = T + 300_000;
    await d.drainOnce();
    expect(sent.map((r) => r.key)).toEqual([dm(1).key, dm(2).key]);
    expect(await db.stores.chat.outbox.counts()).toMatchObject({ sent: 2, failed: 0 });
  });

  it("retries a transient error with backoff, then fails the row with the reason; a permanent one fails at once", async () => {
    await outboxDeliverer(db.stores.chat.outbox, { now: () => clock }).deliver([dm(1), dm(2)]);
    const { sender } = recordingSender((row) => {
      if (row.key === dm(2).key)
        throw new PermanentDeliveryError("Slack: the Slack user is deactivated (user_disabled)");
      throw new Error("socket hang up");
    });
    const failedFor: string[] = [];
    const d = drainer(db, "a", sender, {
      maxAttempts: 3,
      onFailed: (row, reason) => void failedFor.push(`${row.key}: ${reason}`),
    });
    await d.drainOnce();
    // Told once a row fails for good (reminders then look the person up anew), not on a retry.
    expect(failedFor).toEqual([`${dm(2).key}: Slack: the Slack user is deactivated (user_disabled)`]);
    expect(await db.stores.chat.outbox.byKey(dm(2).key)).toMatchObject({
      status: "failed",
      lastError: "Slack: the Slack user is deactivated (user_disabled)",
    });
    expect(await db.stores.chat.outbox.byKey(dm(1).key)).toMatchObject({ status: "queued", notBefore: T + 1000 });
    clock += 1000;
    await d.drainOnce();
    expect(await db.stores.chat.outbox.byKey(dm(1).key)).toMatchObject({ status: "queued", notBefore: clock + 2000 });
    clock += 2000;
    await d.drainOnce();
    expect(await db.stores.chat.outbox.byKey(dm(1).key)).toMatchObject({
      status: "failed",
      attempts: 3,
      lastError: "socket hang up (after 3 attempts)",
    });
    expect(failedFor).toHaveLength(2);
    expect(failedFor[1]).toBe(`${dm(1).key}: socket hang up (after 3 attempts)`);
  });

  it("hands a row whose instance died while sending to the next one as suspect, once its lease ran out", async () => {
    await outboxDeliverer(db.stores.chat.outbox, { now: () => clock }).deliver([dm(1), dm(2)]);
    // Instance a takes both rows and never answers (it died with the messages on the wire).
    const hung = drainer(db, "a", { send: () => new Promise<SendOutcome>(() => undefined) }, { leaseMs: 60_000 });
    void hung.drainOnce();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await db.stores.chat.outbox.counts()).toMatchObject({ sending: 2 });
    const seen: OutboxRow[] = [];
    const b = drainer(other, "b", {
      async send(row) {
        seen.push(row);
        // The platform already has dm(1): the sender finds it and does not post again.
        return row.key === dm(1).key ? { ok: true, ref: "C:1", found: true } : { ok: true, ref: "C:2" };
      },
    });
    // Within the lease nobody else may touch them.
    expect(await b.drainOnce()).toBe(0);
    clock += 60_001;
    expect(await b.drainOnce()).toBe(2);
    expect(seen.map((r) => [r.key, r.suspect, r.attempts])).toEqual([
      [dm(1).key, true, 2],
      [dm(2).key, true, 2],
    ]);
    expect(await db.stores.chat.outbox.counts()).toMatchObject({ sent: 2, sending: 0 });
  });

  it("gives back the rows it had not started when it stops", async () => {
    await outboxDeliverer(db.stores.chat.outbox, { now: () => clock }).deliver([dm(1)]);
    const rows = await db.stores.chat.outbox.claim("a", clock, clock + 60_000, 10);
    expect(rows).toHaveLength(1);
    await db.stores.chat.outbox.release("a");
    expect(await db.stores.chat.outbox.byKey(dm(1).key)).toMatchObject({
      status: "queued",
      attempts: 0,
      suspect: false,
    });
  });
});
