import { describe, expect, it } from "vitest";
import { parseCommand, tokenize } from "../../../src/core/commands/parse.js";

const ok = (text: string) => {
  const result = parseCommand(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.error}`);
  return result.command;
};
const bad = (text: string) => {
  const result = parseCommand(text);
  if (result.ok) throw new Error(`expected ${text} to fail`);
  return result;
};

describe("parseCommand", () => {
  it("reads help, and empty text as help", () => {
    expect(ok("help")).toEqual({ kind: "help" });
    expect(ok("")).toEqual({ kind: "help" });
    expect(ok("/crm-audit")).toEqual({ kind: "help" });
  });

  it("reads run with categories, checks and --post in any order", () => {
    expect(ok("run")).toEqual({ kind: "run", select: [], post: false });
    expect(ok("/crm-audit run data-quality contact.stale --post")).toEqual({
      kind: "run",
      select: ["data-quality", "contact.stale"],
      post: true,
    });
    expect(ok("RUN --post task.overdue")).toEqual({ kind: "run", select: ["task.overdue"], post: true });
  });

  it("reads status, findings with a 1-based page, history with a count", () => {
    expect(ok("status")).toEqual({ kind: "status" });
    expect(ok("findings contact.stale")).toEqual({ kind: "findings", checkId: "contact.stale", page: 1 });
    expect(ok("findings contact.stale 3")).toEqual({ kind: "findings", checkId: "contact.stale", page: 3 });
    expect(ok("history")).toEqual({ kind: "history", limit: 10 });
    expect(ok("history 25")).toEqual({ kind: "history", limit: 25 });
  });

  it("reads overdue for me, a chat mention, a handle, an email and a CRM id", () => {
    expect(ok("overdue")).toEqual({ kind: "overdue", who: null });
    expect(ok("overdue <@U123ABC|ann>")).toEqual({ kind: "overdue", who: { kind: "mention", userId: "U123ABC" } });
    expect(ok("overdue <@U123ABC>")).toEqual({ kind: "overdue", who: { kind: "mention", userId: "U123ABC" } });
    expect(ok("overdue @ann")).toEqual({ kind: "overdue", who: { kind: "crm", idOrEmail: "ann" } });
    expect(ok("overdue Ann.Lee@Example.com")).toEqual({
      kind: "overdue",
      who: { kind: "crm", idOrEmail: "Ann.Lee@Example.com" },
    });
    expect(ok("overdue u42")).toEqual({ kind: "overdue", who: { kind: "crm", idOrEmail: "u42" } });
  });

  it("reads config, config set with the value as typed, enable, disable and reset", () => {
    expect(ok("config")).toEqual({ kind: "config" });
    expect(ok("config set contact.stale days 180")).toEqual({
      kind: "config-set",
      checkId: "contact.stale",
      key: "days",
      value: "180",
    });
    // A list typed with spaces is one value: the setting's schema reads it (commands/check-config.ts).
    expect(ok("config set missing-consent countries DE FR")).toMatchObject({
      checkId: "missing-consent",
      value: "DE FR",
    });
    expect(ok('config set x.y label "two words"')).toMatchObject({ value: "two words" });
    expect(ok("config set Stale severity high")).toMatchObject({ checkId: "Stale", key: "severity", value: "high" });
    expect(ok("config reset contact.stale")).toEqual({ kind: "config-reset", checkId: "contact.stale", key: null });
    expect(ok("config reset contact.stale days")).toEqual({
      kind: "config-reset",
      checkId: "contact.stale",
      key: "days",
    });
    expect(ok("config disable deal.missing-amount")).toEqual({
      kind: "config-enable",
      checkId: "deal.missing-amount",
      enabled: false,
    });
    expect(ok("config enable deal.missing-amount")).toMatchObject({ enabled: true });
  });

  it("answers unknown subcommands with the whole usage", () => {
    const result = bad("frobnicate");
    expect(result.error).toBe('unknown command "frobnicate"');
    expect(result.usage).toContain("/crm-audit findings <check> [page]");
    expect(result.usage).toContain("/crm-audit run [category|check ...] [--post]");
  });

  it.each([
    ["findings", "which check"],
    ["findings contact.stale 0", "must be"],
    ["findings contact.stale two", "must be a whole number"],
    ["findings contact.stale 1 2", 'unexpected "2"'],
    ["history 0", "must be"],
    ["history 51", "at most 50"],
    ["history x", "whole number"],
    ["run --force", 'unknown option "--force"'],
    ["status now", 'unexpected "now"'],
    ["overdue a b", 'unexpected "b"'],
    ["config set contact.stale days", "needs <check> <setting> <value>"],
    ["config reset", "needs <check> [setting]"],
    ["config reset contact.stale days extra", "needs <check> [setting]"],
    ["config set contact.stale 9x 1", "is not a setting name"],
    ["config enable", "needs one <check>"],
    ["config delete x.y", 'unknown config action "delete"'],
  ])("%s → usage error (%s) with that subcommand's usage", (text, message) => {
    const result = bad(text);
    expect(result.error).toContain(message);
    const name = text.split(" ")[0];
    expect(result.usage).toMatch(new RegExp(`^/crm-audit ${name}`));
    expect(result.usage.split("\n")).toHaveLength(1);
  });

  it("tokenizes quotes", () => {
    expect(tokenize(`a "b c" 'd e' f`)).toEqual(["a", "b c", "d e", "f"]);
  });
});
