/** docs/surveys.md lists exactly the registered question types; each type reads what its input sends. */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { QUESTION_TYPES } from "../../../src/core/surveys/questions/registry.js";
import { parseDefinition } from "../../../src/core/surveys/definition.js";

describe("question types", () => {
  it("docs/surveys.md lists every registered type with its summary, and no other", () => {
    const text = fs.readFileSync("docs/surveys.md", "utf8");
    const section = text.slice(text.indexOf("### Question types"), text.indexOf("Every error names"));
    const rows = section.split("\n").filter((l) => /^\| `/.test(l));
    expect(rows.map((r) => /^\| `([^`]+)`/.exec(r)![1])).toEqual(QUESTION_TYPES.map((t) => t.meta.type));
    for (const t of QUESTION_TYPES)
      expect(rows.find((r) => r.includes(`\`${t.meta.type}\``))).toContain(t.meta.summary);
  });

  it("reads platform values: choices by value or label, several comma-separated, numbers in range", () => {
    const parsed = parseDefinition(
      [
        "id: t",
        "version: 1",
        "title: T",
        "questions:",
        "  - { id: one, type: single_choice, text: One, options: [Red, Green] }",
        "  - { id: many, type: multiple_choice, text: Many, options: [Red, Green, Blue], maxChoices: 2 }",
        "  - { id: rate, type: rating, text: Rate }",
        "  - { id: nps, type: scale, text: NPS }",
        "  - { id: n, type: number, text: N, min: 0, max: 10, integer: true }",
        "  - { id: s, type: short_text, text: S, maxLength: 5 }",
      ].join("\n"),
      "t.yaml",
    );
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    const [one, many, rate, nps, n, s] = parsed.definition.questions;
    const read = (q: (typeof parsed.definition.questions)[number], raw: string | number | undefined) => {
      const type = QUESTION_TYPES.find((t) => t.meta.type === q!.type)!;
      return (type.read as (q: unknown, raw: unknown) => unknown)(q, raw);
    };
    expect(read(one!, "Green")).toEqual({ ok: true, value: "green" });
    expect(read(one!, "purple")).toEqual({ ok: false, error: "Choose one of the listed options." });
    expect(read(many!, "blue,red")).toEqual({ ok: true, value: ["red", "blue"] });
    expect(read(many!, "red,green,blue")).toEqual({ ok: false, error: "Choose at most 2." });
    expect(read(rate!, "6")).toEqual({ ok: false, error: "Choose a rating from 1 to 5." });
    expect(read(nps!, 10)).toEqual({ ok: true, value: 10 });
    expect(read(n!, "2.5")).toEqual({ ok: false, error: "Enter a whole number." });
    expect(read(n!, "=1+1")).toEqual({ ok: false, error: "Enter a number." });
    expect(read(s!, "toolong")).toEqual({ ok: false, error: "At most 5 characters (this is 7)." });
    expect(read(s!, "  ")).toEqual({ ok: true, value: null });
  });
});
