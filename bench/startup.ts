/**
 * Start-up time of `npm start` (crm-audit serve) on an empty database: from spawning the
 * process to the first `GET /healthz` that answers 200, with the sample dataset loaded.
 *
 *   tsx bench/startup.ts [--contacts 2000] [--runs 3]
 *
 * Reports each run and the median, plus when the sample's first audit finished.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const contacts = option("contacts", 2000);
const runs = option("runs", 3);
const bin = path.resolve("bin/crm-audit.js");

async function once(): Promise<{ healthzMs: number; readyMs: number; firstAuditMs: number | null }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-audit-startup-"));
  const started = performance.now();
  const child = spawn(process.execPath, [bin, "serve"], {
    env: {
      ...process.env,
      DATABASE_URL: `file:${path.join(dir, "startup.db")}`,
      PORT: "0",
      HOST: "127.0.0.1",
      SAMPLE_CONTACTS: String(contacts),
      CONSOLE: "off",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let firstAuditMs: number | null = null;
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
    if (firstAuditMs === null && stderr.includes("first audit of the sample done"))
      firstAuditMs = performance.now() - started;
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`serve exited: ${stderr}`);
      // The server logs its URL as soon as it listens, before the sample dataset is loaded.
      const url = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
      if (url) {
        const response = await fetch(`${url}/healthz`).catch(() => null);
        if (response?.status === 200) break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const healthzMs = performance.now() - started;
    // "Ready": the banner is printed once the sample is loaded and commands can be typed.
    while (!stdout.includes("Console:") && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    const readyMs = performance.now() - started;
    // Give the background first audit up to a minute, to report when `status` has a score
    // (without a sample there is no first audit to wait for).
    for (let waited = 0; contacts > 0 && firstAuditMs === null && waited < 60_000; waited += 100)
      await new Promise((r) => setTimeout(r, 100));
    return { healthzMs, readyMs, firstAuditMs };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const results = [];
for (let i = 0; i < runs; i++) {
  const r = await once();
  results.push(r);
  console.log(
    `run ${i + 1}: healthz ok after ${(r.healthzMs / 1000).toFixed(2)} s; ready (sample loaded, banner) after ${(r.readyMs / 1000).toFixed(2)} s; first audit done after ${
      r.firstAuditMs === null ? "—" : (r.firstAuditMs / 1000).toFixed(2) + " s"
    }`,
  );
}
const sorted = results.map((r) => r.healthzMs).sort((a, b) => a - b);
console.log(
  `npm start on an empty database, ${contacts} sample contacts: median ${(sorted[Math.floor(sorted.length / 2)]! / 1000).toFixed(2)} s to /healthz ok (${runs} runs, ${os.cpus().length} CPUs)`,
);
