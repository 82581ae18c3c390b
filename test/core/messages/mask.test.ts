import { describe, expect, it } from "vitest";
import { maskEmail, maskMessage, maskPhone, maskText } from "../../../src/core/messages/mask.js";
import type { Message } from "../../../src/core/messages/model.js";

describe("masking personal data", () => {
  it("masks an email down to its first letter and domain", () => {
    expect(maskEmail("ann.lee@example.com")).toBe("a.•••@example.com");
    expect(maskEmail("bogus")).toBe("•••");
  });

  it("masks a phone down to its country code and last three digits", () => {
    expect(maskPhone("+44 20 7183 8750")).toBe("+44 •••••• 750");
    expect(maskPhone("+1 (415) 555-0132")).toBe("+1 •••••• 132");
    expect(maskPhone("020 7183 8750")).toBe("•••••• 750");
  });

  it("finds emails and phones in free text and leaves dates, amounts, ids and mentions alone", () => {
    const text =
      "Ann Lee (ann.lee@example.com), +44 20 7183 8750 or 020 7183 8750; due 2026-05-01, EUR 12,500,000, id C000123456, <@U123>, <https://x.example|link>";
    const masked = maskText(text);
    expect(masked).toBe(
      "Ann Lee (a.•••@example.com), +44 •••••• 750 or •••••• 750; due 2026-05-01, EUR 12,500,000, id C000123456, <@U123>, <https://x.example|link>",
    );
  });

  it("masks malformed addresses too: they are still someone's data", () => {
    expect(maskText("ann@@example")).not.toContain("ann");
    expect(maskText("bob@example")).toBe("b.•••@example");
  });

  const message = (visibility: Message["visibility"]): Message => ({
    text: "Contact ann@example.com",
    visibility,
    blocks: [
      { type: "text", text: "call +33 1 42 68 53 00" },
      { type: "fields", fields: [{ label: "Email", value: "ann@example.com" }] },
      { type: "table", columns: ["Email", "Phone"], rows: [["ann@example.com", "+44 20 7183 8750"]], caption: "1 row" },
      {
        type: "findings",
        items: [
          {
            checkId: "contact.duplicate",
            title: "Duplicates",
            severity: "high",
            count: 1,
            samples: ["Ann (ann@example.com) = Ann (ANN@example.com)"],
            fix: "Merge",
          },
        ],
      },
    ],
  });

  it("masks every text of a channel message", () => {
    const masked = JSON.stringify(maskMessage(message("channel")));
    expect(masked).not.toMatch(/ann@|ANN@|7183|42 68/);
    expect(masked).toContain("a.•••@example.com");
    expect(masked).toContain("+33 •••••• 300");
  });

  it("leaves a private message untouched", () => {
    const original = message("private");
    expect(maskMessage(original)).toBe(original);
  });
});
