/**
 * CSV parsers side by side on one file (the import bench's contacts.csv, say), each fed the
 * importer's way (1 MB reads, records taken after each): csv-parse alone, as the importer ran
 * it before; the importer's record splitter (src/core/import/csv-records.ts: papaparse on
 * well-formed text, checked, csv-parse for the rest); and papaparse and uDSV on the whole text,
 * as their own fastest case. uDSV is not a dependency: it is loaded from a folder given with
 * --modules (one where it was installed apart, `npm install udsv`) and left out when absent.
 * Records counted by each must agree.
 *
 *   npx tsx bench/csv-parsers.ts --file <csv> [--modules <dir with node_modules>] [--runs 3]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { parse } from "csv-parse";
import Papa from "papaparse";
import { CsvRecordSplitter } from "../src/core/import/csv-records.js";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const file = option("file");
if (!file) throw new Error("usage: npx tsx bench/csv-parsers.ts --file <csv> [--modules <dir>] [--runs 3]");
const runs = Number(option("runs") ?? 3);
const modules = option("modules");
const load = (name: string): unknown => {
  if (!modules) return null;
  try {
    return createRequire(path.join(path.resolve(modules), "package.json"))(name);
  } catch {
    return null;
  }
};

/** The file in 1 MB pieces of text, as the importer decodes it. */
function pieces(take: (text: string) => void): void {
  const fd = fs.openSync(file!, "r");
  const buffer = Buffer.allocUnsafe(1 << 20);
  let carry = "";
  for (let n = fs.readSync(fd, buffer); n > 0; n = fs.readSync(fd, buffer)) {
    // Whole UTF-8 characters only: a cut one goes with the next piece.
    let end = n;
    while (end > 0 && end > n - 4 && (buffer[end - 1]! & 0xc0) === 0x80) end--;
    if (end > 0 && buffer[end - 1]! >= 0xc0) end--;
    else end = n;
    take(carry + buffer.toString("utf8", 0, end));
    carry = buffer.toString("utf8", end, n);
  }
  fs.closeSync(fd);
  if (carry) take(carry);
}

function csvParse(): number {
  const parser = parse({ bom: true, relax_column_count: true });
  let rows = 0;
  const drain = () => {
    while (parser.read() !== null) rows++;
  };
  pieces((text) => {
    parser.write(text);
    drain();
  });
  parser.end();
  drain();
  return rows;
}

function splitter(): number {
  const records = new CsvRecordSplitter(",");
  let rows = 0;
  pieces((text) => {
    rows += records.push(text).length;
  });
  rows += records.end().length;
  return rows;
}

const contenders: [string, () => number][] = [
  ["csv-parse (the importer before)", csvParse],
  ["record splitter (the importer now)", splitter],
  ["papaparse (whole text)", () => Papa.parse(fs.readFileSync(file, "utf8"), {}).data.length],
];
const udsv = load("udsv") as {
  inferSchema(text: string): unknown;
  initParser(schema: unknown): { stringArrs(text: string): unknown[] };
} | null;
if (udsv) {
  contenders.push([
    "uDSV (whole text)",
    () => {
      const text = fs.readFileSync(file, "utf8");
      return udsv.initParser(udsv.inferSchema(text)).stringArrs(text).length + 1;
    },
  ]);
}

console.log(`${file}: ${(fs.statSync(file).size / 1e6).toFixed(1)} MB, load ${os.loadavg()[0]!.toFixed(1)}`);
for (const [name, run] of contenders) {
  const cpu: number[] = [];
  let rows = 0;
  for (let r = 0; r < runs; r++) {
    const before = process.cpuUsage();
    rows = run();
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1e6);
  }
  cpu.sort((a, b) => a - b);
  console.log(
    `${name}: ${rows} records, median ${cpu[Math.floor(runs / 2)]!.toFixed(2)} CPU s (best ${cpu[0]!.toFixed(2)})`,
  );
}
console.log(
  `load average after: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
