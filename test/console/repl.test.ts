import { PassThrough } from "node:stream";
/**
 * The console end to end: a pasted script typed into the REPL over the real chat core, on SQLite
 * and on PostgreSQL (test/helpers/providers.ts).
 */
import { afterEach, beforeAll, expect, it } from "vitest";
import { startConsole } from "../../src/console/repl.js";
import { createChatCore } from "../../src/chat-core.js";
import { silentLogger } from "../../src/logger.js";
import { describeEachProvider, migratedDatabase, type Provider, type TestDatabase } from "../helpers/providers.js";
import { seedWorkspace, T0 } from "../core/commands/seed.js";
import { createTestAuditService, TEST_CHECKS } from "../core/commands/test-audit.js";

let provider: Provider = "sqlite";
let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

/** Types `lines` into a console session as a pasted script and returns everything it printed. */
async function session(lines: string[]): Promise<{ output: string; exited: boolean }> {
  database = await migratedDatabase(provider, "console");
  const { db } = database;
  const core = createChatCore({
    db,
    audit: createTestAuditService(db, T0),
    logger: silentLogger,
    adminUserIds: { slack: [], teams: [] },
    checks: TEST_CHECKS,
    consoleWorkspaceId: "default",
    now: () => T0,
  });
  const workspaceId = await core.resolveWorkspace("console", "local");
  seedWorkspace(db, workspaceId, "a");
  const actor = await core.identify({
    platform: "console",
    tenantId: "local",
    userId: "tester",
    email: "a.rep@example.com",
    displayName: "tester",
    platformAdmin: false,
  });
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  let exited = false;
  const console = startConsole({
    core,
    context: { workspaceId, actor, conversation: { id: "console", kind: "personal" } },
    input,
    output,
    terminal: false,
    onExit: () => (exited = true),
  });
  input.end(lines.join("\n") + "\n");
  await console.closed;
  return { output: printed, exited };
}

describeEachProvider("console REPL", (tested) => {
  beforeAll(() => {
    provider = tested;
  });

  it("says how to press the one button there is, not a range of one", async () => {
    const { output } = await session(["status", "5"]);
    expect(output).toContain("[1] Run an audit now");
    expect(output).toContain("Type 1 to press the button.");
    expect(output).not.toContain("1–1");
  });

  it("answers typed commands in order, with or without /crm-audit, and presses buttons by number", async () => {
    const { output, exited } = await session(["status", "/crm-audit run", "1", "bogus", "7"]);
    expect(output).toContain("Type a command such as status, run, overdue or help");
    expect(output).toContain("No audit has run in this workspace yet.\n[1] Run an audit now");
    expect(output).toContain("Running the CRM audit (all checks)…");
    expect(output).toMatch(/↻ CRM audit\n═+\n\nCRM health score: 85\/100/);
    // "1" pressed the first button of the last message: Show records of the worst finding.
    expect(output).toContain("Contacts with no email or phone (contact.missing-email-and-phone)");
    expect(output).toContain("Bob");
    expect(output).toContain('Unknown command "bogus".');
    expect(output).toContain("Type 1–2 to press a button."); // "7": the records page has no buttons, the summary's two remain
    expect(output.indexOf("Running")).toBeLessThan(output.indexOf("Contacts with no email"));
    expect(output).not.toContain("\x1b[");
    expect(exited).toBe(true);
  });

  it("fills a form input by input and asks again for a refused value", async () => {
    const { output } = await session(["config", "1", "task.overdue", "", "graceDays", "lots", "3", "config"]);
    expect(output).toContain("Change a check (Enter on an optional input skips it)");
    expect(output).toContain("Check:\n  1. task.overdue");
    expect(output).toContain("✗ task.overdue graceDays must be a whole number from 0 to 365, e.g.");
    expect(output).toContain("task.overdue is now on, severity medium (graceDays=3*)");
    expect(output).toContain("graceDays=3*");
  });

  it("shows my overdue work, matched by the console user's email", async () => {
    const { output } = await session(["overdue"]);
    expect(output).toContain("Overdue for a Rep");
    expect(output).toMatch(/a Call back about renewal\s+a Big renewal\s+2026-06-12\s+3 d late/);
  });

  it("lists help and usage one command a line, in the console's plain words", async () => {
    const { output } = await session(["help", "findings"]);
    expect(output).toMatch(/^status — /m);
    expect(output).toMatch(/^config set <check> <setting> <value>$/m);
    expect(output).toMatch(/^Usage:\nfindings <check> \[page\]$/m);
    expect(output).not.toContain("/crm-audit");
  });

  it("leaves on exit without reading further lines", async () => {
    const { output } = await session(["exit", "status"]);
    expect(output).not.toContain("No audit has run");
  });
});
