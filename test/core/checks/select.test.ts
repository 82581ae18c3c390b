import { describe, expect, it } from "vitest";
import { parseAuditConfig, resolveEffectiveChecks } from "../../../src/core/checks/config.js";
import { CHECKS } from "../../../src/core/checks/registry.js";
import {
  CheckSelectionError,
  resolveCheckId,
  resolveCheckName,
  resolveSelection,
  selectChecks,
} from "../../../src/core/checks/select.js";

const metas = CHECKS.map((c) => c.meta);

describe("check and category names as people type them", () => {
  it("accepts ids and categories in any case", () => {
    expect(resolveCheckName(metas, "Contact.Missing-Consent")).toEqual({
      kind: "check",
      id: "contact.missing-consent",
    });
    expect(resolveCheckName(metas, "Security")).toEqual({ kind: "category", name: "security" });
    expect(resolveCheckName(metas, "DATA-QUALITY")).toEqual({ kind: "category", name: "data-quality" });
  });
  it("accepts an id without its entity when only one check has it", () => {
    expect(resolveCheckId(metas, "missing-consent")).toBe("contact.missing-consent");
    expect(resolveCheckId(metas, "MFA-disabled")).toBe("user.mfa-disabled");
  });
  it("answers an ambiguous name with its candidates", () => {
    expect(resolveCheckName(metas, "missing-owner")).toEqual({
      kind: "ambiguous",
      candidates: ["company.missing-owner", "contact.missing-owner", "deal.missing-owner"],
    });
    expect(() => resolveCheckId(metas, "missing-owner")).toThrow(
      '"missing-owner" could be company.missing-owner, contact.missing-owner or deal.missing-owner: name one',
    );
  });
  it("accepts a check's title", () => {
    expect(resolveCheckId(metas, "overdue tasks")).toBe("task.overdue");
    expect(resolveCheckId(metas, "  Contacts  without an owner ")).toBe("contact.missing-owner");
  });
  it("suggests only the closest one or two, and nothing when nothing is close", () => {
    expect(() => resolveCheckId(metas, "contact.nonexistent")).toThrow(/^unknown check "contact.nonexistent"$/);
    expect(() => resolveCheckId(metas, "missing-consnet")).toThrow(
      'unknown check "missing-consnet" (did you mean "contact.missing-consent"?)',
    );
    expect(() => resolveCheckId(metas, "contact.stal")).toThrow('(did you mean "contact.stale"?)');
    expect(resolveCheckName(metas, "missing-ownr")).toEqual({
      kind: "unknown",
      hint: ' (did you mean "company.missing-owner" or "contact.missing-owner"?)',
    });
  });
  it("refuses a category where one check is needed", () => {
    expect(() => resolveCheckId(metas, "security")).toThrow('"security" is a category; name one of its checks');
  });
});

describe("a selection", () => {
  it("is stored as resolved names, sorted and unique, so spellings of one selection are equal", () => {
    expect(resolveSelection(metas, ["Security"])).toEqual(["security"]);
    expect(resolveSelection(metas, ["security", "SECURITY"])).toEqual(["security"]);
    expect(resolveSelection(metas, ["missing-consent", "Overdue tasks", "Contact.Stale"])).toEqual([
      "contact.missing-consent",
      "contact.stale",
      "task.overdue",
    ]);
    expect(resolveSelection(metas, [])).toBeNull();
  });
  it("refuses the first name that selects nothing", () => {
    expect(() => resolveSelection(metas, ["security", "securty"])).toThrow(CheckSelectionError);
    expect(() => resolveSelection(metas, ["securty"])).toThrow(
      'unknown check or category "securty" (did you mean "security"?)',
    );
  });
});

describe("selecting the checks of a run", () => {
  const checks = resolveEffectiveChecks(parseAuditConfig("checks:\n  user.dormant:\n    enabled: false\n"));
  const ids = (selected: ReturnType<typeof selectChecks>) => selected.map((c) => c.check.meta.id);

  it("runs every enabled check by default", () => {
    expect(ids(selectChecks(checks))).not.toContain("user.dormant");
    expect(selectChecks(checks)).toHaveLength(CHECKS.length - 1);
  });
  it("runs checks named one by one even when disabled, and the enabled checks of named categories", () => {
    expect(ids(selectChecks(checks, ["dormant", "task.overdue"]))).toEqual(["task.overdue", "user.dormant"]);
    expect(ids(selectChecks(checks, ["Security"]))).toEqual([
      "user.mfa-disabled",
      "user.shared-login",
      "user.too-many-admins",
    ]);
  });
});
