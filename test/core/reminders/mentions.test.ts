/**
 * @mentions in the team digest: owners linked to a chat user on the schedule's platform (a chat
 * identity, or a reminders match) are mentioned in a `mentions` block, which Slack renders as
 * <@U…>, Teams as <at>name</at> with the card's mention entities, and the console as @name.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderMessage as renderConsole } from "../../../src/console/render.js";
import type { Message } from "../../../src/core/messages/model.js";
import { createScheduler } from "../../../src/core/schedules/scheduler.js";
import type { Database } from "../../../src/db/database.js";
import { silentLogger } from "../../../src/logger.js";
import { renderMessage as renderSlack } from "../../../src/slack/render/surfaces.js";
import { renderMessageCard } from "../../../src/teams/render/index.js";
import { freshDatabase } from "../../helpers/db.js";
import { seedWorkspace, T0 } from "../commands/seed.js";
import { createTestAuditService } from "../commands/test-audit.js";

let db: Database;
beforeEach(() => {
  db = freshDatabase("digest-mentions");
  seedWorkspace(db, "w1", "a");
});
afterEach(async () => db.close());

const message: Message = {
  text: "digest",
  visibility: "channel",
  blocks: [{ type: "mentions", label: "Heads-up:", people: [{ userId: "U0REP", name: "Ann <Lee>" }] }],
};

describe("the mentions block", () => {
  it("is a Slack user mention, a Teams mention entity and an @name in the console", () => {
    expect(JSON.stringify(renderSlack(message).blocks)).toContain("Heads-up: <@U0REP>");
    const card = renderMessageCard(message);
    expect(JSON.stringify(card.body)).toContain("Heads-up: <at>Ann Lee</at>");
    expect(card.msteams?.entities).toEqual([
      { type: "mention", text: "<at>Ann Lee</at>", mentioned: { id: "U0REP", name: "Ann Lee" } },
    ]);
    expect(renderConsole(message).text).toBe("(posted to the channel)\nHeads-up: @Ann <Lee>");
  });

  it("drops an id Slack could not resolve rather than writing markup", () => {
    const odd: Message = {
      ...message,
      blocks: [{ type: "mentions", label: "x", people: [{ userId: "<!here>", name: "x" }] }],
    };
    expect(JSON.stringify(renderSlack(odd).blocks)).not.toContain("<!here>");
  });
});

describe("the digest kind", () => {
  it("mentions the owners linked to a chat user on the schedule's platform, and only those", async () => {
    await db.stores.chat.identities.save({
      platform: "slack",
      tenantId: "T1",
      userId: "UREP",
      workspaceId: "w1",
      crmUserId: "au1",
      email: "a.rep@example.com",
      displayName: "Rep",
      isAdmin: false,
    });
    // The same person on another Slack team is not who this channel can notify.
    await db.stores.chat.reminders.putMatch("w1", "slack", "T2", {
      crmUserId: "au2",
      email: "a.boss@example.com",
      chatUserId: "UBOSS",
      reason: null,
      timeZone: null,
      checkedAt: T0,
      failedAt: null,
    });
    const posts: Message[] = [];
    const s = await db.stores.chat.schedules.add({
      workspaceId: "w1",
      kind: "digest",
      cron: "0 8 * * *",
      timeZone: "UTC",
      target: { platform: "slack", tenantId: "T1", conversationId: "C1" },
      options: { always: false },
      createdBy: "Ann",
      createdAt: T0,
    });
    const scheduler = createScheduler({
      stores: db.stores.chat,
      audit: createTestAuditService(db, T0),
      fileSettings: {},
      logger: silentLogger,
      instanceId: "test",
      deliverer: { deliver: async (ds) => void posts.push(...ds.map((d) => d.message)) },
      now: () => T0,
      createTimer: () => ({ stop: () => {} }),
      graceMs: 0,
    });
    expect(await scheduler.fire(s, T0)).toBe("posted");
    expect(posts[0]!.blocks.filter((b) => b.type === "mentions")).toEqual([
      { type: "mentions", label: "Heads-up:", people: [{ userId: "UREP", name: "a Rep" }] },
    ]);
  });
});
