/** Survey definitions: the built-ins are valid, and every kind of mistake is reported at its line. */
import { describe, expect, it } from "vitest";
import { parseDefinition } from "../../../src/core/surveys/definition.js";
import { pagesOf } from "../../../src/core/surveys/pages.js";
import { builtInTemplates } from "../../../src/core/surveys/templates.js";

const errorsOf = (text: string) => {
  const result = parseDefinition(text, "my.yaml");
  if (result.ok) throw new Error("expected errors");
  return result.errors;
};

describe("survey definitions", () => {
  it("reads the three built-in templates", () => {
    const ids = builtInTemplates().map((t) => t.definition.id);
    expect(ids).toEqual(["crm-fitness", "crm-usage", "pulse"]);
    const usage = builtInTemplates().find((t) => t.definition.id === "crm-usage")!.definition;
    expect(usage.questions.map((q) => q.type)).toContain("scale");
    expect(usage.questions[0]).toMatchObject({ type: "single_choice", required: true });
    expect(usage.minGroup).toBe(3);
  });

  it("reports a wrong field, an unknown type and a bad option at their lines", () => {
    const text = [
      "id: my-survey", // 1
      "version: 1", // 2
      "title: Test", // 3
      "questions:", // 4
      "  - id: q1", // 5
      "    type: single_choice", // 6
      "    text: Pick", // 7
      "    options: [Only one]", // 8
      "  - id: q2", // 9
      "    type: stars", // 10
      "    text: Rate", // 11
      "  - id: q3", // 12
      "    type: number", // 13
      "    text: How many", // 14
      "    colour: red", // 15
    ].join("\n");
    expect(errorsOf(text)).toEqual([
      "my.yaml:8: questions[0].options: needs at least two options",
      'my.yaml:10: questions[1].type: "stars" is not a question type (single_choice, multiple_choice, rating, scale, number, short_text, long_text)',
      "my.yaml:12: questions[2]: unknown field colour",
    ]);
  });

  it("reports YAML syntax errors, missing fields and conditions on later or unknown questions", () => {
    expect(errorsOf("id: x\nversion: 1\nid: y\n")).toEqual(["my.yaml:3: Map keys must be unique"]);
    const missing = errorsOf("id: x\ntitle: T\nquestions: []\n");
    expect(missing).toContain("my.yaml:1: version: Invalid input: expected number, received undefined");
    expect(missing.some((e) => e.startsWith("my.yaml:3: questions: a survey needs at least one question"))).toBe(true);
    const text = [
      "id: cond", // 1
      "version: 2", // 2
      "title: Conditions", // 3
      "questions:", // 4
      "  - id: a", // 5
      "    type: single_choice", // 6
      "    text: A?", // 7
      "    options: [Yes, No]", // 8
      "  - id: b", // 9
      "    type: short_text", // 10
      "    text: Why?", // 11
      "    showIf: { question: a, anyOf: [maybe] }", // 12
      "  - id: c", // 13
      "    type: short_text", // 14
      "    text: C", // 15
      "    showIf:", // 16
      "      question: z", // 17
      "      anyOf: [x]", // 18
      "  - id: a", // 19
      "    type: number", // 20
      "    text: dup", // 21
    ].join("\n");
    expect(errorsOf(text)).toEqual([
      'my.yaml:12: questions[1].showIf.anyOf: "maybe" is not a value of a (yes, no)',
      'my.yaml:17: questions[2].showIf.question: "z" is not an earlier question',
      'my.yaml:19: questions[3].id: "a" is used by an earlier question',
    ]);
  });

  it("refuses a score group that the definition does not declare", () => {
    const text =
      "id: s\nversion: 1\ntitle: S\nquestions:\n  - id: r\n    type: rating\n    text: R\n    score: { group: nope }\n";
    expect(errorsOf(text)).toEqual(['my.yaml:8: questions[0].score.group: "nope" is not one of groups (none defined)']);
  });

  it("starts a new page where a condition depends on the page, and after eight questions", () => {
    const pulse = builtInTemplates().find((t) => t.definition.id === "pulse")!.definition;
    expect(pagesOf(pulse).map((p) => p.map((q) => q.id))).toEqual([["satisfaction", "blocker"], ["blocker_what"]]);
    const fitness = builtInTemplates().find((t) => t.definition.id === "crm-fitness")!.definition;
    expect(pagesOf(fitness).map((p) => p.length)).toEqual([8, 3]);
  });
});
