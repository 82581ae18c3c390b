/**
 * Import throughput on a 100k-contact canonical bundle (plus 50 users and 10k companies).
 * The bundle comes from a small deterministic generator below (the project's realistic sample
 * generator lives elsewhere; this only needs valid rows of realistic width).
 *
 *   npx tsx bench/import.ts [--contacts 100000] [--runs 3]
 *   npx tsx bench/import.ts --bundle <dir> [--runs 1]   (an existing bundle, e.g. a 1M sample)
 *
 * Each run imports into a fresh SQLite file (inserts), then re-imports the same bundle
 * (updates), then loads it with the hand-written floor (bench/import-floor.ts: the same parser,
 * tables and indexes, plain inserts in one transaction) into another fresh file. Prints rows/s
 * per run (wall clock, as the report gives it, and per CPU second of this process, which stays
 * meaningful on a busy machine), the first import's time over the floor's (wall and CPU), the
 * load average, and the medians.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../src/db/database.js";
import { applyMigrations } from "../src/db/migrate.js";
import { importBundle } from "../src/core/import/index.js";
import { importFloor } from "./import-floor.js";

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ["Anna", "Ben", "Chloé", "David", "Elif", "Farah", "Gustav", "Hana", "Ivan", "Julia", "Kofi", "Lena"];
const LAST = ["Müller", "Smith", "García", "Rossi", "Nowak", "Dubois", "O'Brien", "Kowalski", "Jensen", "Silva"];
const COUNTRIES = ["DE", "GB", "US", "FR", "ES", "IT", "PL", "NL", "SE", "BR"];
const STAGES = ["subscriber", "lead", "marketingqualifiedlead", "opportunity", "customer", ""];

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function writeBenchBundle(dir: string, contacts: number, seed = 7): number {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const day = (offset: number) => new Date(Date.UTC(2023, 0, 1) + offset * 86_400_000).toISOString();
  fs.mkdirSync(dir, { recursive: true });
  const users = 50;
  const companies = Math.max(1, Math.round(contacts / 10));
  const lines = ["id,name,email,role,active,last_login_at,mfa_enabled"];
  for (let i = 0; i < users; i++) {
    lines.push(
      `u${i},User ${i},user${i}@example.com,${i < 3 ? "admin" : "rep"},true,${day(900 + (i % 60))},${i % 4 !== 0}`,
    );
  }
  fs.writeFileSync(path.join(dir, "users.csv"), lines.join("\n") + "\n");
  const company = [
    "id,name,domain,industry,phone,street,city,postcode,state,country,owner_id,lifecycle_stage,tags,created_at,updated_at",
  ];
  for (let i = 0; i < companies; i++) {
    const country = pick(COUNTRIES);
    company.push(
      [
        `co${i}`,
        `Company ${i}, Ltd`,
        `company${i}.example`,
        "Software",
        "+49 30 1234567",
        `${i} Main Street`,
        "Berlin",
        "10115",
        "",
        country,
        `u${i % users}`,
        pick(STAGES),
        "a;b",
        day(i % 700),
        day(700 + (i % 200)),
      ]
        .map(csvCell)
        .join(","),
    );
  }
  fs.writeFileSync(path.join(dir, "companies.csv"), company.join("\n") + "\n");
  const out = fs.openSync(path.join(dir, "contacts.csv"), "w");
  fs.writeSync(
    out,
    "id,first_name,last_name,email,phone,job_title,company_id,owner_id,lifecycle_stage,street,city,postcode,state,country,consent,consent_at,tags,created_at,updated_at,last_activity_at,source_system\n",
  );
  let chunk: string[] = [];
  for (let i = 0; i < contacts; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const row = [
      `c${i}`,
      first,
      last,
      `${first}.${last}${i}@example.com`.toLowerCase(),
      `+44 20 7946 ${String(i % 10000).padStart(4, "0")}`,
      "Head of Sales, EMEA",
      `co${i % companies}`,
      `u${i % users}`,
      pick(STAGES),
      `${i} High Street`,
      "London",
      "SW1A 1AA",
      "",
      pick(COUNTRIES),
      random() < 0.5 ? "granted" : "",
      random() < 0.5 ? day(i % 800) : "",
      "newsletter;event",
      day(i % 700),
      day(700 + (i % 300)),
      random() < 0.7 ? day(800 + (i % 200)) : "",
      "legacy",
    ];
    chunk.push(row.map(csvCell).join(","));
    if (chunk.length === 10_000) {
      fs.writeSync(out, chunk.join("\n") + "\n");
      chunk = [];
    }
  }
  if (chunk.length) fs.writeSync(out, chunk.join("\n") + "\n");
  fs.closeSync(out);
  return users + companies + contacts;
}

/** CPU seconds of this process's main thread (Linux), null elsewhere: what bounds the wall time when another core is free. */
function mainThreadCpu(): number | null {
  try {
    const fields = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

if (import.meta.url === `file://${process.argv[1]}`) {
  const contacts = argument("contacts", 100_000);
  const runs = argument("runs", 3);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "crm-import-bench-"));
  const given = process.argv.indexOf("--bundle");
  const bundle = given >= 0 ? process.argv[given + 1]! : path.join(root, "bundle");
  if (given < 0) {
    const rows = writeBenchBundle(bundle, contacts);
    console.log(`bundle: ${rows} rows (${contacts} contacts) in ${bundle}`);
  } else console.log(`bundle: ${bundle}`);
  const insert: number[] = [];
  const update: number[] = [];
  const insertCpu: number[] = [];
  const updateCpu: number[] = [];
  const wallRatio: number[] = [];
  /** Main-thread CPU seconds of each import (first imports and re-imports, in order). */
  const mainCpu: number[] = [];
  const cpuRatio: number[] = [];
  const floorRate: number[] = [];
  const timed = async (stores: Parameters<typeof importBundle>[0]) => {
    const cpu = process.cpuUsage();
    const main = mainThreadCpu();
    const report = await importBundle(stores, "bench", bundle);
    const used = process.cpuUsage(cpu);
    const mainAfter = mainThreadCpu();
    if (main !== null && mainAfter !== null) mainCpu.push(mainAfter - main);
    if (!report.ok) throw new Error(`import failed: ${JSON.stringify(report.issues.slice(0, 3))}`);
    return { report, cpuRowsPerSecond: (report.rowsRead * 1e6) / (used.user + used.system) };
  };
  for (let run = 1; run <= runs; run++) {
    const db = openDatabase(`file:${path.join(root, `run${run}.db`)}`);
    applyMigrations(db.sqlite);
    const first = await timed(db.stores);
    const second = await timed(db.stores);
    insert.push(first.report.rowsPerSecond);
    update.push(second.report.rowsPerSecond);
    insertCpu.push(first.cpuRowsPerSecond);
    updateCpu.push(second.cpuRowsPerSecond);
    console.log(
      `run ${run}: insert ${Math.round(first.report.rowsPerSecond)} rows/s (${first.report.durationMs} ms, ${Math.round(first.cpuRowsPerSecond)} rows per CPU s), ` +
        `re-import ${Math.round(second.report.rowsPerSecond)} rows/s (${second.report.durationMs} ms, ${Math.round(second.cpuRowsPerSecond)} rows per CPU s)`,
    );
    await db.close();
    const floor = importFloor(path.join(root, `floor${run}.db`), bundle);
    const importCpu = first.report.rowsRead / first.cpuRowsPerSecond;
    wallRatio.push(first.report.durationMs / floor.ms);
    cpuRatio.push(importCpu / floor.cpuSeconds);
    floorRate.push((floor.rows * 1000) / floor.ms);
    console.log(
      `run ${run}: floor ${Math.round((floor.rows * 1000) / floor.ms)} rows/s (${Math.round(floor.ms)} ms, ${floor.cpuSeconds.toFixed(2)} CPU s); ` +
        `import / floor ${wallRatio.at(-1)!.toFixed(2)} wall, ${cpuRatio.at(-1)!.toFixed(2)} CPU ` +
        `(import ${importCpu.toFixed(2)} CPU s, ${mainCpu.at(-2)?.toFixed(2) ?? "?"} of them on the main thread, re-import ${mainCpu.at(-1)?.toFixed(2) ?? "?"} on the main thread; load ${os.loadavg()[0]!.toFixed(1)})`,
    );
  }
  console.log(
    `median of ${runs}: insert ${Math.round(median(insert))} rows/s (${Math.round(median(insertCpu))} per CPU s), ` +
      `re-import ${Math.round(median(update))} rows/s (${Math.round(median(updateCpu))} per CPU s)`,
  );
  console.log(
    `median of ${runs}: floor ${Math.round(median(floorRate))} rows/s; import / floor ${median(wallRatio).toFixed(2)} wall, ` +
      `${median(cpuRatio).toFixed(2)} CPU; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
  );
  // Peak resident memory of the whole process (bundle generation included, which streams).
  console.log(`peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  fs.rmSync(root, { recursive: true, force: true });
}
