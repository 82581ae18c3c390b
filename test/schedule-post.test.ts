/** Scheduled posts reach the schedule's platform, and the console's copy is masked like a channel post. */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Message } from "../src/core/messages/model.js";
import { createSchedulePost } from "../src/schedule-post.js";

const message: Message = {
  text: "Scheduled audit",
  visibility: "channel",
  blocks: [
    { type: "text", text: "e.g. ann.lee@example.com" },
    {
      type: "findings",
      items: [
        {
          checkId: "task.overdue",
          title: "Overdue tasks",
          severity: "medium",
          count: 1,
          samples: [],
          fix: "Do them",
          button: { actionId: "findings.records", label: "Show records", value: "{}" },
        },
      ],
    },
    { type: "actions", buttons: [{ actionId: "findings.list", label: "Show all 2 findings", value: "{}" }] },
  ],
};

describe("scheduled posts", () => {
  it("go to Slack by team and channel, to Teams by workspace and conversation", async () => {
    const sent: unknown[] = [];
    const out = new PassThrough();
    const post = createSchedulePost({
      slack: { send: async (...args) => void sent.push(["slack", ...args]) },
      teams: { sendProactive: async (...args) => void sent.push(["teams", ...args]) },
      console: out,
    });
    await post("w1", { platform: "slack", tenantId: "T1", conversationId: "C1" }, message);
    await post("w1", { platform: "teams", tenantId: "tn", conversationId: "19:abc" }, message);
    expect(sent).toEqual([
      ["slack", "T1", "C1", message],
      ["teams", "w1", "19:abc", message],
    ]);
  });

  it("print to the console masked, and fail with a reason when the platform is off", async () => {
    const out = new PassThrough();
    const post = createSchedulePost({ console: out });
    await post("w1", { platform: "console", tenantId: "local", conversationId: "console" }, message);
    const printed = String(out.read());
    expect(printed).toContain("e.g. a");
    expect(printed).not.toContain("ann.lee@example.com");
    // No numbered buttons: the console's numbers belong to the answer last typed there.
    expect(printed).not.toContain("[1]");
    expect(printed).not.toContain("Show records");
    await expect(post("w1", { platform: "slack", tenantId: "T1", conversationId: "C1" }, message)).rejects.toThrow(
      /Slack is off on this instance/,
    );
  });
});
