/**
 * `npm run bench:threads -- <db file> [workspace] [asOf ms]`: whole audits through the audit
 * service with duplicate detection on a second thread (secondThreadMinRecords 0) and on the
 * audit thread (Infinity), alternating, 4 runs per service: the first is cold (threads start
 * under tsx), the others warm. Audits write runs: use a copy of a bench database.
 */
import { createAuditService } from "../src/core/audit/service.js";
import { openDatabase } from "../src/db/database.js";

const [file, workspaceId = "bench", asOfText = "1777636800000"] = process.argv.slice(2);
if (!file) {
  console.error("usage: npm run bench:threads -- <copy of a bench db> [workspace] [asOf ms]");
  process.exit(2);
}
const db = openDatabase(`file:${file}`);
for (let round = 0; round < 2; round++) {
  for (const secondThreadMinRecords of [0, Infinity]) {
    const service = createAuditService(db.stores, { secondThreadMinRecords });
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      const started = performance.now();
      await service.run({ workspaceId, asOf: Number(asOfText), trigger: "bench" });
      times.push(Math.round(performance.now() - started));
    }
    await service.close();
    const label = secondThreadMinRecords === 0 ? "two threads" : "one thread ";
    console.log(`${label}: cold ${times[0]} ms, warm ${times.slice(1).join(" / ")} ms`);
  }
}
await db.close();
