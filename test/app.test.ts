/**
 * `npm start`'s flow end to end on an empty database: the real CLI in a child process with
 * stdin not a terminal, the sample dataset, /healthz, a graceful stop; and the console of the
 * running app driven through a pipe (CONSOLE=on).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { tempDir } from "./helpers/tmp.js";

const BIN = path.resolve("bin/crm-audit.js");
let child: ChildProcess | undefined;

afterEach(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
});

function serve(env: Record<string, string>, stdin: "ignore" | "pipe") {
  const dir = tempDir("app");
  const dbFile = path.join(dir, "app.db");
  child = spawn(process.execPath, [BIN, "serve"], {
    env: {
      ...process.env,
      DATABASE_URL: `file:${dbFile}`,
      PORT: "0",
      HOST: "127.0.0.1",
      SAMPLE_CONTACTS: "300",
      ...env,
    },
    stdio: [stdin, "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child!.on("exit", (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /HTTP: +(http:\/\/[^\s]+)/.exec(stdout);
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      }
      if (child!.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`serve exited early: ${stderr}`));
      }
    }, 50);
  });
  return { dbFile, url, exited, output: () => stdout, errors: () => stderr, child: child! };
}

describe("npm start on an empty database", () => {
  it("migrates, loads the sample, answers /healthz, keeps running without a terminal, stops on SIGTERM", async () => {
    const app = serve({ CONSOLE: "auto" }, "ignore");
    const url = await app.url;
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", database: "ok", version: "0.1.0" });
    expect(app.output()).toContain("Console:   off (no terminal); the server keeps running.");
    expect(app.output()).toContain("Workspace: default: 300 sample contacts (seed 42) loaded");
    const db = new BetterSqlite3(app.dbFile, { readonly: true });
    expect(db.prepare(`SELECT COUNT(*) AS n FROM contacts WHERE workspaceId = 'default'`).get()).toEqual({ n: 300 });
    db.close();
    app.child.kill("SIGTERM");
    expect(await app.exited).toBe(0);
    expect(app.errors()).not.toMatch(/^\s+at /m);
  });

  it("answers console commands typed into the running app and stops on exit", async () => {
    const app = serve({ CONSOLE: "on" }, "pipe");
    await app.url;
    app.child.stdin!.write("run\n");
    app.child.stdin!.write("findings contact.missing-owner\n");
    app.child.stdin!.end("exit\n");
    expect(await app.exited).toBe(0);
    const out = app.output();
    expect(out).toContain("Running the CRM audit (all checks)…");
    expect(out).toMatch(/↻ CRM audit\n═+\n\nCRM health score: \d+\/100/);
    expect(out).toContain("(contact.missing-owner)");
    expect(out).not.toContain("\x1b["); // no colours without a terminal
  });
});

describe("schedules in the running app", () => {
  it("runs a fire missed while the bot was down once on start and prints it on the console", async () => {
    const first = serve({ CONSOLE: "off", SAMPLE_CONTACTS: "0" }, "ignore");
    await first.url;
    first.child.kill("SIGTERM");
    await first.exited;
    // A schedule made five minutes ago, posting to the console every minute: the latest minute
    // was missed while the bot was down.
    const sqlite = new BetterSqlite3(first.dbFile);
    sqlite
      .prepare(
        `INSERT INTO schedules (workspaceId, kind, cron, timeZone, platform, tenantId, conversationId, options, createdBy, createdAt)
         VALUES ('default', 'audit', '* * * * *', 'UTC', 'console', 'local', 'console', '{"always":true}', 'test', ?)`,
      )
      .run(Date.now() - 5 * 60_000);
    sqlite.close();

    const app = serve({ CONSOLE: "off", DATABASE_URL: `file:${first.dbFile}` }, "ignore");
    await app.url;
    expect(app.output()).toContain("Schedules: 1 active");
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        const posted = app.output().includes("Scheduled audit (schedule #1)");
        if (!posted && app.child.exitCode === null) return;
        clearInterval(timer);
        if (posted) resolve();
        else reject(new Error(`serve exited: ${app.errors()}`));
      }, 50);
    });
    app.child.kill("SIGTERM");
    expect(await app.exited).toBe(0);
    const check = new BetterSqlite3(first.dbFile, { readonly: true });
    const runs = check.prepare(`SELECT outcome FROM schedule_runs WHERE scheduleId = 1`).pluck().all();
    check.close();
    // At least the missed minute, posted; a minute boundary passing meanwhile adds its own fire.
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.every((o) => o === "posted")).toBe(true);
  });

  it("sends what `crm-audit schedule run --now` queued in the outbox, once, from the running app", async () => {
    const app = serve({ CONSOLE: "off", SAMPLE_CONTACTS: "0" }, "ignore");
    await app.url;
    const cli = (args: string[]) => runCli(args, app.dbFile, { env: { CRM_AUDIT_WORKSPACE: "default" } });
    expect(cli(["schedule", "add", "digest", "0 8 * * 1-5", "--tz", "UTC", "--always"]).code).toBe(0);
    const ran = cli(["schedule", "run", "1", "--now"]);
    expect(ran.stdout).toContain("1 message queued in the outbox");
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        const sent = app.output().includes("Team digest (schedule #1)");
        if (!sent && app.child.exitCode === null) return;
        clearInterval(timer);
        if (sent) resolve();
        else reject(new Error(`serve exited: ${app.errors()}`));
      }, 50);
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        const history = cli(["schedule", "history", "1"]).stdout;
        if (history.includes("delivered: 1 sent")) {
          clearInterval(timer);
          resolve();
        } else if (app.child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(history));
        }
      }, 200);
    });
    app.child.kill("SIGTERM");
    expect(await app.exited).toBe(0);
    expect(app.output().split("Team digest (schedule #1)")).toHaveLength(2);
  });
});
