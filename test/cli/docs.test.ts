/** README.md and docs/usage.md list exactly the commands of src/cli/commands/index.ts. */
import fs from "node:fs";
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/main.js";

const program = buildProgram({});

/** "db migrate" for a group's subcommand: what a user types after `crm-audit`. */
function registered(): string[] {
  const leaves = (command: Command, prefix: string): string[] =>
    command.commands.length === 0
      ? [prefix + command.name()]
      : command.commands.flatMap((sub) => leaves(sub, `${prefix}${command.name()} `));
  return program.commands.flatMap((command) => leaves(command, ""));
}

/** The commands named by `crm-audit …` lines of the fenced block under `heading` (a line of the file). */
function documented(file: string, heading: RegExp): string[] {
  const text = fs.readFileSync(file, "utf8");
  const start = text.search(heading);
  expect(start, `${file}: no ${heading}`).toBeGreaterThanOrEqual(0);
  const block = /```\w*\n([\s\S]*?)```/.exec(text.slice(start))![1]!;
  const commands = new Set<string>();
  for (const line of block.split("\n")) {
    const match = /^(?:npx )?crm-audit ((?:[a-z][a-z-]* ?)+)/.exec(line.trim());
    if (match) commands.add(match[1]!.trim());
  }
  return [...commands];
}

const groups = new Set(program.commands.filter((c) => c.commands.length > 0).map((c) => c.name()));
/** "db migrate" stays two words; "import ./sample" or "audit --as-of" keep only the command. */
const normalise = (names: string[]) =>
  [
    ...new Set(
      names.map((n) =>
        n
          .split(" ")
          .slice(0, groups.has(n.split(" ")[0]!) ? 2 : 1)
          .join(" "),
      ),
    ),
  ].sort();

describe("CLI commands in the docs", () => {
  const commands = registered().sort();

  it("finds the registered commands", () => {
    expect(commands).toEqual(expect.arrayContaining(["audit", "db migrate", "import", "serve"]));
  });

  it.each([
    ["README.md", /^The command line \(`npx crm-audit/m],
    ["docs/usage.md", /^## CLI$/m],
  ])("%s lists every registered command, and no other", (file, heading) => {
    expect(normalise(documented(file, heading))).toEqual(commands);
  });
});
