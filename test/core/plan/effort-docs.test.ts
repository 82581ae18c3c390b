import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { CHECKS } from "../../../src/core/checks/registry.js";
import { EFFORTS } from "../../../src/core/checks/types.js";

/** The rows of docs/checks.md's "Effort to fix" table: check id → effort. */
function documentedEfforts(): Map<string, string> {
  const text = fs.readFileSync("docs/checks.md", "utf8");
  const section = text.slice(text.indexOf('<a id="effort"></a>'), text.indexOf('<a id="inputs-not-measured"></a>'));
  const rows = [...section.matchAll(/^\| `([a-z]+\.[a-z-]+)` \| ([a-z-]+) \|$/gm)];
  return new Map(rows.map((m) => [m[1]!, m[2]!]));
}

describe("check effort", () => {
  it("every check declares one of the documented efforts, and docs/checks.md lists each as declared", () => {
    const documented = documentedEfforts();
    expect([...documented.keys()].sort()).toEqual(CHECKS.map((c) => c.meta.id).sort());
    for (const check of CHECKS) {
      expect(EFFORTS).toContain(check.meta.effort);
      expect(documented.get(check.meta.id), check.meta.id).toBe(check.meta.effort);
    }
  });
});
