/**
 * The overdue card as Slack and Teams render it: a full page (5 tasks, 5 deals with long names)
 * keeps every item's actions, its labels short, and its counts in line with what is shown.
 */
import { describe, expect, it } from "vitest";
import { overdueMessage } from "../../../src/core/messages/personal.js";
import { renderMessage } from "../../../src/slack/render/surfaces.js";
import { renderMessageCard } from "../../../src/teams/render/index.js";
import { cardProblems } from "../../teams/validate-card.js";

const T = Date.parse("2026-06-15T12:00:00Z");
const DAY = 86_400_000;
const long = "Quarterly renewal negotiation with the purchasing department of Wildermann Networks";

// Ids as long as Salesforce's (18 characters): they travel in every button's value.
const tasks = Array.from({ length: 9 }, (_, i) => ({
  id: `00T5g00000AbCdE${String(i).padStart(3, "0")}`,
  subject: `${long} ${i}`,
  dueAt: T - 3 * DAY - (i % 2) * 3_600_000, // two due the same day read alike
  relatedTo: i === 0 ? null : "Wildermann Networks",
}));
const deals = Array.from({ length: 8 }, (_, i) => ({
  id: `0065g00000AbCdE${String(i).padStart(3, "0")}`,
  name: `${long} deal ${i}`,
  stage: "proposal",
  expectedCloseDate: T - DAY,
  lastActivityAt: null,
  reasons: ["deal.past-close-date"],
}));
const message = overdueMessage({ id: "u1", name: "Ann" }, tasks, deals, T);

describe("the overdue card", () => {
  it("says how many of the items are shown and names no empty 'About'", () => {
    const text = JSON.stringify(message);
    expect(text).toContain("9 overdue tasks");
    expect(text).toContain('"caption":"Tasks 1–5 of 9"');
    expect(text).toContain('"caption":"Deals 1–5 of 8"');
    expect(text).not.toContain('""'); // every cell has something, "–" when a task is about nothing
    expect(text.match(/3 d late/g)).toHaveLength(5);
  });

  it("keeps every item's actions on Teams, in a valid card", () => {
    const card = renderMessageCard(message);
    expect(cardProblems(card)).toEqual([]);
    const json = JSON.stringify(card);
    for (let n = 1; n <= 10; n++) {
      expect(json).toContain(`"Not mine #${n}"`);
      expect(json).toContain(`"Snooze 1 wk #${n}"`);
    }
    for (let n = 1; n <= 5; n++) expect(json).toContain(`"Done #${n}"`);
    expect(json).toContain('"Show more"');
  });

  it("keeps every item's actions on Slack, within its block limit", () => {
    const payload = renderMessage(message);
    expect(payload.blocks.length).toBeLessThanOrEqual(50);
    const labels = payload.blocks.flatMap((b) =>
      b.type === "actions" ? b.elements.map((e) => ("text" in e && e.text ? e.text.text : "")) : [],
    );
    expect(labels.filter((l) => l.startsWith("Not mine #"))).toHaveLength(10);
    expect(labels.filter((l) => l.startsWith("Done #"))).toHaveLength(5);
    expect(Math.max(...labels.map((l) => l.length))).toBeLessThanOrEqual(16);
  });
});
