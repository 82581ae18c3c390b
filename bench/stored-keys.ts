/**
 * What storing the normalised blocking fields costs an import (src/core/duplicates/stored-keys.ts):
 * the keys of every contact of a bench database computed as the import writers compute them,
 * five times, CPU milliseconds each and the median. Reads the source columns first (not timed).
 *
 *   npx tsx bench/stored-keys.ts data/bench/100k/crm.db
 */
import { STORED_KEYS, storedKeyValue } from "../src/core/duplicates/stored-keys.js";
import { openSqlite } from "../src/db/sqlite/connection.js";

const file = process.argv[2];
if (!file) {
  console.error("usage: npx tsx bench/stored-keys.ts <bench db file>");
  process.exit(2);
}
const db = openSqlite(file);
const keys = Object.entries(STORED_KEYS.contacts) as [
  string,
  readonly [string, (raw: string | null | undefined) => string],
][];
const rows = db.prepare(`SELECT ${keys.map(([source]) => `"${source}"`).join(", ")} FROM "contacts"`).all() as Record<
  string,
  string | null
>[];
db.close();
const times: number[] = [];
let chars = 0;
for (let run = 0; run < 5; run++) {
  const started = process.cpuUsage();
  for (const row of rows) {
    for (const [source, [, compute]] of keys) chars += storedKeyValue(compute, row[source])?.length ?? 0;
  }
  const cpu = process.cpuUsage(started);
  times.push((cpu.user + cpu.system) / 1000);
}
const median = [...times].sort((a, b) => a - b)[2]!;
console.log(
  `${rows.length} contacts: stored keys in ${times.map((t) => t.toFixed(0)).join(" / ")} ms CPU, median ${median.toFixed(0)} ms ` +
    `(${chars} characters computed; load ${(await import("node:os"))
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")})`,
);
