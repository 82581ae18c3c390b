/**
 * The import's floor: what a hand-written loader does with the same bundle. The importer's
 * CSV record splitter (src/core/import/csv-records.ts: papaparse, checked well formed, with
 * csv-parse for what is not), fed the same way (1 MB reads decoded as UTF-8, records taken
 * after each), and one
 * prepared plain INSERT per table into the same migrated tables and indexes, in one
 * transaction. No validation beyond type conversion, no staging, no phone parsing, no
 * duplicate or reference checks: nothing an import could skip, so `import / floor` says what
 * the importer's checks cost (docs/performance.md, "Import").
 *
 *   npx tsx bench/import-floor.ts --bundle <dir>
 *
 * bench/import.ts runs it in the same process beside the real import and prints the ratio.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CsvRecordSplitter } from "../src/core/import/csv-records.js";
import { ENTITIES, type ColumnSpec } from "../src/core/dataset/entities.js";
import { openDatabase } from "../src/db/database.js";
import { applyMigrations } from "../src/db/migrate.js";

const CHUNK = 1 << 20;

/** One file's records, synchronously, header first (the importer's reading pattern). */
function* records(file: string): Generator<string[]> {
  const splitter = new CsvRecordSplitter(",");
  const fd = fs.openSync(file, "r");
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    // (TextDecoder drops a byte-order mark.)
    const decoder = new TextDecoder("utf-8");
    for (let n = fs.readSync(fd, buffer); n > 0; n = fs.readSync(fd, buffer))
      yield* splitter.push(decoder.decode(buffer.subarray(0, n), { stream: true }));
    yield* splitter.push(decoder.decode());
    yield* splitter.end();
  } finally {
    fs.closeSync(fd);
    splitter.close();
  }
}

/** The stored value of a cell: the conversions the schema needs, nothing checked. */
function value(column: ColumnSpec | undefined, cell: string): string | number | null {
  if (cell === "") return null;
  if (!column) return cell;
  if (column.type === "timestamp") return Date.parse(cell);
  if (column.type === "boolean") return cell === "true" ? 1 : 0;
  if (column.type === "number" || column.type === "integer") return Number(cell);
  return cell;
}

export interface FloorResult {
  rows: number;
  ms: number;
  cpuSeconds: number;
}

/** Loads the bundle in `dir` into a fresh database at `dbFile`. */
export function importFloor(dbFile: string, dir: string, workspaceId = "bench"): FloorResult {
  const db = openDatabase(`file:${dbFile}`);
  applyMigrations(db.sqlite);
  const sqlite = db.sqlite;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  let rows = 0;
  sqlite.exec("BEGIN");
  sqlite
    .prepare(`INSERT INTO workspaces (id, name, createdAt) VALUES (?, ?, ?)`)
    .run(workspaceId, workspaceId, Date.now());
  for (const entity of ENTITIES) {
    const file = path.join(dir, entity.file);
    if (!fs.existsSync(file)) continue;
    const all = records(file);
    const header = (all.next().value as string[]).map((h) => h.trim());
    const columns = header.map((h) => entity.columns.find((c) => c.csv === h));
    const known = columns.flatMap((c, i) => (c ? [i] : []));
    const unknown = columns.flatMap((c, i) => (c ? [] : [i]));
    const fields = known.map((i) => `"${columns[i]!.field}"`);
    if (unknown.length) fields.push(`"extra"`);
    const insert = sqlite.prepare(
      `INSERT INTO "${entity.table}" ("workspaceId", ${fields.join(", ")}) VALUES (?, ${fields.map(() => "?").join(", ")})`,
    );
    const params: (string | number | null)[] = new Array(1 + fields.length);
    params[0] = workspaceId;
    for (const cells of all) {
      let p = 1;
      for (const i of known) params[p++] = value(columns[i], cells[i]!.trim());
      if (unknown.length) {
        const extra: Record<string, string> = {};
        for (const i of unknown) if (cells[i]) extra[header[i]!] = cells[i]!;
        params[p] = JSON.stringify(extra);
      }
      insert.run(params);
      rows++;
    }
  }
  sqlite.exec("COMMIT");
  const ms = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  void db.close();
  return { rows, ms, cpuSeconds: (used.user + used.system) / 1e6 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf("--bundle");
  if (at < 0) throw new Error("usage: npx tsx bench/import-floor.ts --bundle <dir>");
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "crm-import-floor-"));
  const result = importFloor(path.join(root, "floor.db"), process.argv[at + 1]!);
  console.log(
    `floor: ${result.rows} rows in ${Math.round(result.ms)} ms, ${Math.round((result.rows * 1000) / result.ms)} rows/s, ` +
      `${result.cpuSeconds.toFixed(2)} CPU s (load ${os.loadavg()[0]!.toFixed(1)})`,
  );
  fs.rmSync(root, { recursive: true, force: true });
}
