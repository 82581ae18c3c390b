/** docs/schedules.md's table of kinds lists exactly the kinds of src/core/schedules/kinds/registry.ts. */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { SCHEDULE_KINDS } from "../../../src/core/schedules/kinds/registry.js";

describe("schedule kinds in the docs", () => {
  it("lists every registered kind and its options, and no other kind", () => {
    const text = fs.readFileSync("docs/schedules.md", "utf8");
    const section = text.slice(text.indexOf("## Kinds"), text.indexOf("## Cron expressions"));
    const rows = section.split("\n").filter((l) => /^\| `/.test(l));
    const kinds = rows.map((r) => /^\| `([^`]+)`/.exec(r)![1]);
    expect(kinds.sort()).toEqual(SCHEDULE_KINDS.map((k) => k.meta.kind).sort());
    for (const kind of SCHEDULE_KINDS) {
      const row = rows.find((r) => r.startsWith(`| \`${kind.meta.kind}\``))!;
      for (const help of kind.meta.optionHelp) expect(row).toContain(`\`${help.split(" ")[0]}`);
    }
  });
});
