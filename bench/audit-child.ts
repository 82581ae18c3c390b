/**
 * One measured audit in its own process, so peak RSS (process.resourceUsage().maxRSS, all
 * threads) is the audit's and not the generator's or importer's. Prints one JSON line.
 *
 *   tsx bench/audit-child.ts <db file | postgres:// URL> <workspace> <asOf ms> <mode>
 *
 * On PostgreSQL (a URL) the modes full, full-one-thread, repeat and duplicates run (the others
 * measure SQLite's own engine and print n/a).
 * Modes: full (what `crm-audit audit` does: the audit service, its worker thread and, on large
 * workspaces, the second thread for duplicate detection; threads start cold), full-one-thread
 * (the same with the second thread turned off), duplicates (those checks only, same path),
 * set-based (those checks only, run in this thread the way the audit thread runs them, so the
 * comparison with the floor is engine against SQL, without a thread's start-up),
 * set-based-visitors (the same with every check run by its JavaScript visitor, the path before
 * checks had an SQL form), floor
 * (bench/sql-floor.ts, also in this thread, same connection settings), duckdb (the set-based
 * checks' SQL on DuckDB and on SQLite, bench/duckdb-floor.ts), repeat (full on data
 * audited before: duplicate groups come from the outcome cache). Every mode but repeat first
 * empties the outcome cache, so it measures a first run after an import.
 */
import { createHash } from "node:crypto";
import { createAuditService } from "../src/core/audit/service.js";
import { executeAuditTask, type AuditTaskRequest } from "../src/core/audit/task.js";
import { CHECKS } from "../src/core/checks/registry.js";
import { openAnyDatabase, openSqlite, tuneForScans } from "../src/db/database.js";
import { sqliteAuditDatabase } from "../src/db/sqlite/audit-database.js";
import { runSqlFloor, SET_BASED_CHECKS_SQL } from "./sql-floor.js";
import { runDuckDbFloor, type DuckDbFloor } from "./duckdb-floor.js";

const MODES = ["full", "full-one-thread", "repeat", "set-based", "set-based-visitors", "duplicates", "floor", "duckdb"];
const [file, workspaceId, asOfText, mode] = process.argv.slice(2);
if (!file || !workspaceId || !asOfText || !mode || !MODES.includes(mode)) {
  console.error(`usage: audit-child.ts <db file> <workspace> <asOf ms> <${MODES.join("|")}>`);
  process.exit(2);
}
const asOf = Number(asOfText);
const onPostgres = /^postgres(ql)?:\/\//.test(file);
const SQLITE_ONLY = ["set-based", "set-based-visitors", "floor", "duckdb"];
if (onPostgres && SQLITE_ONLY.includes(mode)) {
  console.log(
    JSON.stringify({
      mode,
      seconds: null,
      cpuSeconds: null,
      maxRssMiB: NaN,
      durationMs: null,
      findings: {},
      idHashes: {},
    }),
  );
  process.exit(0);
}
if (onPostgres) {
  if (mode !== "repeat") {
    const db = await openAnyDatabase(file);
    db.sql.run(`DELETE FROM "check_outcome_cache"`);
    await db.close();
  }
} else if (mode !== "repeat") {
  const sqlite = openSqlite(file);
  sqlite.exec(`DELETE FROM check_outcome_cache`);
  sqlite.close();
}
const CATALOGUE = new URL("../src/core/audit/catalogue.ts", import.meta.url).href;
// Loaded before the clock starts, like the other modules: set-based measures the checks' work.
await import(CATALOGUE);
const started = performance.now();
const cpuStarted = process.cpuUsage();
let findings: Record<string, number> = {};
let durationMs: number | null = null;
/** Per check, a hash of its affected ids (sorted): two modes agree id for id when these match. */
let idHashes: Record<string, string> = {};
function hashIds(list: readonly { checkId: string; affected: unknown }[]): Record<string, string> {
  return Object.fromEntries(
    list.map((f) => [f.checkId, createHash("sha256").update(JSON.stringify(f.affected)).digest("hex").slice(0, 16)]),
  );
}
let skipped = false;
let duckdb: DuckDbFloor | null = null;
if (mode === "duckdb") {
  const sqlite = tuneForScans(openSqlite(file));
  duckdb = await runDuckDbFloor(sqlite, workspaceId, asOf, `${file}.duckdb-csv`);
  findings = duckdb.counts;
  sqlite.close();
} else if (mode === "floor" || mode.startsWith("set-based")) {
  // The same connection settings as the audit worker, for the engine and the SQL floor alike.
  const sqlite = tuneForScans(openSqlite(file));
  if (mode === "floor") findings = runSqlFloor(sqlite, workspaceId, asOf).counts;
  else {
    const known = new Set(CHECKS.map((c) => c.meta.id));
    const select = Object.keys(SET_BASED_CHECKS_SQL).filter((id) => known.has(id));
    const request: AuditTaskRequest = {
      options: { workspaceId, asOf, select, trigger: "bench" },
      checksModule: CATALOGUE,
      ...(mode === "set-based-visitors" ? { visitorsOnly: true } : {}),
    };
    const run = await executeAuditTask(sqliteAuditDatabase(sqlite), request);
    findings = Object.fromEntries(run.findings.map((f) => [f.checkId, f.count]));
    idHashes = hashIds(run.findings);
  }
  sqlite.close();
} else {
  const db = await openAnyDatabase(onPostgres ? file : `file:${file}`);
  const service = createAuditService(db.stores, mode === "full-one-thread" ? { secondThreadMinRecords: Infinity } : {});
  const known = new Set(CHECKS.map((c) => c.meta.id));
  const select =
    mode === "duplicates" ? ["contact.duplicate", "company.duplicate"].filter((id) => known.has(id)) : undefined;
  // An empty selection would mean "all checks": a mode whose checks are not registered is skipped.
  if (select && select.length === 0) skipped = true;
  else {
    const run = await service.run({ workspaceId, asOf, trigger: "bench", ...(select ? { select } : {}) });
    findings = Object.fromEntries(run.findings.map((f) => [f.checkId, f.count]));
    idHashes = hashIds(run.findings);
    durationMs = run.durationMs;
  }
  await db.close();
}
const seconds = (performance.now() - started) / 1000;
// CPU time (user + system, all threads) next to wall time: on a shared, loaded VM the wall time measures the load too.
const cpu = process.cpuUsage(cpuStarted);
console.log(
  JSON.stringify({
    mode,
    seconds: skipped ? null : seconds,
    cpuSeconds: skipped ? null : (cpu.user + cpu.system) / 1e6,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    durationMs,
    findings,
    idHashes,
    ...(duckdb ? { duckdb } : {}),
  }),
);
