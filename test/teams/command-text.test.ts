import { describe, expect, it } from "vitest";
import { commandTextOf } from "../../src/teams/command-text.js";
import { parseCardInput } from "../../src/teams/card-data.js";

describe("commandTextOf", () => {
  it.each([
    ["crm-audit status", "status"],
    ["status", "status"],
    ["/crm-audit status", "status"],
    ["<at>CRM Audit</at> status", "status"],
    ["<at>CRM Audit</at>&nbsp;crm-audit run contact.stale --post", "run contact.stale --post"],
    ["<p>CRM-Audit   findings</p>", "findings"],
    ["", ""],
    [undefined, ""],
    ["crm-auditing", "crm-auditing"],
  ])("%j → %j", (raw, expected) => {
    expect(commandTextOf(raw)).toBe(expected);
  });
});

it("turns other people's mentions into <@id> tokens for the core's parser", () => {
  expect(
    commandTextOf("<at>CRM Audit</at> overdue <at>Bo Chen</at>", [{ text: "<at>Bo Chen</at>", userId: "29:bo" }]),
  ).toBe("overdue <@29:bo>");
});

describe("parseCardInput", () => {
  it("reads a button click from Action.Execute (verb) and from the Action.Submit fallback", () => {
    expect(parseCardInput("audit.run", { crmAuditValue: "v" })).toEqual({
      kind: "action",
      actionId: "audit.run",
      value: "v",
    });
    expect(parseCardInput(undefined, { crmAuditAction: "audit.run", crmAuditValue: "v" })).toEqual({
      kind: "action",
      actionId: "audit.run",
      value: "v",
    });
  });

  it("reads a form submission, typing numbers and dropping empty values and unknown keys", () => {
    const form = {
      formId: "f",
      title: "T",
      submitLabel: "Go",
      inputs: [
        { kind: "number", id: "n", label: "N" },
        { kind: "text", id: "t", label: "T", optional: true },
      ],
    };
    const input = parseCardInput("form:f", { crmAuditForm: JSON.stringify(form), n: "12", t: "", injected: "x" });
    expect(input).toEqual({ kind: "form", form, values: { n: 12, t: undefined } });
  });

  it("rejects what it does not understand", () => {
    expect(parseCardInput(undefined, { something: 1 })).toEqual({ kind: "unknown" });
    expect(parseCardInput("x", "not an object")).toEqual({ kind: "unknown" });
    expect(parseCardInput("form:f", { crmAuditForm: "{broken" })).toEqual({ kind: "unknown" });
  });
});
