/**
 * Times the audit reader alone, table by table (no checks), on a bench database:
 *   tsx bench/reader-phases.ts <db file> <workspace> <asOf ms>
 * Shows where the streamed pass spends its time before any check runs.
 */
import { ENTITIES } from "../src/core/dataset/entities.js";
import { openAuditConnection } from "../src/db/sqlite/audit-database.js";

const [file, workspaceId, asOfText] = process.argv.slice(2);
if (!file || !workspaceId || !asOfText) {
  console.error("usage: reader-phases.ts <db file> <workspace> <asOf ms>");
  process.exit(2);
}
// The audit thread's own connection settings.
const db = openAuditConnection(file);
for (const { name } of ENTITIES) {
  const t = performance.now();
  let n = 0;
  for (const _row of db.readRows(workspaceId, name, Number(asOfText))) n++;
  console.log(`${name}: ${n} rows in ${((performance.now() - t) / 1000).toFixed(2)} s`);
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
db.close();
