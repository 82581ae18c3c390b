import { describe, expect, it } from "vitest";
import missingOwner from "../../../src/core/checks/contact/missing-owner.js";
import { assertWellFormed, type CheckTest, expectCase, T } from "./check-tester.js";
import { contact } from "./run-check.js";

const owned = { contacts: [contact({ id: "c1", ownerId: "u1" })] };
const ownerless = { contacts: [contact({ id: "c1" }), contact({ id: "c2", ownerId: "u1" })] };
const test: CheckTest = { asOf: T, valid: [], invalid: [] };

describe("check tester", () => {
  it("passes rows that report exactly what they say", () => {
    expectCase(missingOwner, test, { name: "owned", tables: owned });
    expectCase(missingOwner, test, { name: "ownerless", tables: ownerless, ids: ["c1"] });
  });

  it("fails a valid row that is reported, and an invalid row that reports more or other ids", () => {
    expect(() => expectCase(missingOwner, test, { name: "v", tables: ownerless })).toThrow();
    expect(() => expectCase(missingOwner, test, { name: "i", tables: ownerless, ids: ["c2"] })).toThrow();
    expect(() => expectCase(missingOwner, test, { name: "i", tables: ownerless, groups: [["c1"]] })).toThrow();
  });

  it("rejects tests that would check nothing", () => {
    const row = { name: "r", tables: owned };
    expect(() => assertWellFormed({ asOf: T, valid: [row], invalid: [] })).toThrow(/valid and invalid/);
    expect(() => assertWellFormed({ asOf: T, valid: [row], invalid: [{ ...row, name: "i", ids: [] }] })).toThrow(
      /reports nothing/,
    );
    expect(() => assertWellFormed({ asOf: T, valid: [row], invalid: [{ ...row, ids: ["c1"] }] })).toThrow(
      /used twice: r/,
    );
  });
});
