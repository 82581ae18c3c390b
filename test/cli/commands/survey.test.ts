/** `crm-audit survey …` as a user runs it: definition errors with lines, templates, a console survey, JSON, CSV export. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/db/database.js";
import { runCli } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";

describe("crm-audit survey", () => {
  it("refuses a bad definition with file:line errors and stores nothing, then adds a good one", () => {
    const dir = tempDir("cli-survey");
    const dbFile = path.join(dir, "crm.db");
    const bad = path.join(dir, "bad.yaml");
    fs.writeFileSync(
      bad,
      "id: team-check\nversion: 1\ntitle: Team\nquestions:\n  - id: q\n    type: stars\n    text: Rate\n",
    );
    const refused = runCli(["survey", "templates", "--add", bad], dbFile);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${bad}:6: questions[0].type: "stars" is not a question type`);

    const good = path.join(dir, "good.yaml");
    fs.writeFileSync(
      good,
      "id: team-check\nversion: 1\ntitle: Team check\nquestions:\n  - { id: note, type: short_text, text: Anything? }\n",
    );
    const added = runCli(["survey", "templates", "--add", good, "--format", "json"], dbFile);
    expect(added.code).toBe(0);
    const listed = JSON.parse(added.stdout) as { id: string; source: string }[];
    expect(listed.map((t) => `${t.id}:${t.source}`)).toEqual([
      "crm-fitness:built-in",
      "crm-usage:built-in",
      "pulse:built-in",
      "team-check:workspace",
    ]);
    // The same version again is refused: versions are never overwritten.
    expect(runCli(["survey", "templates", "--add", good], dbFile).stderr).toContain("already stored");
  });

  it("starts a console survey, reports it as JSON and exports answers with formula cells neutralised", async () => {
    const dir = tempDir("cli-survey-export");
    const dbFile = path.join(dir, "crm.db");
    const started = runCli(["survey", "start", "pulse", "--to", "@ann,@bob,@cy", "--closes", "7d"], dbFile);
    expect(started.code).toBe(0);
    expect(started.stdout).toContain("survey #1 started: 3 invited");
    expect(runCli(["survey", "start", "pulse", "--to", "all"], dbFile).stderr).toContain(
      "start Slack or Teams surveys in chat",
    );

    // Three answers straight into the store (the console's form is tested in test/console).
    const db = openDatabase(`file:${dbFile}`);
    for (const [who, text] of [
      ["ann", '=HYPERLINK("x")'],
      ["bob", "fine"],
      ["cy", "slow"],
    ] as const)
      await db.stores.chat.surveys.submitNamed(
        1,
        `console:local:${who}`,
        null,
        { satisfaction: 4, blocker: "yes", blocker_what: text },
        1,
      );
    await db.close();

    const status = JSON.parse(runCli(["survey", "status", "1", "--format", "json"], dbFile).stdout) as Record<
      string,
      unknown
    >;
    expect(status).toMatchObject({
      id: 1,
      template: { id: "pulse", version: 1 },
      invited: 3,
      responded: 3,
      open: true,
    });
    const results = JSON.parse(runCli(["survey", "results", "1", "--format", "json"], dbFile).stdout) as {
      format: string;
      version: number;
      responseRate: number;
      questions: { id: string; summary: { average?: number } | null }[];
    };
    expect(results).toMatchObject({ format: "crm-audit.survey-results", version: 1, responseRate: 1 });
    expect(results.questions[0]!.summary!.average).toBe(4);

    const csv = runCli(["survey", "export", "1"], dbFile).stdout;
    expect(csv.split("\r\n")[0]).toBe("respondent,crm_user,submitted_at,satisfaction,blocker,blocker_what");
    expect(csv).toContain(`console:local:ann,,1970-01-01T00:00:00.001Z,4,yes,"'=HYPERLINK(""x"")"`);
    expect(runCli(["survey", "close", "1"], dbFile).stdout).toContain("closed, 3/3 answered");
  });
});
