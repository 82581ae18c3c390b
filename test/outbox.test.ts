/** The platforms behind the outbox (src/outbox.ts): the console's printing, and a directory that says why when a platform is off. */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Message } from "../src/core/messages/model.js";
import type { OutboxRow } from "../src/core/stores/outbox.js";
import { outboxSenders, platformDirectory } from "../src/outbox.js";

const message: Message = {
  text: "Scheduled audit",
  visibility: "channel",
  blocks: [
    { type: "text", text: "Overdue: 3" },
    { type: "actions", buttons: [{ actionId: "findings.list", label: "Show all 2 findings", value: "{}" }] },
    {
      type: "form",
      openLabel: "Snooze #1 until…",
      form: { formId: "reminders.snooze", title: "Snooze", submitLabel: "Snooze", inputs: [] },
    },
  ],
};

const row = (target: OutboxRow["target"]): OutboxRow => ({
  id: 1,
  key: "k",
  batch: null,
  workspaceId: "w1",
  target,
  message,
  notBefore: 0,
  createdAt: 0,
  status: "sending",
  attempts: 1,
  suspect: false,
  lastError: null,
});

describe("the outbox's platforms", () => {
  it("print on the console without numbered buttons, naming the person a message is for", async () => {
    const out = new PassThrough();
    const senders = outboxSenders({ console: out });
    expect(Object.keys(senders)).toEqual(["console"]);
    await senders.console!.send(
      row({ kind: "channel", platform: "console", tenantId: "local", conversationId: "console" }),
    );
    await senders.console!.send(
      row({ kind: "user", platform: "console", tenantId: "local", userId: "ann@example.com" }),
    );
    const printed = String(out.read());
    expect(printed).toContain("Overdue: 3");
    expect(printed).not.toContain("Show all 2 findings");
    // A form's button is numbered like the others: it too belongs to the last answer typed.
    expect(printed).not.toContain("Snooze #1 until");
    expect(printed).toContain("(to ann@example.com)");
  });

  it("answer lookups on a platform that is off with the reason, and find everyone on the console", async () => {
    const directory = platformDirectory({});
    expect(await directory.findByEmail("slack", "T1", "a@example.com")).toEqual({
      found: false,
      reason: "Slack is off on this instance (set SLACK_BOT_TOKEN)",
    });
    expect(await directory.members("teams", "tn", "19:x")).toMatchObject({
      found: false,
      reason: expect.stringContaining("Teams is off"),
    });
    expect(await directory.findByEmail("console", "local", "a@example.com")).toEqual({
      found: true,
      userId: "a@example.com",
      displayName: null,
      timeZone: null,
    });
  });
});
