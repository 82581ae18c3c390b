/**
 * The chat commands' tables in README.md and docs/usage.md list exactly the forms of the
 * commands in src/core/commands/registry.ts, and every button id has exactly one action module.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { ACTION_SCHEMAS } from "../../../src/core/commands/actions.js";
import { COMMAND_NAME } from "../../../src/core/commands/name.js";
import { ACTIONS, COMMANDS } from "../../../src/core/commands/registry.js";
import { helpMessage } from "../../../src/core/messages/help.js";
import { isReadOnlyCommand } from "../../../src/core/commands/parse.js";

/** The rows of the first table after `heading`: cells with `\|` read as "|". */
function tableRows(file: string, heading: RegExp): string[][] {
  const text = fs.readFileSync(file, "utf8");
  const start = text.search(heading);
  expect(start, `${file}: no ${heading}`).toBeGreaterThanOrEqual(0);
  const lines = text.slice(start).split("\n");
  const first = lines.findIndex((l) => l.startsWith("|"));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((cell) => cell.replace(/\\\|/g, "|").trim()),
    );
  }
  return rows;
}

/** The `code` spans of a cell. */
const forms = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

const registered = COMMANDS.flatMap((c) => c.meta.usage).sort();

describe("chat commands in the docs", () => {
  it.each([
    ["README.md", /^## Commands$/m],
    ["docs/usage.md", /^## Commands \(Slack, Teams and the console\)$/m],
  ])("%s lists every form of every registered command, and no other", (file, heading) => {
    const rows = tableRows(file, heading);
    expect(rows.flatMap((r) => forms(r[0]!)).sort()).toEqual(registered);
  });

  it("README.md says who may use each command as its meta does", () => {
    const rows = tableRows("README.md", /^## Commands$/m);
    for (const { meta } of COMMANDS) {
      const row = rows.find((r) => forms(r[0]!)[0] === meta.usage[0])!;
      expect(row[2], meta.name).toBe(meta.whoNote ?? meta.who);
    }
  });

  it("help lists every command in its platform-neutral form", () => {
    const help = JSON.stringify(helpMessage(COMMANDS.map((c) => c.meta)));
    // One form a line, each written in full.
    for (const { meta } of COMMANDS)
      for (const form of meta.usage) expect(help).toContain(JSON.stringify(`${COMMAND_NAME} ${form}`).slice(1, -1));
  });

  it.each(["manifests/slack/manifest.yml", "manifests/slack/manifest.socket-mode.yml"])(
    "%s names every command in the slash command's usage hint",
    (file) => {
      const hint = /usage_hint: "(.*)"/.exec(fs.readFileSync(file, "utf8"))![1]!;
      const named = hint
        .slice(1, -1)
        .split(" | ")
        .map((form) => form.split(" ")[0]);
      expect(named.sort()).toEqual(COMMANDS.map((c) => c.meta.name).sort());
    },
  );

  it("has one action module per button id", () => {
    expect(ACTIONS.map((a) => a.id).sort()).toEqual(Object.keys(ACTION_SCHEMAS).sort());
  });

  it("replays only what reads (Slack's show more)", () => {
    expect(
      ["", "help", "status", "findings contact.stale 2", "overdue", "users ann", "whoami", "config"].map(
        isReadOnlyCommand,
      ),
    ).toEqual(Array(8).fill(true));
    expect(["run", "config set contact.stale days 3", "link a@b.c", "frobnicate"].map(isReadOnlyCommand)).toEqual(
      Array(4).fill(false),
    );
  });
});
