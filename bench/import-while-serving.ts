/**
 * Does an import (or an audit) in another process slow the running bot down? A benchmark,
 * not a test.
 *
 * The app runs here as `npm start` composes it (SQLite file, /healthz, Slack over HTTP against
 * an in-process fake Slack API). A probe in a second process sends a signed `/crm-audit
 * status` every 250 ms and GETs /healthz every 50 ms (bench/import-while-serving-probe.ts),
 * first for a quiet baseline, then while `crm-audit import` of the seeded sample bundle runs
 * in a third process, then while `crm-audit audit` of the imported workspace runs there.
 * Reports acknowledgement latency (p50/p99/max) and /healthz latency (p99/max) per phase,
 * and each phase's ratio to the baseline measured in the same run, with the load average.
 *
 * With `--db postgres --instances <n>` the bot runs as n `crm-audit serve` processes on one fresh
 * PostgreSQL database (TEST_POSTGRES_URL's server, dropped afterwards), each probed by a probe
 * of its own at the same pace; the server event loop column is then not measured (it is
 * another process's).
 *
 * Run: npm run bench:import-while-serving -- [contacts=100000] [baselineSeconds=15] [--db sqlite|postgres] [--instances 1]
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import path from "node:path";
import { Writable } from "node:stream";
import { startApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { silentLogger } from "../src/logger.js";
import { cachedSampleBundle } from "../test/helpers/import-process.js";
import { createTestDatabase } from "../test/helpers/postgres.js";
import { tempDir } from "../test/helpers/tmp.js";
import { FakeSlack } from "../test/slack/fake-slack.js";
import { SIGNING_SECRET } from "../test/slack/harness.js";
import { freePort } from "../test/helpers/ports.js";

const args = process.argv.slice(2);
function flag(name: string): string | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  args.splice(at, 2);
  return value;
}
const DB = flag("--db") ?? "sqlite";
const INSTANCES = Number(flag("--instances") ?? 1);
if (DB !== "sqlite" && DB !== "postgres") throw new Error(`--db must be sqlite or postgres (got ${DB})`);
if (!Number.isInteger(INSTANCES) || INSTANCES < 1 || (INSTANCES > 1 && DB !== "postgres"))
  throw new Error("--instances: a whole number, more than 1 only with --db postgres");
const CONTACTS = Number(args[0] ?? 100_000);
const BASELINE_SECONDS = Number(args[1] ?? 15);
const TEAM = "T_BENCH";
const TOKEN = "xoxb-bench";
const CLI = path.resolve(import.meta.dirname, "../bin/crm-audit.js");

interface Timed {
  status: number;
  ms: number;
}

const bundle = cachedSampleBundle(CONTACTS);
const fake = await new FakeSlack({
  teams: { [TEAM]: { botToken: TOKEN, users: [{ id: "U_BENCH", name: "Bench", email: "bench@example.com" }] } },
}).start();
const postgres = DB === "postgres" ? await createTestDatabase("bench_import_serving") : null;
const env = {
  DATABASE_URL: postgres?.url ?? `file:${path.join(tempDir("bench-import-serving"), "crm.db")}`,
  LOG_LEVEL: "error",
};
const appEnv = {
  ...env,
  HOST: "127.0.0.1",
  SAMPLE_CONTACTS: "0",
  CONSOLE: "off",
  SLACK_BOT_TOKEN: TOKEN,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_API_URL: fake.apiUrl,
};

/** One `crm-audit serve` process, answering /healthz. */
async function serveProcess(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, "serve"], {
    env: { ...process.env, ...appEnv, PORT: String(port) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`crm-audit serve exited with ${child.exitCode}`);
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, child };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// SQLite: the app in this process, as `npm start` composes it. PostgreSQL: separate processes
// (several instances on one database), the schema migrated once before they start.
const app =
  DB === "sqlite"
    ? await startApp(loadConfig({ ...appEnv, PORT: "0" }), silentLogger, {
        stdin: process.stdin,
        stdout: new Writable({ write: (_chunk, _encoding, done) => done() }),
      })
    : null;
if (!app) await run(["db", "migrate"]);
const servers = app ? [] : await Promise.all(Array.from({ length: INSTANCES }, () => serveProcess()));
const targets = app ? [app.url] : servers.map((s) => s.url);

/** Runs a probe per instance until `during` settles; returns their latencies and the load average at the end. */
async function probe(name: string, during: Promise<unknown>) {
  const probes = targets.map((target, k) => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        path.resolve(import.meta.dirname, "import-while-serving-probe.ts"),
        target,
        SIGNING_SECRET,
        TEAM,
        fake.responseUrl(`${name}-${k}`),
        "250",
        "50",
      ],
      { stdio: ["pipe", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    return { child, out: () => out };
  });
  const started = performance.now();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  await during;
  loop.disable();
  const seconds = (performance.now() - started) / 1000;
  const load = os.loadavg()[0]!;
  const measured = { commands: [] as Timed[], health: [] as Timed[] };
  for (const { child, out } of probes) {
    child.stdin!.end();
    await new Promise((resolve) => child.on("exit", resolve));
    const one = JSON.parse(out()) as typeof measured;
    measured.commands.push(...one.commands);
    measured.health.push(...one.health);
  }
  return { name, seconds, load, loopMaxMs: app ? loop.max / 1e6 : NaN, ...measured };
}

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, maxBuffer: 256 << 20 }, (error) =>
      error ? reject(error) : resolve(),
    ),
  );
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
// Not counted: the first commands load the modules they need (more so in a process running from source).
await probe("warmup", new Promise((resolve) => setTimeout(resolve, 3000)));
const phases = [
  await probe("quiet", new Promise((resolve) => setTimeout(resolve, BASELINE_SECONDS * 1000))),
  await probe("import", run(["import", bundle, "--workspace", "imported"])),
  await probe("audit", run(["audit", "--workspace", "imported", "--format", "json"])),
];
// Every command's answer has reached the fake response_url before counting.
await new Promise((resolve) => setTimeout(resolve, 2000));

const rows = phases.map((p) => {
  const acks = p.commands.map((c) => c.ms).sort((a, b) => a - b);
  const health = p.health.map((h) => h.ms).sort((a, b) => a - b);
  const answered = new Set(
    fake.calls.filter((c) => c.method === "response_url" && c.target?.startsWith(`${p.name}-`)).map((c) => c.target),
  ).size;
  return {
    phase: p.name,
    seconds: Number(p.seconds.toFixed(1)),
    load: Number(p.load.toFixed(1)),
    commands: p.commands.length,
    acked200: p.commands.filter((c) => c.status === 200).length,
    answered,
    ackP50ms: Number(percentile(acks, 50).toFixed(1)),
    ackP99ms: Number(percentile(acks, 99).toFixed(1)),
    ackMaxMs: Number(acks.at(-1)!.toFixed(1)),
    healthz: p.health.filter((h) => h.status === 200).length,
    healthzP99ms: Number(percentile(health, 99).toFixed(1)),
    healthzMaxMs: Number(health.at(-1)!.toFixed(1)),
    // The server's own event loop: a synchronous wait (a lock, a checkpoint) shows here.
    loopMaxMs: Number(p.loopMaxMs.toFixed(1)),
  };
});
const base = rows[0]!;
for (const row of rows) {
  Object.assign(row, {
    ackP99VsQuiet: Number((row.ackP99ms / base.ackP99ms).toFixed(2)),
    healthzMaxVsQuiet: Number((row.healthzMaxMs / base.healthzMaxMs).toFixed(2)),
  });
}
console.table(rows);
console.log(
  JSON.stringify({
    contacts: CONTACTS,
    db: DB,
    instances: INSTANCES,
    cpus: os.cpus().length,
    node: process.version,
    rows,
  }),
);
await app?.stop();
for (const { child } of servers) {
  child.kill("SIGTERM");
  await new Promise((resolve) => child.on("exit", resolve));
}
await fake.stop();
await postgres?.drop();
