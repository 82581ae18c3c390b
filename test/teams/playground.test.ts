/**
 * End to end with a real Teams client emulator: the bot on a real HTTP server, the Microsoft 365
 * Agents Playground (offline Teams emulator with a mocked connector) pointed at it, and its web
 * page driven in headless Chromium. The real chat core and audit engine over a small seeded CRM
 * copy: `crm-audit status` first offers a Run button; clicking it (Action.Execute) runs the audit
 * and its progress card turns into the result; `crm-audit status` then shows the score the audit
 * computed. Screenshots go to test-output/teams-playground-*.png.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
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

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const chromiumPresent = fs.existsSync(CHROMIUM);
if (!chromiumPresent) {
  console.warn(
    `SKIPPING the Teams Playground test: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
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
  const outputDir = tempDir("teams-playground");

  beforeAll(async () => {
    db = freshDatabase("teams-playground-db");
    audit = createAuditService(db.stores, { logger: silentLogger });
    const core = createChatCore({
      db,
      audit,
      logger: silentLogger,
      adminUserIds: { slack: [], teams: [] },
      checks: CHECKS,
      now: () => T0,
      // As `TEAMS=on npm start` runs it: only the Playground's tenant is served.
      singleTenant: { teams: servedTeamsTenant({}) },
    });
    const teams = await createTeamsIntegration({
      config: { TEAMS_ADMIN_USER_IDS: [] },
      core,
      db,
      logger: silentLogger,
    });
    await teams.start();
    server = await serveRoutes(teams.routes);
    playgroundPort = await freePort();
    playground = await startPlayground(`${server.url}/api/messages`, playgroundPort, outputDir);
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    playground?.kill("SIGTERM");
    await server?.close();
    await db?.close();
  });

  it("answers `crm-audit status`, runs an audit from the card's button, then shows the score", async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`http://127.0.0.1:${playgroundPort}`, { waitUntil: "load" });

    // Installing the app in the Playground sends conversationUpdate: the welcome card (home view) appears.
    await page.locator(".ac-adaptiveCard").first().waitFor({ timeout: 30_000 });
    // That first contact bound the Playground's tenant to a workspace: give it a small CRM copy.
    const tenant = await db.prisma.chatTenant.findFirstOrThrow({ where: { platform: "teams" } });
    seedWorkspace(db, tenant.workspaceId, "pg");

    const composer = page.locator('[contenteditable="true"][role="textbox"]');
    const ask = async (text: string) => {
      await composer.click();
      await page.keyboard.type(text);
      await page.keyboard.press("Enter");
    };

    await ask("crm-audit status");
    const noAudit = page.locator(".ac-adaptiveCard", { hasText: "No audit has run" }).last();
    await noAudit.waitFor({ timeout: 30_000 });

    // Action.Execute → adaptiveCard/action invoke → the core posts its progress message and
    // then updates it (updateActivity) into the result.
    await noAudit.getByRole("button", { name: "Run an audit now" }).click();
    await page.locator(".ac-adaptiveCard", { hasText: "CRM health score" }).first().waitFor({ timeout: 30_000 });
    expect(await audit.history(tenant.workspaceId, 10)).toHaveLength(1);
    await expect.poll(() => page.locator(".ac-adaptiveCard", { hasText: "Running the CRM audit" }).count()).toBe(0);
    await page.screenshot({ path: path.join("test-output", "teams-playground-after-click.png") });

    await ask("crm-audit status");
    const status = page.locator(".ac-adaptiveCard", { hasText: "Latest CRM audit" }).last();
    await status.waitFor({ timeout: 30_000 });
    const text = await status.innerText();
    expect(text).toContain("CRM health score");
    // The score the audit computed is the big number on the card.
    const score = Math.round((await audit.latest(tenant.workspaceId))!.scores.overall);
    expect(score).toBeLessThan(100);
    expect(text).toMatch(new RegExp(`^${score}$`, "m"));
    // The heading does not repeat the score the big number shows.
    expect(text).not.toContain(`${score}/100`);
    await status.getByText("Latest CRM audit").evaluate((heading) => heading.scrollIntoView({ block: "start" }));
    await page.screenshot({ path: path.join("test-output", "teams-playground-status.png") });
    await status.screenshot({ path: path.join("test-output", "teams-playground-status-card.png") });
  });
});
