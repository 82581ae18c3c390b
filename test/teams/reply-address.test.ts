/**
 * Teams' reply address for queued work (src/teams/reply-address.ts, docs/jobs.md): a command
 * carries where it was asked, and another instance on the same database (a second integration
 * here) answers there from the stored conversation reference: into the conversation, and a
 * private answer asked in a channel into the asker's 1:1 chat with a notice in the channel.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.js";
import { silentLogger } from "../../src/logger.js";
import type { Message } from "../../src/core/messages/model.js";
import { createTeamsIntegration, type TeamsIntegration } from "../../src/teams/index.js";
import { freshDatabase } from "../helpers/db.js";
import { startFakeConnector, type FakeConnector } from "./fake-connector.js";
import { postActivity, serveRoutes, teamsActivity, type RunningServer } from "./harness.js";
import { createScriptedCore, type ScriptedCore } from "./scripted-core.js";

const config = {
  MicrosoftAppId: undefined,
  MicrosoftAppPassword: undefined,
  MicrosoftAppType: undefined,
  MicrosoftAppTenantId: undefined,
  TEAMS_ADMIN_USER_IDS: [],
};

let db: Database;
let connector: FakeConnector;
let core: ScriptedCore;
let asked: TeamsIntegration;
let other: TeamsIntegration;
let server: RunningServer;

beforeAll(async () => {
  db = freshDatabase("teams-reply-address");
  connector = await startFakeConnector();
  core = createScriptedCore();
  core.onCommand = async (_request, responder) =>
    responder.reply({ text: "Running the CRM audit (all checks)…", visibility: "private", blocks: [] });
  asked = await createTeamsIntegration({ config, core, db, logger: silentLogger });
  other = await createTeamsIntegration({ config, core: createScriptedCore(), db, logger: silentLogger });
  server = await serveRoutes(asked.routes);
});
afterAll(async () => {
  await server.close();
  await connector.close();
  await db.close();
});

const result = (visibility: Message["visibility"]): Message => ({
  text: "CRM audit score 91/100",
  visibility,
  blocks: [{ type: "text", text: "CRM audit score 91/100" }],
});

const texts = (activities: Record<string, unknown>[]) => activities.map((a) => String(a.summary ?? a.text ?? ""));

describe("Teams reply address", () => {
  it("lets another instance answer a personal-chat command in that chat", async () => {
    await postActivity(
      server.url,
      teamsActivity({ serviceUrl: connector.url, conversationId: "a:personal-ana" }, { type: "message", text: "run" }),
    );
    await asked.idle();
    const request = core.commands.at(-1)!;
    expect(request.replyAddress).toMatchObject({
      platform: "teams",
      detail: { conversationId: "a:personal-ana", kind: "personal", text: "run", userId: "29:user-ana" },
    });
    const before = connector.sent().length;
    const responder = await other.responderFor(request.replyAddress!, request.workspaceId);
    await responder!.update(result("private"));
    const sent = connector.sent().slice(before);
    expect(texts(sent)).toEqual(["CRM audit score 91/100"]);
    expect(connector.received.at(-1)?.conversationId).toBe("a:personal-ana");
  });

  it("sends a private answer to a command asked in a channel to the asker's 1:1 chat, with a notice in the channel", async () => {
    await postActivity(
      server.url,
      teamsActivity(
        { serviceUrl: connector.url, conversationId: "19:sales@thread.tacv2", conversationType: "channel" },
        { type: "message", text: "<at>CRM Audit</at> run" },
      ),
    );
    await asked.idle();
    const request = core.commands.at(-1)!;
    const before = connector.received.length;
    const responder = await other.responderFor(request.replyAddress!, request.workspaceId);
    await responder!.update(result("private"));
    const posts = connector.received
      .slice(before)
      .filter((c) => c.method === "POST" && c.path !== "/v3/conversations")
      .map((c) => [c.conversationId, String(c.body.summary)]);
    // The answer in a 1:1 chat opened for the asker; the channel gets only the notice.
    expect(posts).toEqual([
      [expect.stringMatching(/^created-/), "CRM audit score 91/100"],
      ["19:sales@thread.tacv2", "I sent you the answer in a private chat."],
    ]);
  });

  it("answers nothing for an address it cannot read or a conversation it never saw", async () => {
    expect(await other.responderFor({ platform: "teams", detail: { conversationId: 3 } }, "ws")).toBeNull();
    const request = core.commands.at(-1)!;
    expect(await other.responderFor(request.replyAddress!, "another-workspace")).toBeNull();
  });
});
