/**
 * The Teams layer over real HTTP: Bot Framework activities posted to /api/messages on a node:http
 * server, the bot's replies captured on a fake connector (the activities' serviceUrl), a real
 * database for conversation references and delivery keys: each case on SQLite and on PostgreSQL
 * (test/helpers/providers.ts).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTeamsIntegration, UnknownConversationError, type TeamsIntegration } from "../../src/teams/index.js";
import { silentLogger } from "../../src/logger.js";
import type { AnyDatabase } from "../../src/db/database.js";
import { describeEachProvider, migratedDatabase, type TestDatabase } from "../helpers/providers.js";
import { startFakeConnector, type FakeConnector } from "./fake-connector.js";
import { postActivity, serveRoutes, teamsActivity, type RunningServer } from "./harness.js";
import { createScriptedCore, statusMessage, type ScriptedCore } from "./scripted-core.js";
import { cardProblems } from "./validate-card.js";
import { helpMessage } from "../../src/core/messages/help.js";
import { COMMANDS } from "../../src/core/commands/registry.js";
import type { Message } from "../../src/core/messages/model.js";

const noAuthConfig = {
  MicrosoftAppId: undefined,
  MicrosoftAppPassword: undefined,
  MicrosoftAppType: undefined,
  MicrosoftAppTenantId: undefined,
  TEAMS_ADMIN_USER_IDS: ["aad-admin"],
};

let db: AnyDatabase;
let database: TestDatabase | undefined;
let connector: FakeConnector;
let core: ScriptedCore;
let teams: TeamsIntegration;
let server: RunningServer;

beforeAll(async () => {
  connector = await startFakeConnector();
});
afterAll(async () => {
  await connector.close();
});
beforeEach(async () => {
  connector.received.length = 0;
  core = createScriptedCore();
  teams = await createTeamsIntegration({ config: noAuthConfig, core, db, logger: silentLogger });
  await teams.start();
  server = await serveRoutes(teams.routes);
});
afterEach(async () => {
  await teams.stop();
  await server.close();
});

/** Posts an activity and waits until the commands it started have answered. */
async function send(activity: Record<string, unknown>) {
  const response = await postActivity(server.url, activity);
  await teams.idle();
  return response;
}

/** The texts of a card's TextBlocks, in order (nested containers included). */
function textBlocks(card: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const element = node as Record<string, unknown>;
      if (element.type === "TextBlock") out.push(String(element.text));
      for (const value of Object.values(element)) if (typeof value === "object") walk(value);
    }
  };
  walk(card.body);
  return out;
}

function cardOf(activity: Record<string, unknown> | undefined): Record<string, unknown> {
  const attachments = activity?.attachments as { contentType: string; content: Record<string, unknown> }[];
  expect(attachments?.[0]?.contentType).toBe("application/vnd.microsoft.card.adaptive");
  return attachments[0]!.content;
}

describeEachProvider("the Teams layer over HTTP", (provider) => {
  beforeAll(async () => {
    database = await migratedDatabase(provider, "teams-integration");
    db = database.db;
  });
  afterAll(async () => {
    await database?.close();
    database = undefined;
  });

  describe("messages", () => {
    it("runs a personal-chat command, replies with a card, identifies the user and stores the conversation", async () => {
      connector.members.set("29:user-ana", {
        id: "29:user-ana",
        aadObjectId: "aad-ana",
        name: "Ana Lima",
        email: "Ana.Lima@example.com",
        userPrincipalName: "ana.lima@example.com",
      });
      const activity = teamsActivity({ serviceUrl: connector.url }, { type: "message", text: "crm-audit status" });
      const response = await send(activity);
      expect(response.status).toBe(200);

      expect(core.commands).toHaveLength(1);
      const request = core.commands[0]!;
      expect(request.text).toBe("status");
      expect(request.workspaceId).toBe("ws-teams-tenant-1");
      expect(request.conversation).toEqual({ id: "a:personal-ana", kind: "personal" });
      expect(request.actor.email).toBe("ana.lima@example.com");
      expect(request.actor.userId).toBe("29:user-ana");
      expect(request.actor.isAdmin).toBe(false);

      const [reply] = connector.sent();
      const card = cardOf(reply);
      expect(JSON.stringify(card)).toContain('"72"');
      expect(cardProblems(card)).toEqual([]);

      const ref = await db.prisma.conversationRef.findFirst({
        where: { platform: "teams", conversationId: "a:personal-ana" },
      });
      expect(ref?.workspaceId).toBe("ws-teams-tenant-1");
      expect(ref?.kind).toBe("personal");
      expect(JSON.parse(ref!.reference).serviceUrl).toBe(connector.url);
    });

    it("strips the @mention in a channel and accepts the slash form; reports the AAD id for the core's admin rule", async () => {
      const activity = teamsActivity(
        {
          serviceUrl: connector.url,
          conversationId: "19:channel@thread.tacv2",
          conversationType: "channel",
          aadObjectId: "aad-admin",
        },
        {
          type: "message",
          text: "<at>CRM Audit</at>&nbsp;/crm-audit findings contact.stale",
          entities: [
            { type: "mention", text: "<at>CRM Audit</at>", mentioned: { id: "28:crm-audit-bot", name: "CRM Audit" } },
          ],
        },
      );
      expect((await send(activity)).status).toBe(200);
      expect(core.commands[0]?.text).toBe("findings contact.stale");
      expect(core.commands[0]?.conversation.kind).toBe("channel");
      // TEAMS_ADMIN_USER_IDS are matched by the core against these ids (src/core/commands/identity.ts).
      expect(core.profiles[0]?.otherIds).toContain("aad-admin");
      expect(core.profiles[0]?.platformAdmin).toBe(false);
    });

    it("sends a private answer asked for in a channel to the asker's 1:1 chat, with a notice in the channel", async () => {
      const activity = teamsActivity(
        { serviceUrl: connector.url, conversationId: "19:sales@thread.tacv2", conversationType: "channel" },
        { type: "message", text: "<at>CRM Audit</at> status" },
      );
      await send(activity);
      const created = connector.received.find((c) => c.path === "/v3/conversations");
      expect(created?.body).toMatchObject({ isGroup: false, members: [{ id: "29:user-ana" }], tenantId: "tenant-1" });
      const privateReply = connector.received.find(
        (c) => c.path.includes("/activities") && c.conversationId === created?.conversationId,
      );
      expect(JSON.stringify(cardOf(privateReply?.body))).toContain('"72"');
      const inChannel = connector.received.filter((c) => c.conversationId === "19:sales@thread.tacv2");
      expect(inChannel).toHaveLength(1);
      const notice = JSON.stringify(cardOf(inChannel[0]?.body));
      expect(notice).toContain("private chat");
      expect(notice).not.toContain("72");
    });

    it("says in the private chat which channel request a private answer answers, in the plain words", async () => {
      core.onCommand = async (_request, responder) => responder.reply(helpMessage(COMMANDS.map((c) => c.meta)));
      await send(
        teamsActivity(
          { serviceUrl: connector.url, conversationId: "19:sales@thread.tacv2", conversationType: "channel" },
          { type: "message", text: "<at>CRM Audit</at> help" },
        ),
      );
      const created = connector.received.find((c) => c.path === "/v3/conversations");
      const privateReply = connector.received.find(
        (c) => c.path.includes("/activities") && c.conversationId === created?.conversationId,
      );
      const texts = textBlocks(cardOf(privateReply?.body));
      expect(texts[0]).toBe("↩ In answer to your `@CRM Audit help` in the channel.");
      // One command a line, as typed in the personal chat the answer is in.
      expect(texts).toContain("`status` — the latest audit: score, top findings, trend");
      expect(texts).toContain("`config set <check> <setting> <value>`");
      expect(JSON.stringify(cardOf(privateReply?.body))).not.toContain("/crm-audit");
    });

    it("writes commands as they are typed: @CRM Audit in a channel, plain words in a personal chat", async () => {
      const hint: Message = {
        text: "More: /crm-audit findings contact.stale 2",
        visibility: "channel",
        blocks: [{ type: "context", text: "Usage:\n`/crm-audit findings <check> [page]`\n`/crm-audit history [n]`" }],
      };
      core.onCommand = async (_request, responder) => responder.reply(hint);
      await send(
        teamsActivity(
          { serviceUrl: connector.url, conversationId: "19:sales@thread.tacv2", conversationType: "channel" },
          { type: "message", text: "<at>CRM Audit</at> findings" },
        ),
      );
      const inChannel = connector.received.filter((c) => c.conversationId === "19:sales@thread.tacv2");
      expect(textBlocks(cardOf(inChannel[0]?.body))).toEqual([
        "Usage:",
        "`@CRM Audit findings <check> [page]`",
        "`@CRM Audit history [n]`",
      ]);
      connector.received.length = 0;
      await send(teamsActivity({ serviceUrl: connector.url }, { type: "message", text: "findings" }));
      expect(textBlocks(cardOf(connector.sent()[0]))).toEqual(["Usage:", "`findings <check> [page]`", "`history [n]`"]);
    });

    it("updates the progress card in place when the core calls update after reply", async () => {
      core.onCommand = async (_request, responder) => {
        await responder.reply({
          text: "Running…",
          visibility: "channel",
          blocks: [{ type: "text", text: "Running the audit…" }],
        });
        await responder.update({ ...statusMessage(91), visibility: "channel" });
      };
      const activity = teamsActivity(
        { serviceUrl: connector.url, conversationType: "groupChat", conversationId: "19:group" },
        { type: "message", text: "run" },
      );
      expect((await send(activity)).status).toBe(200);
      expect(core.commands[0]?.conversation.kind).toBe("group");
      const [posted] = connector.received.filter((c) => c.method === "POST");
      const [put] = connector.updated();
      expect(put?.activityId).toBe(posted?.activityId);
      expect(JSON.stringify(cardOf(put?.body))).toContain('"91"');
    });

    it("acknowledges the message before a slow command finishes, then delivers its reply", async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      core.onCommand = async (_request, responder) => {
        await gate;
        await responder.reply(statusMessage(66));
      };
      const activity = teamsActivity({ serviceUrl: connector.url }, { type: "message", text: "run" });
      expect((await postActivity(server.url, activity)).status).toBe(200);
      expect(core.commands).toHaveLength(1);
      expect(connector.sent()).toHaveLength(0);
      release();
      await teams.idle();
      expect(JSON.stringify(cardOf(connector.sent()[0]))).toContain('"66"');
    });

    it("tells the user when a command fails instead of staying silent", async () => {
      core.onCommand = async () => {
        throw new Error("database is locked");
      };
      await send(teamsActivity({ serviceUrl: connector.url }, { type: "message", text: "history" }));
      expect(JSON.stringify(cardOf(connector.sent()[0]))).toContain("Sorry, that did not work");
    });

    it("handles a redelivered activity only once", async () => {
      const activity = teamsActivity({ serviceUrl: connector.url }, { type: "message", text: "status" });
      await send(activity);
      await send(activity);
      expect(core.commands).toHaveLength(1);
    });
  });

  describe("card actions", () => {
    it("answers an Action.Execute invoke with the updated card (in place)", async () => {
      const invoke = teamsActivity(
        { serviceUrl: connector.url },
        {
          type: "invoke",
          name: "adaptiveCard/action",
          replyToId: "a-card",
          value: {
            action: { type: "Action.Execute", verb: "audit.run", data: { crmAuditValue: '{"scope":"all"}' } },
            trigger: "manual",
          },
        },
      );
      const response = await send(invoke);
      expect(response.status).toBe(200);
      expect(core.actions[0]).toMatchObject({ actionId: "audit.run", value: '{"scope":"all"}' });
      const body = response.body as { statusCode: number; type: string; value: Record<string, unknown> };
      expect(body.statusCode).toBe(200);
      expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
      expect(JSON.stringify(body.value)).toContain('"80"');
      expect(cardProblems(body.value)).toEqual([]);
      // Updated through the invoke response, not by a new message.
      expect(connector.sent()).toHaveLength(0);
    });

    it("after a reply during an invoke, updates replace that new message, not the clicked card", async () => {
      core.onAction = async (_request, responder) => {
        await responder.reply({
          text: "Running…",
          visibility: "channel",
          blocks: [{ type: "text", text: "Running…" }],
        });
        await responder.update({ ...statusMessage(77), visibility: "channel" });
      };
      const invoke = teamsActivity(
        { serviceUrl: connector.url, conversationId: "19:sales@thread.tacv2", conversationType: "channel" },
        {
          type: "invoke",
          name: "adaptiveCard/action",
          value: { action: { type: "Action.Execute", verb: "audit.run", data: { crmAuditValue: "{}" } } },
        },
      );
      const response = await send(invoke);
      expect((response.body as { type: string }).type).toBe("application/vnd.microsoft.activity.message");
      const [posted] = connector.received.filter((c) => c.method === "POST");
      const [put] = connector.updated();
      expect(put?.activityId).toBe(posted?.activityId);
      expect(JSON.stringify(cardOf(put?.body))).toContain('"77"');
    });

    it("does not put a private result on a shared card: in a channel it goes to the clicker's private chat", async () => {
      core.onAction = async (_request, responder) =>
        responder.update({
          text: "Records",
          visibility: "private",
          blocks: [{ type: "text", text: "ana@example.com has no owner" }],
        });
      const invoke = teamsActivity(
        { serviceUrl: connector.url, conversationId: "19:sales@thread.tacv2", conversationType: "channel" },
        {
          type: "invoke",
          name: "adaptiveCard/action",
          value: { action: { type: "Action.Execute", verb: "findings.show", data: { crmAuditValue: "x" } } },
        },
      );
      const response = await send(invoke);
      expect(JSON.stringify(response.body)).not.toContain("ana@example.com");
      const created = connector.received.find((c) => c.path === "/v3/conversations");
      const privateReply = connector.received.find(
        (c) => c.path.includes("/activities") && c.conversationId === created?.conversationId,
      );
      expect(JSON.stringify(privateReply?.body)).toContain("ana@example.com");
    });

    it("re-renders a rejected form with the entered values and per-input errors, then accepts it", async () => {
      const form = {
        formId: "survey.answer",
        title: "How clean is your pipeline?",
        submitLabel: "Send",
        state: "survey-7",
        inputs: [
          { kind: "rating" as const, id: "score", label: "Score", min: 1, max: 5 },
          { kind: "text" as const, id: "comment", label: "Comment", optional: true },
        ],
      };
      core.onForm = async (submission) =>
        submission.values.comment === "fine"
          ? {
              ok: true,
              message: {
                text: "Thanks!",
                visibility: "private",
                blocks: [{ type: "text", text: "Thanks for answering" }],
              },
            }
          : { ok: false, errors: { comment: "Say a bit more than that" } };
      const invoke = (comment: string) =>
        teamsActivity(
          { serviceUrl: connector.url },
          {
            type: "invoke",
            name: "adaptiveCard/action",
            value: {
              action: {
                type: "Action.Execute",
                verb: "form:survey.answer",
                data: { crmAuditForm: JSON.stringify(form), score: "4", comment },
              },
            },
          },
        );
      const rejected = (await send(invoke("meh"))).body as { value: Record<string, unknown> };
      expect(core.forms[0]).toMatchObject({
        formId: "survey.answer",
        state: "survey-7",
        values: { score: 4, comment: "meh" },
      });
      const rejectedJson = JSON.stringify(rejected.value);
      expect(rejectedJson).toContain("Say a bit more than that");
      expect(rejectedJson).toContain('"value":"meh"');
      expect(cardProblems(rejected.value)).toEqual([]);

      const accepted = (await send(invoke("fine"))).body as { value: Record<string, unknown> };
      expect(JSON.stringify(accepted.value)).toContain("Thanks for answering");
    });

    it("handles the Action.Submit fallback (a message with value) by updating the clicked card", async () => {
      const click = teamsActivity(
        { serviceUrl: connector.url },
        { type: "message", replyToId: "a-clicked", value: { crmAuditAction: "audit.run", crmAuditValue: "v1" } },
      );
      expect((await send(click)).status).toBe(200);
      expect(core.actions[0]).toMatchObject({ actionId: "audit.run", value: "v1" });
      expect(core.commands).toHaveLength(0);
      const [put] = connector.updated();
      expect(put?.activityId).toBe("a-clicked");
      expect(JSON.stringify(put?.body)).toContain('"80"');
    });
  });

  describe("installation and proactive messages", () => {
    it("stores the reference and welcomes on install; stores it on installationUpdate", async () => {
      const added = teamsActivity(
        { serviceUrl: connector.url, conversationId: "a:new-install", tenantId: "tenant-2" },
        { type: "conversationUpdate", membersAdded: [{ id: "28:crm-audit-bot" }] },
      );
      expect((await send(added)).status).toBe(200);
      const welcome = cardOf(connector.sent()[0]);
      expect(JSON.stringify(welcome)).toContain("Welcome, Ana Lima");
      expect(cardProblems(welcome)).toEqual([]);
      expect(
        await db.prisma.conversationRef.count({
          where: { conversationId: "a:new-install", workspaceId: "ws-teams-tenant-2" },
        }),
      ).toBe(1);

      const installed = teamsActivity(
        {
          serviceUrl: connector.url,
          conversationId: "19:team-general@thread.tacv2",
          conversationType: "channel",
          tenantId: "tenant-2",
        },
        { type: "installationUpdate", action: "add" },
      );
      expect((await send(installed)).status).toBe(200);
      const ref = await db.prisma.conversationRef.findFirst({
        where: { conversationId: "19:team-general@thread.tacv2" },
      });
      expect(ref).toMatchObject({ workspaceId: "ws-teams-tenant-2", kind: "channel" });
    });

    it("sends a proactive message to a stored conversation, only within its workspace", async () => {
      const installed = teamsActivity(
        { serviceUrl: connector.url, conversationId: "a:digest-target", tenantId: "tenant-3" },
        { type: "installationUpdate", action: "add" },
      );
      await send(installed);
      const id = await teams.sendProactive("ws-teams-tenant-3", "a:digest-target", statusMessage(64));
      expect(id).toBeTruthy();
      const sent = connector.received.find((c) => c.activityId === id);
      expect(sent?.conversationId).toBe("a:digest-target");
      expect(JSON.stringify(cardOf(sent?.body))).toContain('"64"');

      await expect(
        teams.sendProactive("ws-teams-tenant-1", "a:digest-target", statusMessage(1)),
      ).rejects.toBeInstanceOf(UnknownConversationError);
    });

    it("masks emails and phones in a proactive channel message, and leaves a private one whole", async () => {
      await send(
        teamsActivity(
          { serviceUrl: connector.url, conversationId: "a:masked", tenantId: "tenant-5" },
          { type: "installationUpdate", action: "add" },
        ),
      );
      const text = "Call ann.lee@a-widgets.example on +44 20 7183 8750";
      const message = { text, blocks: [{ type: "text" as const, text }] };
      const channelId = await teams.sendProactive("ws-teams-tenant-5", "a:masked", {
        ...message,
        visibility: "channel",
      });
      const privateId = await teams.sendProactive("ws-teams-tenant-5", "a:masked", {
        ...message,
        visibility: "private",
      });
      const [channel, direct] = [channelId, privateId].map((id) =>
        JSON.stringify(connector.received.find((c) => c.activityId === id)?.body),
      );
      expect(channel).toContain("a.•••@a-widgets.example");
      expect(channel).toContain("+44 •••••• 750");
      expect(channel).not.toContain("ann.lee@");
      expect(channel).not.toContain("7183");
      expect(direct).toContain(text);
    });

    it("retries a message the connector throttles with 429 and delivers it exactly once", async () => {
      await postActivity(
        server.url,
        teamsActivity(
          { serviceUrl: connector.url, conversationId: "a:busy", tenantId: "tenant-4" },
          { type: "installationUpdate", action: "add" },
        ),
      );
      // The connector client retries a 429 three times itself; five in a row exhaust it, so our pacer must retry.
      connector.throttleNext(5, 0);
      const id = await teams.sendProactive("ws-teams-tenant-4", "a:busy", statusMessage(55));
      expect(connector.throttledCount()).toBeGreaterThanOrEqual(5);
      const delivered = connector.received.filter((c) => c.conversationId === "a:busy" && c.method === "POST");
      expect(delivered).toHaveLength(1);
      expect(delivered[0]?.activityId).toBe(id);
    });
  });

  describe("authentication", () => {
    it("rejects a request without a Bot Framework token with 401 when an app id is configured", async () => {
      const secured = await createTeamsIntegration({
        config: {
          ...noAuthConfig,
          MicrosoftAppId: "00000000-0000-0000-0000-000000000001",
          MicrosoftAppPassword: "secret",
          MicrosoftAppType: "SingleTenant",
          MicrosoftAppTenantId: "tenant-1",
        },
        core,
        db,
        logger: silentLogger,
      });
      expect(secured.authenticated).toBe(true);
      const securedServer = await serveRoutes(secured.routes);
      try {
        const activity = teamsActivity({ serviceUrl: connector.url }, { type: "message", text: "status" });
        expect((await postActivity(securedServer.url, activity)).status).toBe(401);
        expect(
          (await postActivity(securedServer.url, activity, { authorization: "Bearer not-a-real-token" })).status,
        ).toBe(401);
        expect(core.commands).toHaveLength(0);
        expect(connector.received).toHaveLength(0);
      } finally {
        await securedServer.close();
      }
    });

    it("answers 400 to a body that is not an activity", async () => {
      const response = await fetch(`${server.url}/api/messages`, { method: "POST", body: "{not json" });
      expect(response.status).toBe(400);
    });
  });
});
