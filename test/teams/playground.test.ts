/**
 * End to end with a real Teams client emulator: the bot on a real HTTP server, the Microsoft 365
 * Agents Playground (offline Teams emulator with a mocked connector) pointed at it, and its web
 * page driven in headless Chromium. Sends `crm-audit status` like a user and checks the rendered
 * Adaptive Card shows the score; clicking the card's button must update that card in place.
 * A screenshot is written to test-output/teams-playground-*.png.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { createTeamsIntegration } from "../../src/teams/index.js";
import { silentLogger } from "../../src/logger.js";
import type { Database } from "../../src/db/database.js";
import { freshDatabase } from "../helpers/db.js";
import { tempDir } from "../helpers/tmp.js";
import { serveRoutes, type RunningServer } from "./harness.js";
import { createScriptedCore, type ScriptedCore } from "./scripted-core.js";

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
  let core: ScriptedCore;
  let server: RunningServer;
  let playground: ChildProcess | undefined;
  let playgroundPort: number;
  let browser: Browser | undefined;
  const outputDir = tempDir("teams-playground");

  beforeAll(async () => {
    db = freshDatabase("teams-playground-db");
    core = createScriptedCore();
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

  it("shows the score card for `crm-audit status` and updates it in place on a button click", async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`http://127.0.0.1:${playgroundPort}`, { waitUntil: "load" });

    // Installing the app in the Playground sends conversationUpdate: our welcome card appears.
    await page.locator(".ac-adaptiveCard", { hasText: "Welcome" }).first().waitFor({ timeout: 30_000 });

    const composer = page.locator('[contenteditable="true"][role="textbox"]');
    await composer.click();
    await page.keyboard.type("crm-audit status");
    await page.keyboard.press("Enter");

    const card = page.locator(".ac-adaptiveCard", { hasText: "Data quality score" }).last();
    await card.waitFor({ timeout: 30_000 });
    const text = await card.innerText();
    expect(text).toContain("CRM audit status");
    expect(text).toMatch(/^72$/m);
    expect(core.commands.map((c) => c.text)).toEqual(["status"]);
    await page.screenshot({ path: path.join("test-output", "teams-playground-status.png") });

    // Action.Execute → adaptiveCard/action invoke → the same card now shows the new score.
    await card.getByRole("button", { name: "Run now" }).click();
    await expect.poll(async () => card.innerText(), { timeout: 30_000 }).toMatch(/^80$/m);
    expect(await page.locator(".ac-adaptiveCard", { hasText: "Data quality score" }).count()).toBe(1);
    expect(core.actions.map((a) => a.actionId)).toEqual(["audit.run"]);
    await page.screenshot({ path: path.join("test-output", "teams-playground-after-click.png") });
  });
});
