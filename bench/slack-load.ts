/**
 * Slack acknowledgement latency under load (a benchmark, not a test).
 *
 * 500 signed `/crm-audit status` slash commands at 100 per second, sent from a second process,
 * to (1) this bot's Slack endpoint, mounted on a node:http server exactly as the app mounts it,
 * with the chat core behind it, a SQLite database and a local fake Slack API answering
 * users.info and the response_urls (in a third process); and (2) a bare Bolt app on the same machine whose
 * listener only calls ack(): the framework's floor. Reports every status, p50/p95/p99/max.
 *
 * Run: npx tsx bench/slack-load.ts [count=500] [rate=100] [rounds=2] [--db postgres] [--instances 1|2]
 *
 * With `--db postgres` the bot is not mounted in this process: one or two real `crm-audit serve`
 * processes (`--instances`) share one fresh PostgreSQL database (bench/postgres-database.ts,
 * created and dropped here), and the load client sends the commands to them in turn, as a
 * round-robin balancer would. Their CPU per command is read from /proc; the event-loop lag of
 * another process cannot be read, so it shows n/a.
 * Client-side latency is what Slack would see (send → HTTP response); server-side is the time
 * from the request reaching the server to the response being written, less sensitive to a
 * busy machine slowing the load generator itself.
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import path from "node:path";
import { App, HTTPReceiver } from "@slack/bolt";
import { fileURLToPath } from "node:url";
import { freshDatabase } from "../test/helpers/db.js";
import type { AnyDatabase } from "../src/db/database.js";
import { openPostgresDatabase } from "../src/db/postgres/database.js";
import { createBenchDatabase, processCpuSeconds, type BenchDatabase } from "./postgres-database.js";
import { SIGNING_SECRET } from "../test/slack/harness.js";
import { loadConfig } from "../src/config.js";
import { silentLogger } from "../src/logger.js";
import { createSlackIntegration } from "../src/slack/index.js";
import { benchCore } from "./slack-load-core.js";

const flags = { db: "sqlite", instances: 1 };
const positional: string[] = [];
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i]!;
  if (arg === "--db") flags.db = process.argv[++i] ?? "";
  else if (arg === "--instances") flags.instances = Number(process.argv[++i]);
  else positional.push(arg);
}
if (!["sqlite", "postgres"].includes(flags.db) || ![1, 2].includes(flags.instances)) {
  console.error("usage: slack-load.ts [count] [rate] [rounds] [--db sqlite|postgres] [--instances 1|2]");
  process.exit(2);
}
if (flags.instances > 1 && flags.db !== "postgres") {
  console.error("--instances 2 needs --db postgres: SQLite is one process's embedded database");
  process.exit(2);
}
const COUNT = Number(positional[0] ?? 500);
const RATE = Number(positional[1] ?? 100);
const TEAM = "T_BENCH";
const TOKEN = "xoxb-bench";

interface LoadResult {
  statuses: number[];
  latencies: number[];
  sendSeconds: number;
}

function runClient(url: string, responseUrlBase: string): Promise<LoadResult> {
  const client = path.resolve(import.meta.dirname, "slack-load-client.ts");
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", client, url, SIGNING_SECRET, String(COUNT), String(RATE), responseUrlBase, TEAM],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`client exited ${code}`)),
    );
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summarise(name: string, result: LoadResult) {
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const acked = result.statuses.filter((s) => s === 200).length;
  return {
    target: name,
    sent: result.statuses.length,
    acked200: acked,
    otherStatuses: result.statuses.filter((s) => s !== 200).length,
    sendSeconds: Number(result.sendSeconds.toFixed(2)),
    p50ms: Number(percentile(sorted, 50).toFixed(2)),
    p95ms: Number(percentile(sorted, 95).toFixed(2)),
    p99ms: Number(percentile(sorted, 99).toFixed(2)),
    maxms: Number(sorted.at(-1)!.toFixed(2)),
  };
}

/** Mounts request listeners on a node:http server that records each request's time in the server. */
async function timedServer(handle: (req: http.IncomingMessage, res: http.ServerResponse) => unknown) {
  const serverMs: number[] = [];
  const server = http.createServer((req, res) => {
    const started = performance.now();
    res.on("finish", () => serverMs.push(performance.now() - started));
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
    serverMs,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function quietBoltLogger() {
  return {
    debug() {},
    info() {},
    warn() {},
    error() {},
    setLevel() {},
    getLevel: () => "error" as never,
    setName() {},
  };
}

async function bareBolt(apiUrl: string) {
  const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, logger: quietBoltLogger() });
  const app = new App({
    receiver,
    token: TOKEN,
    clientOptions: { slackApiUrl: apiUrl },
    logger: quietBoltLogger(),
    deferInitialization: true,
  });
  await app.init();
  app.command("/crm-audit", async ({ ack }) => {
    await ack();
  });
  return timedServer((req, res) => receiver.requestListener(req, res));
}

async function ourBot(apiUrl: string, db: AnyDatabase) {
  const config = loadConfig({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: apiUrl });
  const integration = await createSlackIntegration({
    config,
    core: await benchCore(db, TEAM),
    db,
    logger: silentLogger,
  });
  await integration.start();
  const route = integration.routes.find((r) => r.method === "POST" && r.path === "/slack/events")!;
  const server = await timedServer((req, res) => route.handle(req, res));
  return { ...server, close: async () => (await server.close(), await integration.stop()) };
}

/**
 * `instances` real `crm-audit serve` processes on the PostgreSQL database at `url`, each on its
 * own port; resolves when every /healthz answers 200.
 */
async function serveInstances(url: string, apiUrl: string, instances: number) {
  const bin = fileURLToPath(new URL("../bin/crm-audit.js", import.meta.url));
  const started: { child: ChildProcess; base: string }[] = [];
  for (let i = 0; i < instances; i++) {
    const port = await new Promise<number>((resolve) => {
      const probe = http.createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const child = spawn(process.execPath, [bin, "serve"], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: String(port),
        HOST: "127.0.0.1",
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: apiUrl,
        CONSOLE: "off",
        SAMPLE_CONTACTS: "0",
        LOG_LEVEL: "error",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    started.push({ child, base: `http://127.0.0.1:${port}` });
  }
  const until = Date.now() + 180_000;
  for (const { child, base } of started) {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`crm-audit serve exited ${child.exitCode}`);
      const ok = await fetch(`${base}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (Date.now() > until) throw new Error(`${base}/healthz did not answer 200 within 180 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    url: started.map((s) => `${s.base}/slack/events`).join(","),
    pids: started.map((s) => s.child.pid!),
    serverMs: [] as number[],
    close: async () => {
      for (const { child } of started) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}

const ROUNDS = Number(positional[2] ?? 2);
const fakeProcess = spawn(
  process.execPath,
  ["--import", "tsx", path.resolve(import.meta.dirname, "slack-fake-server.ts"), TEAM, TOKEN],
  {
    stdio: ["ignore", "pipe", "inherit"],
  },
);
const fake = await new Promise<{ url: string; apiUrl: string }>((resolve) => {
  let out = "";
  fakeProcess.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    if (out.includes("\n")) resolve(JSON.parse(out.split("\n")[0]!) as { url: string; apiUrl: string });
  });
});
async function answered(prefix: string): Promise<number> {
  const stats = (await (await fetch(`${fake.url}/_stats?prefix=${encodeURIComponent(prefix)}`)).json()) as {
    answered: number;
  };
  return stats.answered;
}
let postgres: BenchDatabase | null = null;
let db: AnyDatabase;
let ours: { url: string; serverMs: number[]; close(): Promise<void>; pids?: number[] };
if (flags.db === "postgres") {
  postgres = await createBenchDatabase("slack");
  db = openPostgresDatabase(postgres.url);
  db.migrate();
  // The workspace, its CRM copy and one audit, written before the instances start.
  await benchCore(db, TEAM);
  await db.close();
  ours = await serveInstances(postgres.url, fake.apiUrl, flags.instances);
} else {
  db = freshDatabase("bench-slack");
  ours = await ourBot(fake.apiUrl, db);
}
const targets = { ours, bare: await bareBolt(fake.apiUrl) };
/** CPU seconds of the serve processes so far (PostgreSQL runs), else null. */
const instancesCpu = (): number | null =>
  ours.pids ? ours.pids.reduce((sum, pid) => sum + (processCpuSeconds(pid) ?? NaN), 0) : null;
const results: Record<keyof typeof targets, LoadResult[]> = { ours: [], bare: [] };
const loads: string[] = [];
/** CPU the bot's process spent per command, acknowledgement and answer included. */
const cpuMsPerCommand: Record<keyof typeof targets, number[]> = { ours: [], bare: [] };
/** How late the bot's event loop ran (p99): requests wait this long before the server even reads them. */
const loopLagP99Ms: Record<keyof typeof targets, number[]> = { ours: [], bare: [] };

// Alternate the two targets so a busy moment on a shared machine does not land on one of them only.
for (let round = 0; round < ROUNDS; round++) {
  for (const name of (round % 2 === 0 ? ["ours", "bare"] : ["bare", "ours"]) as (keyof typeof targets)[]) {
    loads.push(`${name}#${round + 1} load ${os.loadavg()[0]!.toFixed(1)}`);
    const base = `${fake.url}/response/${name}-${round}`;
    const cpuBefore = process.cpuUsage();
    const instancesCpuBefore = instancesCpu();
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    results[name].push(await runClient(targets[name].url, base));
    if (name === "ours") {
      // The answers after the acknowledgements finish before the next run starts.
      const waitUntil = Date.now() + 120_000;
      while ((await answered(`${name}-${round}/`)) < COUNT && Date.now() < waitUntil)
        await new Promise((r) => setTimeout(r, 100));
    }
    loopDelay.disable();
    const cpu = process.cpuUsage(cpuBefore);
    if (name === "ours" && instancesCpuBefore !== null) {
      // The bot runs in the serve processes: their CPU, not this process's; their loop lag is not readable here.
      loopLagP99Ms[name].push(NaN);
      cpuMsPerCommand[name].push(((instancesCpu()! - instancesCpuBefore) * 1000) / COUNT);
    } else {
      loopLagP99Ms[name].push(loopDelay.percentile(99) / 1e6);
      cpuMsPerCommand[name].push((cpu.user + cpu.system) / 1000 / COUNT);
    }
  }
}

const merge = (rs: LoadResult[]): LoadResult => ({
  statuses: rs.flatMap((r) => r.statuses),
  latencies: rs.flatMap((r) => r.latencies),
  sendSeconds: Math.max(...rs.map((r) => r.sendSeconds)),
});
const server = (ms: number[]) => {
  // The serve processes time nothing for us (PostgreSQL runs): client-side figures only.
  if (ms.length === 0) return { serverP50ms: NaN, serverP99ms: NaN };
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    serverP50ms: Number(percentile(sorted, 50).toFixed(2)),
    serverP99ms: Number(percentile(sorted, 99).toFixed(2)),
  };
};
const avg = (xs: number[]) => Number((xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2));
const answeredTotal = await answered("ours-");
const label = flags.db === "postgres" ? `crm-audit serve ×${flags.instances} on PostgreSQL` : "crm-audit bot (SQLite)";
const rows = [
  {
    ...summarise(label, merge(results.ours)),
    ...server(targets.ours.serverMs),
    answered: answeredTotal,
    cpuMsPerCommand: avg(cpuMsPerCommand.ours),
    loopLagP99Ms: avg(loopLagP99Ms.ours),
  },
  {
    ...summarise("bare Bolt (ack only)", merge(results.bare)),
    ...server(targets.bare.serverMs),
    cpuMsPerCommand: avg(cpuMsPerCommand.bare),
    loopLagP99Ms: avg(loopLagP99Ms.bare),
  },
];
console.table(rows);
console.log(loads.join("; "));
console.log(
  JSON.stringify({
    count: COUNT,
    rate: RATE,
    rounds: ROUNDS,
    db: flags.db,
    instances: flags.instances,
    cpus: os.cpus().length,
    node: process.version,
    rows,
  }),
);

await targets.ours.close();
await targets.bare.close();
fakeProcess.kill("SIGTERM");
if (postgres) await postgres.drop();
else await db.close();
