/**
 * Generation speed of the sample bundle: `npx tsx bench/sample.ts [contacts ...]`
 * (default 100000 1000000). Prints wall time, CPU time, peak RSS and rows/s per size.
 * Not a test: speed depends on the machine and its load.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeSampleBundle } from "../src/core/sample/index.js";

const sizes = process.argv.slice(2).map(Number);
const dirRoot = fs.mkdtempSync(path.join(os.tmpdir(), "sample-bench-"));
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

try {
  for (const contacts of sizes.length ? sizes : [100_000, 1_000_000]) {
    const cpu = process.cpuUsage();
    peakRss = process.memoryUsage().rss;
    const summary = await writeSampleBundle(path.join(dirRoot, String(contacts)), { contacts, seed: 1 });
    const used = process.cpuUsage(cpu);
    const rows = Object.values(summary.counts).reduce((a, b) => a + b, 0);
    console.log(
      `${contacts} contacts: ${rows} rows in ${(summary.durationMs / 1000).toFixed(1)} s wall, ` +
        `${((used.user + used.system) / 1e6).toFixed(1)} s CPU, ${Math.round(rows / (summary.durationMs / 1000))} rows/s, ` +
        `peak RSS ${Math.round(peakRss / 2 ** 20)} MiB (load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs)`,
    );
    fs.rmSync(path.join(dirRoot, String(contacts)), { recursive: true, force: true });
  }
} finally {
  clearInterval(sampler);
  fs.rmSync(dirRoot, { recursive: true, force: true });
}
