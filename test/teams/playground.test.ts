/**
 * End to end with a real Teams client emulator: the bot on a real HTTP server, the Microsoft 365
 * Agents Playground (offline Teams emulator with a mocked connector) pointed at it, and its web
 * page driven in headless Chromium. The real chat core and audit engine over a small seeded CRM
 * copy: `crm-audit status` first offers a Run button; clicking it (Action.Execute) runs the audit
 * and its progress card turns into the result; `crm-audit status` then shows the score the audit
 * computed. Screenshots go to test-output/teams-playground-*.png.
 *
 * Then an owner reminder the real way (docs/reminders.md): the Playground user links themselves
 * to the CRM rep, a `reminders` schedule fires (the scheduler's fire() at a chosen instant), the
 * outbox drainer sends the digest proactively into the Playground's personal chat, and its Done
 * button marks an item. That card is README's picture: docs/images/teams-reminder-digest.png.
 *
 * Then a survey (docs/surveys.md): the Playground's user, named an admin, starts the pulse for the
 * CRM's reps (themselves); the invitation goes through the outbox, its button opens the form in
 * the card, which is filled in and submitted; `survey status` counts the answer. The filled-in
 * form is README's picture: docs/images/teams-survey-form.png.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { servedTeamsTenant } from "../../src/config.js";
import { createTeamsIntegration } from "../../src/teams/index.js";
import { silentLogger } from "../../src/logger.js";
import type { Database } from "../../src/db/database.js";
import { freshDatabase } from "../helpers/db.js";
import { tempDir } from "../helpers/tmp.js";
import { serveRoutes, type RunningServer } from "./harness.js";
import { createChatCore } from "../../src/chat-core.js";
import { seedWorkspace, T0 } from "../core/commands/seed.js";
import { createAuditService } from "../../src/core/audit/service.js";
import { CHECKS } from "../../src/core/checks/registry.js";
import type { AuditService } from "../../src/core/audit/types.js";
import { createDrainer, outboxDeliverer, type Drainer } from "../../src/core/outbox/drainer.js";
import { createScheduler } from "../../src/core/schedules/scheduler.js";
import { outboxSenders, platformDirectory, type OutboxPlatforms } from "../../src/outbox.js";
import type { Page } from "playwright-core";
import { freePort } from "../helpers/ports.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const chromiumPresent = fs.existsSync(CHROMIUM);
if (!chromiumPresent) {
  console.warn(
    `SKIPPING the Teams Playground test: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
  );
}

/** Starts the Playground's CLI and resolves once it listens. */
async function startPlayground(botEndpoint: string, port: number, cwd: string): Promise<ChildProcess> {
  const cli = createRequire(import.meta.url).resolve("@microsoft/m365agentsplayground/cli.js");
  const child = spawn(
    process.execPath,
    [cli, "start", "-e", botEndpoint, "-c", "msteams", "--dt", "-p", String(port)],
    {
      cwd,
      // Without this the Playground tries to open a desktop browser and exits when it cannot.
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: "none" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Playground did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`Listening on ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Playground exited with ${code}:\n${output}`));
    });
  });
  return child;
}

describe.skipIf(!chromiumPresent)("Teams end to end in the Microsoft 365 Agents Playground", () => {
  let db: Database;
  let audit: AuditService;
  let server: RunningServer;
  let playground: ChildProcess | undefined;
  let playgroundPort: number;
  let browser: Browser | undefined;
  let page: Page;
  let drainer: Drainer;
  let workspaceId: string;
  const platforms: Omit<OutboxPlatforms, "console"> = {};
  const outputDir = tempDir("teams-playground");
  // As TEAMS_ADMIN_USER_IDS names them; the survey test adds the Playground's user once it is known.
  const adminUserIds = { slack: [] as string[], teams: [] as string[] };

  beforeAll(async () => {
    db = freshDatabase("teams-playground-db");
    audit = createAuditService(db.stores, { logger: silentLogger });
    // Wired as src/app.ts wires them: deliveries go into the outbox, the Teams integration sends them.
    const deliverer = outboxDeliverer(db.stores.chat.outbox);
    const directory = platformDirectory(platforms);
    const core = createChatCore({
      db,
      audit,
      logger: silentLogger,
      adminUserIds,
      checks: CHECKS,
      now: () => T0,
      // As `TEAMS=on npm start` runs it: only the Playground's tenant is served.
      singleTenant: { teams: servedTeamsTenant({}) },
      deliverer,
      directory,
    });
    const teams = await createTeamsIntegration({
      config: { TEAMS_ADMIN_USER_IDS: [] },
      core,
      db,
      logger: silentLogger,
    });
    await teams.start();
    platforms.teams = teams;
    drainer = createDrainer({
      store: db.stores.chat.outbox,
      senders: outboxSenders({ ...platforms, console: process.stdout }),
      instanceId: "playground-test",
      logger: silentLogger,
    });
    server = await serveRoutes(teams.routes);
    playgroundPort = await freePort();
    playground = await startPlayground(`${server.url}/api/messages`, playgroundPort, outputDir);
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`http://127.0.0.1:${playgroundPort}`, { waitUntil: "load" });
    // Installing the app in the Playground sends conversationUpdate: the welcome card (home view) appears.
    await page.locator(".ac-adaptiveCard").first().waitFor({ timeout: 30_000 });
    // That first contact bound the Playground's tenant to a workspace: give it a small CRM copy.
    workspaceId = (await db.prisma.chatTenant.findFirstOrThrow({ where: { platform: "teams" } })).workspaceId;
    seedWorkspace(db, workspaceId, "pg");
  });

  const ask = async (text: string) => {
    await page.locator('[contenteditable="true"][role="textbox"]').click();
    await page.keyboard.type(text);
    await page.keyboard.press("Enter");
  };

  afterAll(async () => {
    await drainer?.stop();
    await browser?.close();
    playground?.kill("SIGTERM");
    await server?.close();
    await db?.close();
  });

  it("answers `crm-audit status`, runs an audit from the card's button, then shows the score", async () => {
    await ask("crm-audit status");
    const noAudit = page.locator(".ac-adaptiveCard", { hasText: "No audit has run" }).last();
    await noAudit.waitFor({ timeout: 30_000 });

    // Action.Execute → adaptiveCard/action invoke → the core posts its progress message and
    // then updates it (updateActivity) into the result.
    await noAudit.getByRole("button", { name: "Run an audit now" }).click();
    await page.locator(".ac-adaptiveCard", { hasText: "CRM health score" }).first().waitFor({ timeout: 30_000 });
    expect(await audit.history(workspaceId, 10)).toHaveLength(1);
    await expect.poll(() => page.locator(".ac-adaptiveCard", { hasText: "Running the CRM audit" }).count()).toBe(0);
    await page.screenshot({ path: path.join("test-output", "teams-playground-after-click.png") });

    await ask("crm-audit status");
    const status = page.locator(".ac-adaptiveCard", { hasText: "Latest CRM audit" }).last();
    await status.waitFor({ timeout: 30_000 });
    const text = await status.innerText();
    expect(text).toContain("CRM health score");
    // The score the audit computed is the big number on the card.
    const score = Math.round((await audit.latest(workspaceId))!.scores.overall);
    expect(score).toBeLessThan(100);
    expect(text).toMatch(new RegExp(`^${score}$`, "m"));
    // The heading does not repeat the score the big number shows.
    expect(text).not.toContain(`${score}/100`);
    await status.getByText("Latest CRM audit").evaluate((heading) => heading.scrollIntoView({ block: "start" }));
    await page.screenshot({ path: path.join("test-output", "teams-playground-status.png") });
    await status.screenshot({ path: path.join("test-output", "teams-playground-status-card.png") });
  });

  it("sends an owner's reminder digest into the personal chat when a reminders schedule fires", async () => {
    // The seeded rep, who owns the overdue items, is the Playground's user (Alex Wilber,
    // alexw@example.com) in this CRM copy, and the records read without the seed's id prefix.
    db.sqlite
      .prepare(
        `UPDATE crm_users SET name = 'Alex Wilber', email = 'alexw@example.com' WHERE workspaceId = ? AND id = 'pgu1'`,
      )
      .run(workspaceId);
    db.sqlite.prepare(`UPDATE tasks SET subject = substr(subject, 4) WHERE workspaceId = ?`).run(workspaceId);
    db.sqlite.prepare(`UPDATE deals SET name = substr(name, 4) WHERE workspaceId = ?`).run(workspaceId);
    // The Playground user says who they are in the CRM: the email Teams gives for them matches.
    await ask("link alexw@example.com");
    await page.locator(".ac-adaptiveCard", { hasText: "now linked" }).last().waitFor({ timeout: 30_000 });
    const me = await db.prisma.chatIdentity.findFirstOrThrow({ where: { platform: "teams", crmUserId: "pgu1" } });
    // Writing to the bot stored the personal chat the outbox sends the digest into.
    const personal = await db.stores.chat.personalChats.get("teams", me.tenantId, me.userId);
    expect(personal).toBeTruthy();

    const schedule = await db.stores.chat.schedules.add({
      workspaceId,
      kind: "reminders",
      cron: "0 8 * * 1-5",
      timeZone: "UTC",
      target: { platform: "teams", tenantId: me.tenantId, conversationId: "unused-by-reminders" },
      options: { reasons: [], "max-items": 5, "repeat-after": 3 * 86_400_000, always: false },
      createdBy: "test",
      createdAt: T0 - 86_400_000,
    });
    const scheduler = createScheduler({
      stores: db.stores.chat,
      audit,
      fileSettings: {},
      logger: silentLogger,
      instanceId: "playground-test",
      deliverer: outboxDeliverer(db.stores.chat.outbox),
      directory: platformDirectory(platforms),
      now: () => T0,
      createTimer: () => ({ stop: () => {} }),
      graceMs: 0,
    });
    expect(await scheduler.fire(schedule, T0)).toBe("posted");
    expect(await drainer.drainOnce()).toBe(1);

    const digest = page.locator(".ac-adaptiveCard", { hasText: "Your reminders" }).last();
    await digest.waitFor({ timeout: 30_000 });
    const text = await digest.innerText();
    expect(text).toContain("Your reminders, Alex Wilber");
    expect(text).toContain("1 task and 1 deal need your attention (2026-06-15)");
    expect(text).toMatch(/Deal Big renewal .*past close date/);
    expect(text).toMatch(/Task Call back about renewal .*overdue since 2026-06-12/);
    expect(text).not.toContain("Send proposal"); // due in three days: nothing to remind of
    for (const n of [1, 2]) {
      for (const name of [`Done #${n}`, `Snooze 1 d #${n}`, `Snooze 1 wk #${n}`, `Not mine #${n}`]) {
        await expect.poll(() => digest.getByRole("button", { name, exact: true }).count()).toBe(1);
      }
    }
    // The outbox row is recorded as sent, with where Teams put it: the personal chat.
    const rows = await db.prisma.outboxMessage.findMany({ where: { batch: `schedule:${schedule.id}:${T0}` } });
    expect(rows.map((r) => [r.key, r.targetId, r.status])).toEqual([
      [`reminders:${schedule.id}:${T0}:pgu1`, me.userId, "sent"],
    ]);
    expect(rows[0]!.sentRef?.startsWith(`${personal}:`)).toBe(true);

    // README's picture: the chat column around the message (the bot's name and time above it).
    await digest.scrollIntoViewIfNeeded();
    const box = (await digest.boundingBox())!;
    const clip = { x: box.x - 70, y: box.y - 48, width: box.width + 90, height: box.height + 60 };
    await page.screenshot({ path: path.join("test-output", "teams-reminder-digest.png"), clip });
    if (process.env.TEAMS_SCREENSHOTS_TO_DOCS === "1") {
      await page.screenshot({ path: path.join("docs", "images", "teams-reminder-digest.png"), clip });
    }

    // Done on the task: the mark is kept and the message turns into the rep's list without it.
    await digest.getByRole("button", { name: "Done #2", exact: true }).click();
    const answer = page.locator(".ac-adaptiveCard", { hasText: 'Marked "Call back about renewal" done' }).last();
    await answer.waitFor({ timeout: 30_000 });
    expect(await answer.innerText()).toContain("0 overdue tasks");
    const marks = await db.stores.chat.marks.list(workspaceId, "task", ["pgt1", "pgt2"]);
    expect(marks.map((m) => [m.recordType, m.recordId, m.kind])).toEqual([["task", "pgt1", "done"]]);
    await page.screenshot({ path: path.join("test-output", "teams-reminder-done.png") });
  });

  it("delivers a survey invitation through the outbox; the form opens, is filled and submitted", async () => {
    // The previous test made the Playground's user the CRM rep (role "rep") and linked them.
    const me = await db.prisma.chatIdentity.findFirstOrThrow({ where: { platform: "teams", crmUserId: "pgu1" } });
    adminUserIds.teams.push(me.userId);
    await ask("crm-audit survey start pulse --to role:rep");
    const started = page.locator(".ac-adaptiveCard", { hasText: "1 person invited" }).last();
    await started.waitFor({ timeout: 30_000 });
    const surveyId = (db.sqlite.prepare(`SELECT MAX(id) AS id FROM surveys`).get() as { id: number }).id;
    // The invitation went into the outbox; the drainer sends it into the personal chat.
    expect(await drainer.drainOnce()).toBe(1);
    const invitation = page.locator(".ac-adaptiveCard", { hasText: "You are invited to answer" }).first();
    await invitation.getByRole("button", { name: "Answer the survey" }).waitFor({ timeout: 30_000 });
    await invitation.getByRole("button", { name: "Answer the survey" }).click();
    // The button opens the form inside the card: the first page, with what the survey stores.
    const form = invitation; // the card now holds the form
    await form.getByText("Page 1 of 2").waitFor({ timeout: 30_000 });
    expect(await form.innerText()).toContain("This survey is not anonymous");
    const choose = async (question: string, option: string) => {
      await form.getByRole("combobox", { name: question }).click();
      await page.getByRole("option", { name: option, exact: true }).click();
    };
    await choose("How satisfied are you with the CRM this month?", "4 · Satisfied");
    await choose("Did anything in the CRM slow you down this month?", "Yes");

    // README's picture: the invitation with its form open and filled in.
    await form.evaluate((card) => card.scrollIntoView({ block: "end" }));
    const card = (await invitation.boundingBox())!;
    const clip = { x: card.x - 70, y: Math.max(0, card.y - 48), width: card.width + 90, height: card.height + 60 };
    await page.screenshot({ path: path.join("test-output", "teams-survey-form.png"), clip });
    if (process.env.TEAMS_SCREENSHOTS_TO_DOCS === "1") {
      await page.screenshot({ path: path.join("docs", "images", "teams-survey-form.png"), clip });
    }

    // Next: the condition on "slowed you down" brings the second page, then Submit saves.
    await form.getByRole("button", { name: "Next" }).click();
    const page2 = page.locator(".ac-adaptiveCard", { hasText: "Page 2 of 2" }).last();
    await page2.waitFor({ timeout: 30_000 });
    await page2.getByRole("textbox").fill("Duplicate contacts");
    await page2.getByRole("button", { name: "Submit" }).click();
    await page.locator(".ac-adaptiveCard", { hasText: "Your answers were saved" }).last().waitFor({ timeout: 30_000 });

    const stored = db.sqlite
      .prepare(
        `SELECT respondent, status, answers FROM survey_responses WHERE roundId = (SELECT MAX(id) FROM survey_rounds)`,
      )
      .all();
    expect(stored).toEqual([
      {
        respondent: `teams:${me.tenantId}:${me.userId}`,
        status: "submitted",
        answers: JSON.stringify({ satisfaction: 4, blocker: "yes", blocker_what: "Duplicate contacts" }),
      },
    ]);
    await ask(`crm-audit survey status ${surveyId}`);
    const status = page.locator(".ac-adaptiveCard", { hasText: `Survey #${surveyId}` }).last();
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toContain("1 of 1 answered");
  });
});
