/**
 * CSV parsers side by side on one file (the import bench's contacts.csv, say): csv-parse, as
 * the importer feeds it (1 MB pieces, records drained after each), against papaparse and uDSV
 * on the whole text. Neither of the others is a dependency: they are loaded from a folder
 * given with --modules (one where they were installed apart, `npm install papaparse udsv`),
 * and left out when absent. Rows counted by each must agree.
 *
 *   npx tsx bench/csv-parsers.ts --file <csv> [--modules <dir with node_modules>] [--runs 3]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { parse } from "csv-parse";

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

function csvParse(): number {
  const parser = parse({ bom: true, relax_column_count: true });
  const fd = fs.openSync(file!, "r");
  const buffer = Buffer.allocUnsafe(1 << 20);
  let rows = 0;
  const drain = () => {
    while (parser.read() !== null) rows++;
  };
  for (let n = fs.readSync(fd, buffer); n > 0; n = fs.readSync(fd, buffer)) {
    parser.write(buffer.toString("utf8", 0, n));
    drain();
  }
  fs.closeSync(fd);
  parser.end();
  drain();
  return rows;
}

const contenders: [string, () => number][] = [["csv-parse (the importer's way)", csvParse]];
const papa = load("papaparse") as { parse(text: string, options: object): { data: unknown[] } } | null;
if (papa) {
  contenders.push(["papaparse (whole text)", () => papa.parse(fs.readFileSync(file, "utf8"), {}).data.length]);
}
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
