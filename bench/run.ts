/**
 * `npm run bench [-- --sizes 10k,100k,1m --runs 3 --keep] [--db postgres]`: for each size, generate a sample
 * bundle, import it, then audit it in a child process (median of --runs) and print:
 * import rows/s, full audit seconds and peak RSS (and the same audit on one thread), the set-based checks' audit time against the
 * hand-written SQL floor and DuckDB (bench/duckdb-floor.ts: CSV load and query time apart) on
 * the same file, a repeat run's time (duplicates cached), and duplicate detection time.
 * Not a test: it prints figures, it does not assert them. Data goes to data/bench/<size>/.
 *
 * `--db postgres` runs the import and the full audit (first and repeat run) on PostgreSQL instead:
 * a fresh database per size on the server at BENCH_POSTGRES_URL (default the local trust-auth
 * server, postgres://postgres@127.0.0.1:5432/postgres), created and dropped by the bench. Besides
 * the bot process's wall, CPU and peak RSS it reports the CPU time of the server processes that
 * served the audit's connections, read from /proc every 100 ms (so only for a server on this
 * machine; up to 0.1 s per connection may be missed at its end).
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { importBundle } from "../src/core/import/index.js";
import { writeSampleBundle } from "../src/core/sample/index.js";
import { openDatabase } from "../src/db/database.js";
import { applyMigrations } from "../src/db/migrate.js";
import { openPostgresDatabase } from "../src/db/postgres/database.js";
import pg from "pg";
import { BENCH_POSTGRES_URL, createBenchDatabase, onBenchServer, processCpuSeconds } from "./postgres-database.js";

const SIZES: Record<string, number> = { "10k": 10_000, "100k": 100_000, "1m": 1_000_000 };
const AS_OF = new Date("2026-05-01T12:00:00Z");
const WORKSPACE = "bench";
const HERE = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv: string[]) {
  const options = {
    sizes: Object.keys(SIZES),
    runs: 3,
    keep: false,
    modes: null as Set<string> | null,
    db: "sqlite" as "sqlite" | "postgres",
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--sizes") options.sizes = (argv[++i] ?? "").toLowerCase().split(",").filter(Boolean);
    else if (arg === "--runs") options.runs = Math.max(1, Number(argv[++i]));
    else if (arg === "--keep") options.keep = true;
    else if (arg === "--db") {
      const db = argv[++i];
      if (db !== "sqlite" && db !== "postgres") {
        console.error("--db must be sqlite or postgres");
        process.exit(2);
      }
      options.db = db;
    }
    // Only these audit modes (bench/audit-child.ts); the others print n/a.
    else if (arg === "--modes") options.modes = new Set((argv[++i] ?? "").split(",").filter(Boolean));
    else {
      console.error(
        `unknown argument ${arg}\nusage: npm run bench -- [--sizes 10k,100k,1m] [--runs 3] [--keep] [--modes full,repeat,…] [--db sqlite|postgres]`,
      );
      process.exit(2);
    }
  }
  const unknown = options.sizes.filter((s) => !(s in SIZES));
  if (unknown.length > 0 || !Number.isFinite(options.runs)) {
    console.error(`sizes must be among ${Object.keys(SIZES).join(", ")}; --runs a number`);
    process.exit(2);
  }
  return options;
}

interface ChildResult {
  mode: string;
  /** null when the mode's checks are not registered. */
  seconds: number | null;
  /** User + system CPU seconds of the measured part (less sensitive to other load than wall time). */
  cpuSeconds: number | null;
  maxRssMiB: number;
  /** The run's own durationMs (full and repeat modes), else null. */
  durationMs: number | null;
  findings: Record<string, number>;
  idHashes: Record<string, string>;
  /** duckdb mode: bench/duckdb-floor.ts's figures. */
  duckdb?: {
    loadSeconds: number;
    querySeconds: number;
    perCheckSeconds: number;
    sqliteSeconds: number;
    differ: string[];
  };
}

function measure(dbFile: string, mode: string, runs: number): ChildResult {
  if (options.modes && !options.modes.has(mode))
    return { mode, seconds: null, cpuSeconds: null, maxRssMiB: NaN, durationMs: null, findings: {}, idHashes: {} };
  const results: ChildResult[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", path.join(HERE, "audit-child.ts"), dbFile, WORKSPACE, String(AS_OF.getTime()), mode],
      { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    results.push(JSON.parse(out.trim().split("\n").at(-1)!) as ChildResult);
  }
  results.sort((a, b) => (a.seconds ?? 0) - (b.seconds ?? 0));
  const median = results[Math.floor(results.length / 2)]!;
  // One line per figure as soon as it is known: a 1M run takes minutes per mode.
  console.log(
    `  ${path.basename(path.dirname(dbFile))} ${mode}: ${median.seconds === null ? "n/a" : `${median.seconds.toFixed(2)} s (cpu ${median.cpuSeconds?.toFixed(2)} s)`}, peak RSS ${median.maxRssMiB.toFixed(0)} MiB`,
  );
  return median;
}

async function prepare(size: string, keep: boolean) {
  const dir = path.resolve("data", "bench", size);
  const dbFile = path.join(dir, "crm.db");
  if (keep && fs.existsSync(dbFile)) {
    // A kept file may predate the latest migrations (the outcome cache's table).
    const db = openDatabase(`file:${dbFile}`);
    applyMigrations(db.sqlite);
    await db.close();
    return { dbFile, importRowsPerSecond: NaN, rows: NaN, generateSeconds: NaN };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const bundle = path.join(dir, "bundle");
  let t = performance.now();
  await writeSampleBundle(bundle, { contacts: SIZES[size]!, seed: 1, asOf: AS_OF });
  const generateSeconds = (performance.now() - t) / 1000;
  const db = openDatabase(`file:${dbFile}`);
  applyMigrations(db.sqlite);
  t = performance.now();
  const report = await importBundle(db.stores, WORKSPACE, bundle, {});
  if (!report.ok)
    throw new Error(
      `import failed: ${report.issues
        .slice(0, 3)
        .map((i) => JSON.stringify(i))
        .join("; ")}`,
    );
  await db.close();
  return { dbFile, importRowsPerSecond: report.rowsPerSecond, rows: report.rowsRead, generateSeconds };
}

const options = parseArgs(process.argv.slice(2));
if (options.db === "postgres") {
  await benchPostgres();
  process.exit(0);
}
console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}`,
);
console.log(`as of ${AS_OF.toISOString()}, median of ${options.runs} run(s) per figure\n`);
const rows: string[][] = [];
const dupSeconds: Record<string, number> = {};
for (const size of options.sizes) {
  const prepared = await prepare(size, options.keep);
  if (!Number.isNaN(prepared.rows)) {
    console.log(
      `  ${size} generated in ${prepared.generateSeconds.toFixed(1)} s; imported ${prepared.rows} rows at ${Math.round(prepared.importRowsPerSecond)} rows/s`,
    );
  }
  const full = measure(prepared.dbFile, "full", options.runs);
  // Right after "full", which stored the duplicate groups of this data version.
  const repeat = measure(prepared.dbFile, "repeat", options.runs);
  const oneThread = measure(prepared.dbFile, "full-one-thread", options.runs);
  const setBased = measure(prepared.dbFile, "set-based", options.runs);
  const visitors = measure(prepared.dbFile, "set-based-visitors", options.runs);
  const floor = measure(prepared.dbFile, "floor", options.runs);
  const duck = measure(prepared.dbFile, "duckdb", options.runs).duckdb;
  if (duck) {
    const best = Math.min(duck.querySeconds, duck.perCheckSeconds);
    console.log(
      `  ${size} DuckDB: CSV load ${duck.loadSeconds.toFixed(2)} s; the set-based SQL ${duck.querySeconds.toFixed(2)} s ` +
        `(one statement per table), ${duck.perCheckSeconds.toFixed(2)} s (one per check); the same on SQLite ` +
        `${duck.sqliteSeconds.toFixed(2)} s = ${(duck.sqliteSeconds / best).toFixed(2)}× DuckDB's best; ` +
        (duck.differ.length === 0 ? "same ids" : `ids DIFFER on ${duck.differ.join(", ")}`),
    );
  }
  const dups = measure(prepared.dbFile, "duplicates", options.runs);
  // CPU seconds: at 1M the duplicate checks run on a second thread, so wall time would mix in the parallelism.
  if (dups.cpuSeconds !== null) dupSeconds[size] = dups.cpuSeconds;
  const secs = (r: ChildResult) => (r.seconds === null ? "n/a" : r.seconds.toFixed(2));
  // The checks' SQL form against their visitors, and a repeat run against a first one: id for id.
  for (const [a, b] of [
    [setBased, visitors],
    [repeat, full],
  ] as const) {
    const compared = Object.keys(a.idHashes).filter((id) => b.idHashes[id] !== undefined);
    if (compared.length === 0) continue;
    const differ = compared.filter((id) => a.idHashes[id] !== b.idHashes[id]);
    console.log(
      `  ${size} ${a.mode} vs ${b.mode}: ${differ.length === 0 ? `identical id for id (${compared.length} checks)` : `DIFFER on ${differ.join(", ")}`}`,
    );
  }
  const mismatched = Object.entries(floor.findings).filter(
    ([id, n]) => setBased.findings[id] !== undefined && setBased.findings[id] !== n,
  );
  rows.push([
    size,
    Number.isNaN(prepared.rows) ? "(kept)" : String(prepared.rows),
    Number.isNaN(prepared.importRowsPerSecond)
      ? "(kept)"
      : Math.round(prepared.importRowsPerSecond).toLocaleString("en"),
    secs(full),
    full.maxRssMiB.toFixed(0),
    secs(repeat),
    full.durationMs && repeat.durationMs ? `${Math.round((100 * repeat.durationMs) / full.durationMs)}%` : "n/a",
    secs(oneThread),
    secs(setBased),
    secs(visitors),
    secs(floor),
    duck ? Math.min(duck.querySeconds, duck.perCheckSeconds).toFixed(2) : "n/a",
    setBased.seconds === null || floor.seconds === null ? "n/a" : (setBased.seconds / floor.seconds).toFixed(2),
    secs(dups),
  ]);
  if (mismatched.length > 0) {
    console.log(
      `note (${size}): engine and SQL floor disagree on ${mismatched.map(([id]) => id).join(", ")} (floor is a timing baseline, the checks define the meaning)`,
    );
  }
}
const header = [
  "size",
  "rows",
  "import rows/s",
  "audit s",
  "audit peak RSS MiB",
  "repeat s",
  "repeat/first",
  "one thread s",
  "set-based s",
  "as visitors s",
  "SQL floor s",
  "DuckDB query s",
  "× floor",
  "duplicates s",
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join("  ");
console.log(line(header));
for (const row of rows) console.log(line(row));
if (dupSeconds["100k"] !== undefined && dupSeconds["1m"] !== undefined) {
  console.log(
    `\nduplicate detection 1M / 100k CPU time ratio: ${(dupSeconds["1m"] / dupSeconds["100k"]).toFixed(1)} (10 = linear)`,
  );
}

/** The PostgreSQL run (`--db postgres`): import, then the full audit, first and repeat. */
async function benchPostgres() {
  const version = await onBenchServer(
    async (c) => (await c.query<{ v: string }>(`SELECT current_setting($1) AS v`, ["server_version"])).rows[0]!.v,
  );
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, PostgreSQL ${version}`,
  );
  console.log(`as of ${AS_OF.toISOString()}, median of ${options.runs} run(s) per figure; load ${loadAverage()}\n`);
  const table: string[][] = [];
  for (const size of options.sizes) {
    const database = await createBenchDatabase(size);
    try {
      const bundle = path.resolve("data", "bench", `${size}-bundle`);
      let t = performance.now();
      if (!fs.existsSync(path.join(bundle, "contacts.csv"))) {
        fs.rmSync(bundle, { recursive: true, force: true });
        await writeSampleBundle(bundle, { contacts: SIZES[size]!, seed: 1, asOf: AS_OF });
        console.log(`  ${size} generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      }
      const db = openPostgresDatabase(database.url);
      db.migrate();
      t = performance.now();
      const report = await importBundle(db.stores, WORKSPACE, bundle, {});
      await db.close();
      if (!report.ok) throw new Error(`import failed: ${JSON.stringify(report.issues.slice(0, 3))}`);
      console.log(
        `  ${size} imported ${report.rowsRead} rows at ${Math.round(report.rowsPerSecond)} rows/s (${((performance.now() - t) / 1000).toFixed(1)} s); load ${loadAverage()}`,
      );
      const full = await measurePostgres(database.url, database.name, "full");
      const repeat = await measurePostgres(database.url, database.name, "repeat");
      const secs = (n: number | null | undefined) => (n === null || n === undefined ? "n/a" : n.toFixed(2));
      table.push([
        size,
        String(report.rowsRead),
        Math.round(report.rowsPerSecond).toLocaleString("en"),
        secs(full.seconds),
        secs(full.cpuSeconds),
        secs(full.serverCpuSeconds),
        full.maxRssMiB.toFixed(0),
        secs(repeat.seconds),
        secs(repeat.cpuSeconds),
        secs(repeat.serverCpuSeconds),
        full.durationMs && repeat.durationMs ? `${Math.round((100 * repeat.durationMs) / full.durationMs)}%` : "n/a",
      ]);
    } finally {
      await database.drop();
    }
  }
  const header = [
    "size",
    "rows",
    "import rows/s",
    "audit s",
    "audit CPU s",
    "server CPU s",
    "audit peak RSS MiB",
    "repeat s",
    "repeat CPU s",
    "repeat server CPU s",
    "repeat/first",
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join("  ");
  console.log(`\nPostgreSQL; load ${loadAverage()}`);
  console.log(line(header));
  for (const row of table) console.log(line(row));
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

/**
 * One audit child on PostgreSQL (median of --runs), with the CPU time of the server processes
 * serving database `name` meanwhile: their pids from pg_stat_activity, their CPU from /proc.
 */
async function measurePostgres(url: string, name: string, mode: string) {
  const results: (ChildResult & { serverCpuSeconds: number | null })[] = [];
  for (let i = 0; i < options.runs; i++) {
    const watcher = new pg.Client({ connectionString: BENCH_POSTGRES_URL });
    await watcher.connect();
    /** Each server process's CPU seconds at its last sample; `listed` counts those pg_stat_activity named. */
    const seen = new Map<number, number>();
    const listed = new Set<number>();
    const sample = async () => {
      const { rows } = await watcher.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [name],
      );
      for (const { pid } of rows) {
        listed.add(pid);
        // Null when the connection ended since the listing (its last sample stands) or the server is elsewhere.
        const cpu = processCpuSeconds(pid);
        if (cpu !== null) seen.set(pid, Math.max(seen.get(pid) ?? 0, cpu));
      }
    };
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(HERE, "audit-child.ts"), url, WORKSPACE, String(AS_OF.getTime()), mode],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    let done = false;
    void exited.then(() => (done = true));
    while (!done) {
      await sample();
      await new Promise((r) => setTimeout(r, 100));
    }
    await watcher.end();
    if ((await exited) !== 0) throw new Error(`audit child (${mode}) failed`);
    // None readable although some were listed: the server runs on another machine.
    const serverCpuSeconds = seen.size === 0 && listed.size > 0 ? null : [...seen.values()].reduce((a, v) => a + v, 0);
    results.push({ ...(JSON.parse(out.trim().split("\n").at(-1)!) as ChildResult), serverCpuSeconds });
  }
  results.sort((a, b) => (a.seconds ?? 0) - (b.seconds ?? 0));
  const median = results[Math.floor(results.length / 2)]!;
  console.log(
    `  ${mode}: ${median.seconds?.toFixed(2)} s (cpu ${median.cpuSeconds?.toFixed(2)} s, server cpu ${median.serverCpuSeconds?.toFixed(2) ?? "n/a"} s), peak RSS ${median.maxRssMiB.toFixed(0)} MiB; load ${loadAverage()}`,
  );
  return median;
}
