/**
 * The reminder digest message: a full page of items with long names keeps every button within
 * Slack's block limit and Teams' card budget (a card over budget is shortened to its headline
 * and loses its buttons), and the pages say where they are.
 */
import { describe, expect, it } from "vitest";
import { REMINDER_PAGE_MAX, reminderDigestMessage } from "../../../src/core/messages/reminders.js";
import type { ReminderItem } from "../../../src/core/reminders/items.js";
import { renderMessage } from "../../../src/slack/render/surfaces.js";
import { CARD_CHAR_BUDGET, renderMessageCard } from "../../../src/teams/render/index.js";

const long = (i: number): ReminderItem => ({
  type: i % 2 ? "deal" : "task",
  id: `R${"9".repeat(40)}${i}`,
  title: `A very long record title that goes on and on ${i} `.repeat(4),
  reasons: i % 2 ? ["deal.past-close-date", "deal.no-recent-activity", "deal.stuck-in-stage"] : ["task.overdue"],
  since: Date.parse("2026-01-01T00:00:00Z") + i * 86_400_000,
  ownerId: "u1",
  context: "A related company with a rather long registered name Ltd",
  url: null,
});

describe("reminder digest message", () => {
  it("fits a full page of long items with all their buttons on Teams and Slack", () => {
    const items = Array.from({ length: 20 }, (_, i) => long(i));
    const message = reminderDigestMessage({
      ownerId: "u1",
      ownerName: "Ann Lee",
      items,
      asOf: Date.parse("2026-06-30T12:00:00Z"),
      offset: 0,
      pageSize: REMINDER_PAGE_MAX,
    });
    const card = JSON.stringify(renderMessageCard(message));
    expect(card.length).toBeLessThanOrEqual(CARD_CHAR_BUDGET);
    expect(card).not.toContain("too long for one Teams message");
    for (let n = 1; n <= REMINDER_PAGE_MAX; n++) {
      for (const label of [
        `Done #${n}`,
        `Snooze 1 d #${n}`,
        `Snooze 1 wk #${n}`,
        `Not mine #${n}`,
        `Snooze #${n} until…`,
      ])
        expect(card, label).toContain(label);
    }
    expect(card).toContain("Show all (20)");
    const slack = renderMessage(message);
    expect(slack.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(slack.blocks)).toContain(`Not mine #${REMINDER_PAGE_MAX}`);
    expect(JSON.stringify(slack.blocks)).toContain(`Snooze #${REMINDER_PAGE_MAX} until…`);
    expect(JSON.stringify(slack.blocks)).toContain("Show all (20)");
  });

  it("pages on with Previous and Next, and says when there is nothing to do", () => {
    const items = Array.from({ length: 12 }, (_, i) => long(i));
    const page = reminderDigestMessage({ ownerId: "u1", ownerName: null, items, asOf: 0, offset: 5, pageSize: 5 });
    const labels = page.blocks.flatMap((b) => (b.type === "actions" ? b.buttons.map((x) => x.label) : []));
    expect(labels).toContain("Previous");
    expect(labels).toContain("Next (2 more)");
    expect(JSON.stringify(page)).toContain("6. Deal");
    const empty = reminderDigestMessage({ ownerId: "u1", ownerName: null, items: [], asOf: 0, offset: 0, pageSize: 5 });
    expect(empty.text).toBe("Your reminders: nothing to do");
  });
});
