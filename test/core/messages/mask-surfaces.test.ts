/**
 * Masked emails and phones in a channel must read the same on every surface: the mask's
 * characters may not be taken for markdown (two `n.***@…` samples used to pair up into bold
 * italics in Teams). Renders one channel message with the real Slack, Teams and console
 * renderers and reads the text between two masked addresses.
 */
import { describe, expect, it } from "vitest";
import { renderMessage as renderConsole } from "../../../src/console/render.js";
import { maskMessage } from "../../../src/core/messages/mask.js";
import type { Message } from "../../../src/core/messages/model.js";
import { renderMessage as renderSlack } from "../../../src/slack/render/surfaces.js";
import { renderMessageCard } from "../../../src/teams/render/index.js";

const FIRST = "noah.hand@wildermannetworks.com.au";
const SECOND = "aamod.verma@example.com";

const message: Message = maskMessage({
  text: `Contacts reached after withdrawing consent: ${FIRST}, ${SECOND}`,
  visibility: "channel",
  blocks: [
    {
      type: "findings",
      items: [
        {
          checkId: "contact.contacted-after-withdrawal",
          title: "Contacts reached after withdrawing consent",
          severity: "critical",
          count: 2,
          samples: [`Noah Hand (${FIRST})`, `Aamod Verma-Kakkar (${SECOND})`],
          fix: "Suppress them.",
        },
      ],
    },
    {
      type: "table",
      columns: ["Id", "Name", "Email", "Phone"],
      rows: [
        ["c1", "Noah Hand", FIRST, "+44 20 7183 8750"],
        ["c2", "Aamod Verma-Kakkar", SECOND, "+44 20 7183 8751"],
      ],
    },
  ],
});

const surfaces: [string, () => string][] = [
  ["Slack", () => JSON.stringify(renderSlack(message))],
  ["Teams", () => JSON.stringify(renderMessageCard(message))],
  ["console", () => renderConsole(message, { color: false }).text],
];

describe.each(surfaces)("masked data rendered for %s", (_surface, render) => {
  it("carries no markdown emphasis between two masked addresses, and no address in full", () => {
    const out = render();
    expect(out).not.toContain("noah.hand");
    expect(out).not.toContain("7183 8750");
    const first = out.indexOf("n.•••@wildermannetworks.com.au");
    const second = out.indexOf("a.•••@example.com", first);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(second).toBeGreaterThan(first);
    expect(out.slice(first, second + "a.•••@example.com".length)).not.toMatch(/[*_~]/);
    expect(out).toContain("+44 •••••• 750");
    expect(out).toContain("+44 •••••• 751");
  });
});
