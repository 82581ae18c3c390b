/**
 * Answering a survey in the console: `survey answer <round>`, the button by number, prompts page
 * by page; on SQLite and on PostgreSQL (test/helpers/providers.ts).
 */
import { PassThrough } from "node:stream";
import { afterEach, expect, it } from "vitest";
import { createChatCore } from "../../src/chat-core.js";
import { startConsole } from "../../src/console/repl.js";
import { silentLogger } from "../../src/logger.js";
import { createTestAuditService, TEST_CHECKS } from "../core/commands/test-audit.js";
import { T0 } from "../core/commands/seed.js";
import { describeEachProvider, migratedDatabase, type TestDatabase } from "../helpers/providers.js";

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

describeEachProvider("a survey in the console", (provider) => {
  it("starts, asks each question, follows the condition to the next page and saves the answers", async () => {
    database = await migratedDatabase(provider, "console-survey");
    const { db } = database;
    const core = createChatCore({
      db,
      audit: createTestAuditService(db, T0),
      logger: silentLogger,
      adminUserIds: { slack: [], teams: [] },
      checks: TEST_CHECKS,
      consoleWorkspaceId: "default",
      now: () => T0,
      deliverer: { deliver: async () => undefined },
    });
    const workspaceId = await core.resolveWorkspace("console", "local");
    const actor = await core.identify({
      platform: "console",
      tenantId: "local",
      userId: "tester",
      email: null,
      displayName: "tester",
      platformAdmin: false,
    });
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = "";
    output.on("data", (chunk: Buffer) => (printed += chunk.toString()));
    const session = startConsole({
      core,
      context: { workspaceId, actor, conversation: { id: "console", kind: "personal" } },
      input,
      output,
      terminal: false,
    });
    input.end(
      [
        "survey start pulse --to @tester",
        "survey answer 1",
        "1",
        "",
        "2",
        "4",
        "Search is slow",
        "survey status 1",
      ].join("\n") + "\n",
    );
    await session.closed;
    expect(printed).toContain('Survey #1 "CRM pulse" started: 1 person invited.');
    expect(printed).toContain("This survey is not anonymous");
    // Enter on a required question: asked again (after the page), saying why.
    expect(printed).toContain("✗ This question needs an answer.");
    expect(printed).toContain("What slowed you down?");
    expect(printed).toContain("Thank you! Your answers were saved.");
    expect(printed).toContain("1 of 1 answered (100%)");
    expect(db.sql.all(`SELECT "respondent", "status", "answers" FROM "survey_responses"`)).toEqual([
      {
        respondent: "console:local:tester",
        status: "submitted",
        answers: JSON.stringify({ satisfaction: 4, blocker: "yes", blocker_what: "Search is slow" }),
      },
    ]);
  });
});
