/**
 * One measured audit in its own process, so peak RSS (process.resourceUsage().maxRSS) is the
 * audit's and not the generator's or importer's. Prints one JSON line.
 *
 *   tsx bench/audit-child.ts <db file> <workspace> <asOf ms> <full|set-based|duplicates|floor>
 */
import { resolveEffectiveChecks } from "../src/core/checks/config.js";
import { runAudit } from "../src/core/audit/runner.js";
import { openSqlite, tuneForScans } from "../src/db/database.js";
import { runSqlFloor, SET_BASED_CHECKS_SQL } from "./sql-floor.js";

const [file, workspaceId, asOfText, mode] = process.argv.slice(2);
if (!file || !workspaceId || !asOfText || !mode) {
  console.error("usage: audit-child.ts <db file> <workspace> <asOf ms> <full|set-based|duplicates|floor>");
  process.exit(2);
}
const asOf = Number(asOfText);
// The same connection settings as the audit worker, for the engine and the SQL floor alike.
const sqlite = tuneForScans(openSqlite(file));
const started = performance.now();
const cpuStarted = process.cpuUsage();
let findings: Record<string, number> = {};
let skipped = false;
if (mode === "floor") {
  findings = runSqlFloor(sqlite, workspaceId, asOf).counts;
} else {
  const checks = resolveEffectiveChecks(null);
  const known = new Set(checks.map((c) => c.check.meta.id));
  const select =
    mode === "set-based"
      ? Object.keys(SET_BASED_CHECKS_SQL).filter((id) => known.has(id))
      : mode === "duplicates"
        ? ["contact.duplicate", "company.duplicate"].filter((id) => known.has(id))
        : undefined;
  // An empty selection would mean "all checks": a mode whose checks are not registered is skipped.
  if (select && select.length === 0) skipped = true;
  else {
    const run = runAudit(sqlite, { workspaceId, asOf, checks, trigger: "bench", ...(select ? { select } : {}) });
    findings = Object.fromEntries(run.findings.map((f) => [f.checkId, f.count]));
  }
}
const seconds = (performance.now() - started) / 1000;
// CPU time (user + system) next to wall time: on a shared, loaded VM the wall time measures the load too.
const cpu = process.cpuUsage(cpuStarted);
sqlite.close();
console.log(
  JSON.stringify({
    mode,
    seconds: skipped ? null : seconds,
    cpuSeconds: skipped ? null : (cpu.user + cpu.system) / 1e6,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    findings,
  }),
);
