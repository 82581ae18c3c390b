/**
 * The outbox's Teams side through the Bot Framework protocol: a personal chat stored when a
 * person installs the bot carries their direct messages, someone who never did is reported
 * unreachable with the reason, channel posts go through the stored reference, a 429 the pacer
 * could not absorb reschedules the row, and the directory finds people by the emails Teams gave.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Delivery } from "../../src/core/delivery.js";
import { createDrainer, outboxDeliverer } from "../../src/core/outbox/drainer.js";
import type { Database } from "../../src/db/database.js";
import { silentLogger } from "../../src/logger.js";
import { createTeamsIntegration, type TeamsIntegration } from "../../src/teams/index.js";
import { NOT_INSTALLED } from "../../src/teams/outbox.js";
import { freshDatabase } from "../helpers/db.js";
import { startFakeConnector, type FakeConnector } from "./fake-connector.js";
import { postActivity, serveRoutes, teamsActivity, type RunningServer } from "./harness.js";
import { createScriptedCore } from "./scripted-core.js";

const TENANT = "tenant-7";
const WS = `ws-teams-${TENANT}`;
let db: Database;
let connector: FakeConnector;
let teams: TeamsIntegration;
let server: RunningServer;
let clock = Date.now();

beforeAll(async () => {
  db = freshDatabase("teams-outbox");
  connector = await startFakeConnector();
  teams = await createTeamsIntegration({
    config: {
      MicrosoftAppId: undefined,
      MicrosoftAppPassword: undefined,
      MicrosoftAppType: undefined,
      MicrosoftAppTenantId: undefined,
      TEAMS_ADMIN_USER_IDS: [],
    },
    core: createScriptedCore(),
    db,
    logger: silentLogger,
    // One attempt of our own: a 429 the connector client does not absorb goes back to the outbox.
    pacer: { maxAttempts: 1 },
  });
  await teams.start();
  server = await serveRoutes(teams.routes);
  // Ana installs the bot for herself; the team channel has it too; Bob never installed it.
  for (const [conversationId, conversationType] of [
    ["a:personal-ana", "personal"],
    ["19:sales@thread.tacv2", "channel"],
  ] as const) {
    await postActivity(
      server.url,
      teamsActivity(
        { serviceUrl: connector.url, conversationId, conversationType, tenantId: TENANT, fromId: "29:ana" },
        { type: "installationUpdate", action: "add" },
      ),
    );
  }
  await teams.idle();
});
afterAll(async () => {
  await teams.stop();
  await server.close();
  await connector.close();
  await db.close();
});

const text = "Call ann.lee@a-widgets.example";
const delivery = (key: string, target: Delivery["target"]): Delivery => ({
  workspaceId: WS,
  target,
  message: { text, visibility: "private", blocks: [{ type: "text", text }] },
  key,
});
const drain = () =>
  createDrainer({
    store: db.stores.chat.outbox,
    senders: { teams: teams.outbox.sender },
    instanceId: "t",
    logger: silentLogger,
    now: () => clock,
  }).drainOnce();

describe("Teams delivery through the outbox", () => {
  it("sends a person's message into their personal chat, and reports who never installed the bot", async () => {
    expect(await db.stores.chat.personalChats.get("teams", TENANT, "29:ana")).toBe("a:personal-ana");
    await outboxDeliverer(db.stores.chat.outbox, { now: () => clock }).deliver([
      delivery("ana", { kind: "user", platform: "teams", tenantId: TENANT, userId: "29:ana" }),
      delivery("bob", { kind: "user", platform: "teams", tenantId: TENANT, userId: "29:bob" }),
      delivery("sales", {
        kind: "channel",
        platform: "teams",
        tenantId: TENANT,
        conversationId: "19:sales@thread.tacv2",
      }),
    ]);
    await drain();
    const posts = connector.received.filter((c) => c.method === "POST");
    const to = (id: string) => posts.filter((c) => c.conversationId === id).map((c) => JSON.stringify(c.body));
    expect(to("a:personal-ana")).toHaveLength(1);
    expect(to("a:personal-ana")[0]).toContain("ann.lee@");
    // The channel's copy is masked.
    expect(to("19:sales@thread.tacv2")).toHaveLength(1);
    expect(to("19:sales@thread.tacv2")[0]).not.toContain("ann.lee@");
    expect(await db.stores.chat.outbox.byKey("bob")).toMatchObject({
      status: "failed",
      lastError: `Teams user 29:bob ${NOT_INSTALLED}`,
    });
  });

  it("reschedules a message Teams keeps throttling at its Retry-After, then sends it once", async () => {
    await outboxDeliverer(db.stores.chat.outbox, { now: () => clock }).deliver([
      delivery("throttled", { kind: "user", platform: "teams", tenantId: TENANT, userId: "29:ana" }),
    ]);
    // More 429s than the connector client retries by itself (three).
    connector.throttleNext(50, 0);
    await drain();
    connector.throttleNext(0, 0);
    // Retry-After 0 still waits a second: a row is never hammered at the connector.
    expect(await db.stores.chat.outbox.byKey("throttled")).toMatchObject({ status: "queued", notBefore: clock + 1000 });
    clock += 1000;
    const before = connector.received.filter((c) => c.method === "POST").length;
    await drain();
    expect(await db.stores.chat.outbox.byKey("throttled")).toMatchObject({ status: "sent" });
    expect(connector.received.filter((c) => c.method === "POST").length).toBe(before + 1);
  });

  it("finds people by the emails Teams gave the bot, and lists a conversation's roster", async () => {
    for (const [userId, email] of [
      ["29:ana", "ana@example.com"],
      ["29:bob", "bob@example.com"],
    ]) {
      await db.stores.chat.identities.save({
        platform: "teams",
        tenantId: TENANT,
        userId: userId!,
        workspaceId: WS,
        crmUserId: null,
        email: email!,
        displayName: userId!,
        isAdmin: false,
      });
    }
    expect(await teams.outbox.findByEmail(TENANT, "ANA@example.com")).toEqual({
      found: true,
      userId: "29:ana",
      displayName: "29:ana",
      timeZone: null,
    });
    expect(await teams.outbox.findByEmail(TENANT, "bob@example.com")).toEqual({
      found: false,
      reason: `29:bob ${NOT_INSTALLED}`,
    });
    expect(await teams.outbox.findByEmail(TENANT, "carl@example.com")).toMatchObject({ found: false });
    connector.rosters.set(
      "19:sales@thread.tacv2",
      Array.from({ length: 7 }, (_, i) => ({ id: `29:m${i}`, name: `M${i}` })),
    );
    expect(await teams.outbox.members(TENANT, "19:sales@thread.tacv2")).toEqual({
      found: true,
      userIds: Array.from({ length: 7 }, (_, i) => `29:m${i}`),
    });
    expect(await teams.outbox.members(TENANT, "19:unknown")).toMatchObject({ found: false });
    // A conversation the bot knows but whose roster the connector refuses: not an empty roster.
    connector.rosters.delete("19:sales@thread.tacv2");
    expect(await teams.outbox.members(TENANT, "19:sales@thread.tacv2")).toMatchObject({
      found: false,
      reason: expect.stringContaining("Teams could not list the members"),
    });
  });
});
