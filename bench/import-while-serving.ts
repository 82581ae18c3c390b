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
 * Run: npm run bench:import-while-serving -- [contacts=100000] [baselineSeconds=15]
 */
import { execFile, spawn } from "node:child_process";
import os from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import path from "node:path";
import { Writable } from "node:stream";
import { startApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { silentLogger } from "../src/logger.js";
import { cachedSampleBundle } from "../test/helpers/import-process.js";
import { tempDir } from "../test/helpers/tmp.js";
import { FakeSlack } from "../test/slack/fake-slack.js";
import { SIGNING_SECRET } from "../test/slack/harness.js";

const CONTACTS = Number(process.argv[2] ?? 100_000);
const BASELINE_SECONDS = Number(process.argv[3] ?? 15);
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
const dbFile = path.join(tempDir("bench-import-serving"), "crm.db");
const env = { DATABASE_URL: `file:${dbFile}`, LOG_LEVEL: "error" };
const app = await startApp(
  loadConfig({
    ...env,
    PORT: "0",
    HOST: "127.0.0.1",
    SAMPLE_CONTACTS: "0",
    CONSOLE: "off",
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
  }),
  silentLogger,
  { stdin: process.stdin, stdout: new Writable({ write: (_chunk, _encoding, done) => done() }) },
);

/** Runs the probe until `during` settles; returns its latencies and the load average at the end. */
async function probe(name: string, during: Promise<unknown>) {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.resolve(import.meta.dirname, "import-while-serving-probe.ts"),
      app.url,
      SIGNING_SECRET,
      TEAM,
      fake.responseUrl(name),
      "250",
      "50",
    ],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const started = performance.now();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  await during;
  loop.disable();
  const seconds = (performance.now() - started) / 1000;
  const load = os.loadavg()[0]!;
  child.stdin.end();
  await new Promise((resolve) => child.on("exit", resolve));
  return {
    name,
    seconds,
    load,
    loopMaxMs: loop.max / 1e6,
    ...(JSON.parse(out) as { commands: Timed[]; health: Timed[] }),
  };
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
    fake.calls.filter((c) => c.method === "response_url" && c.target?.startsWith(`${p.name}/`)).map((c) => c.target),
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
console.log(JSON.stringify({ contacts: CONTACTS, cpus: os.cpus().length, node: process.version, rows }));
await app.stop();
await fake.stop();
