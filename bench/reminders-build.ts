/**
 * Owner reminders built and handed over per second: `npx tsx bench/reminders-build.ts
 * [--contacts 1000000] [--owners 10000] [--keep]`. Generates the sample bundle (the same
 * generator as bench/run.ts), imports it, spreads its tasks and deals over `--owners` CRM users,
 * then runs the `reminders` logic (src/core/reminders/send.ts) with an in-memory directory that
 * finds everyone and a Deliverer that only counts: a first run (every owner looked up, every
 * digest new, the ledger written) and a second run a week later (cache hits, items a week worse).
 * Prints each phase's time, digests per second, peak RSS and the load average. Not a test: it
 * prints figures, it asserts nothing. The delivery itself (outbox, platform rate limits) is
 * measured apart.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ChatDirectory, Delivery } from "../src/core/delivery.js";
import { importBundle } from "../src/core/import/index.js";
import { planReminders } from "../src/core/reminders/items.js";
import { runReminders } from "../src/core/reminders/send.js";
import { loadGroundTruth, writeSampleBundle } from "../src/core/sample/index.js";
import { openDatabase } from "../src/db/database.js";
import { applyMigrations } from "../src/db/migrate.js";

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(
      `--${name} must be a whole number\nusage: bench/reminders-build.ts [--contacts N] [--owners N] [--keep]`,
    );
    process.exit(2);
  }
  return value;
}

const contacts = argument("contacts", 1_000_000);
const owners = argument("owners", 10_000);
const keep = process.argv.includes("--keep");
const WORKSPACE = "bench";
const DAY = 86_400_000;

const root = fs.mkdtempSync(path.join(os.tmpdir(), "reminders-bench-"));
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
const seconds = (from: number) => (performance.now() - from) / 1000;

try {
  let t = performance.now();
  const summary = await writeSampleBundle(path.join(root, "bundle"), { contacts, seed: 1 });
  const asOf = Date.parse(loadGroundTruth(summary.groundTruthPath).asOf);
  console.log(`sample: ${contacts} contacts generated in ${seconds(t).toFixed(1)} s`);
  const db = openDatabase(`file:${path.join(root, "crm.db")}`);
  applyMigrations(db.sqlite);
  t = performance.now();
  const report = await importBundle(db.stores, WORKSPACE, path.join(root, "bundle"));
  if (!report.ok) throw new Error(`import failed: ${JSON.stringify(report.issues.slice(0, 3))}`);
  console.log(`import: ${report.rowsRead} rows in ${seconds(t).toFixed(1)} s`);

  // The sample has a few users; a large organisation has thousands of owners. Keep the records
  // the sample left without an owner (or with a deactivated or unknown one) as they are.
  t = performance.now();
  db.sqlite.transaction(() => {
    const insert = db.sqlite.prepare(
      `INSERT INTO crm_users (workspaceId, id, name, email, role, active) VALUES (?, ?, ?, ?, 'rep', 1)`,
    );
    for (let i = 0; i < owners; i++) insert.run(WORKSPACE, `B${i}`, `Owner ${i}`, `owner${i}@bench.example`);
    const active = `(SELECT id FROM crm_users WHERE workspaceId = @ws AND active = 1 AND id NOT LIKE 'B%')`;
    db.sqlite
      .prepare(
        `UPDATE tasks SET assigneeId = 'B' || CAST(rowid % @n AS INTEGER) WHERE workspaceId = @ws AND assigneeId IN ${active}`,
      )
      .run({ ws: WORKSPACE, n: owners });
    db.sqlite
      .prepare(
        `UPDATE deals SET ownerId = 'B' || CAST(rowid % @n AS INTEGER) WHERE workspaceId = @ws AND ownerId IN ${active}`,
      )
      .run({ ws: WORKSPACE, n: owners });
  })();
  const counts = db.sqlite
    .prepare(
      `SELECT (SELECT COUNT(*) FROM tasks WHERE workspaceId = @ws) AS tasks, (SELECT COUNT(*) FROM deals WHERE workspaceId = @ws) AS deals`,
    )
    .get({ ws: WORKSPACE }) as { tasks: number; deals: number };
  console.log(
    `owners: ${owners} CRM users own ${counts.tasks} tasks and ${counts.deals} deals (spread in ${seconds(t).toFixed(1)} s)`,
  );

  let lookups = 0;
  const directory: ChatDirectory = {
    findByEmail: async (_p, _t, email) => {
      lookups++;
      return { found: true, userId: `U${email}`, displayName: null, timeZone: "Europe/Berlin" };
    },
    members: async () => ({ found: false, reason: "not used" }),
  };
  let handed = 0;
  const deliver = async (deliveries: readonly Delivery[]) => void (handed += deliveries.length);
  const services = { stores: db.stores.chat, fileSettings: {}, deliver, directory };

  t = performance.now();
  const plan = await planReminders(services, WORKSPACE, asOf);
  const items = plan.owners.reduce((n, o) => n + o.items.length, 0);
  console.log(
    `plan only: ${plan.owners.length} owners with ${items} items, ${plan.unassigned.length} unassigned, in ${seconds(t).toFixed(2)} s`,
  );

  for (const [label, now] of [
    ["first run (lookups, all new, ledger written)", asOf],
    ["a week later (cache hits, items a week worse)", asOf + 7 * DAY],
  ] as const) {
    lookups = 0;
    handed = 0;
    const cpu = process.cpuUsage();
    t = performance.now();
    const result = await runReminders(services, {
      workspaceId: WORKSPACE,
      platform: "slack",
      tenantId: "TBENCH",
      asOf: now,
      now,
      keyPrefix: `reminders:1:${now}`,
      pageSize: 5,
      repeatAfterMs: 3 * DAY,
      always: false,
      reasons: null,
      zone: "UTC",
      dryRun: false,
    });
    const wall = seconds(t);
    const used = process.cpuUsage(cpu);
    console.log(
      `${label}: ${result.digests.length} digests (${handed} deliveries handed over, ${lookups} lookups) in ${wall.toFixed(2)} s = ` +
        `${Math.round(handed / wall)} digests/s (${((used.user + used.system) / 1e6).toFixed(2)} s CPU)`,
    );
  }
  console.log(
    `peak RSS ${Math.round(peakRss / 2 ** 20)} MiB; load average ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} CPUs`,
  );
  await db.close();
} finally {
  clearInterval(sampler);
  if (keep) console.log(`kept ${root}`);
  else fs.rmSync(root, { recursive: true, force: true });
}
