/**
 * `crm-audit serve` on PostgreSQL when the database comes up after the bot: the HTTP server
 * listens at once, /healthz says 503 (and chat routes 503, not 404) while the bot waits with
 * backoff, and once PostgreSQL answers the bot migrates, starts, and /healthz says 200.
 * "PostgreSQL comes up" is a TCP forwarder to the test server opening on the bot's port.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ADMIN_URL, createTestDatabase, noPostgres, type TestPostgres } from "../../helpers/postgres.js";
import { freePort } from "../../helpers/ports.js";

const BIN = path.resolve(import.meta.dirname, "../../../bin/crm-audit.js");

/** Polls until `check` holds (the bot's start is its own; no fixed sleeps). */
async function until(check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const status = (url: string) =>
  fetch(url, { method: url.endsWith("/events") ? "POST" : "GET" })
    .then((r) => r.status)
    .catch(() => 0);

let child: ChildProcess | undefined;
let forwarder: net.Server | undefined;
let server: TestPostgres | undefined;
afterAll(async () => {
  child?.kill("SIGTERM");
  forwarder?.close();
  await server?.drop();
});

describe.skipIf(noPostgres)("serve on PostgreSQL", () => {
  it("answers /healthz 503 until PostgreSQL is reachable, then starts and answers 200", async () => {
    server = await createTestDatabase("serve_later");
    const target = new URL(ADMIN_URL);
    const dbPort = await freePort();
    const httpPort = await freePort();
    const url = new URL(server.url);
    url.host = `127.0.0.1:${dbPort}`;
    let log = "";
    child = spawn(process.execPath, [BIN, "serve"], {
      env: {
        ...process.env,
        DATABASE_URL: url.toString(),
        PORT: String(httpPort),
        CONSOLE: "off",
        SAMPLE_CONTACTS: "0",
        LOG_FORMAT: "json",
        SLACK_BOT_TOKEN: "",
        SLACK_SIGNING_SECRET: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (d: Buffer) => (log += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
    const base = `http://127.0.0.1:${httpPort}`;

    await until(async () => (await status(`${base}/healthz`)) === 503);
    await until(async () => log.includes('"msg":"waiting for the database"'));
    expect(await status(`${base}/slack/events`)).toBe(503);

    forwarder = net.createServer((socket) => {
      const upstream = net.connect(Number(target.port || 5432), target.hostname);
      socket.pipe(upstream).pipe(socket);
      upstream.on("error", () => socket.destroy());
      socket.on("error", () => upstream.destroy());
    });
    await new Promise<void>((resolve) => forwarder!.listen(dbPort, "127.0.0.1", resolve));

    await until(async () => (await status(`${base}/healthz`)) === 200);
    expect(log).toContain('"msg":"database migrated"');
    // Every line on stderr is one JSON object (LOG_FORMAT=json).
    const jsonLines = log.split("\n").filter((l) => l.startsWith("{"));
    expect(jsonLines.length).toBeGreaterThan(2);
    for (const line of jsonLines) expect(JSON.parse(line)).toHaveProperty("level");
  });
});
