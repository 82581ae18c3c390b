/**
 * Evaluates duplicate detection on public data with ground truth and prints pairwise
 * precision / recall / F1 per dataset. Usage: npm run eval:duplicates [-- febrl1 splink ...]
 */
import { detectDuplicateOrganisations, detectDuplicatePeople } from "../src/core/duplicates/index.js";
import { DATASETS } from "./duplicates-eval/datasets.js";
import { pairwiseScores } from "./duplicates-eval/metrics.js";

// Targets from the project brief: F1 per dataset where one is set, precision ≥ 0.95 everywhere.
const F1_TARGETS: Record<string, number> = { febrl1: 0.95, febrl4: 0.95, splink: 0.9, chicago: 0.85 };
const MIN_PRECISION = 0.95;

const selected = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const names = selected.length > 0 ? selected : Object.keys(DATASETS);
const rows: string[][] = [];
let missed = 0;
for (const key of names) {
  const load = DATASETS[key];
  if (!load) throw new Error(`unknown dataset ${key}; known: ${Object.keys(DATASETS).join(", ")}`);
  const dataset = load();
  const started = performance.now();
  const result =
    dataset.kind === "people" ? detectDuplicatePeople(dataset.records) : detectDuplicateOrganisations(dataset.records);
  const seconds = (performance.now() - started) / 1000;
  const s = pairwiseScores(result.groups, dataset.truth);
  const target = F1_TARGETS[key];
  const ok = s.precision >= MIN_PRECISION && (target === undefined || s.f1 >= target);
  if (!ok) missed++;
  rows.push([
    key,
    dataset.kind,
    String(dataset.records.length),
    String(s.truePairs),
    String(s.predictedPairs),
    String(result.stats.pairsCompared),
    s.precision.toFixed(3),
    s.recall.toFixed(3),
    s.f1.toFixed(3),
    target === undefined ? "-" : `≥${target}`,
    seconds.toFixed(2),
    ok ? "ok" : "MISSED",
  ]);
}
const header = [
  "dataset",
  "kind",
  "records",
  "true pairs",
  "predicted",
  "compared",
  "precision",
  "recall",
  "F1",
  "F1 target",
  "seconds",
  "",
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join("  ");
console.log(line(header));
for (const r of rows) console.log(line(r));
if (missed > 0) {
  console.log(`${missed} dataset(s) below target (precision ≥ ${MIN_PRECISION} and the F1 target)`);
  process.exitCode = 1;
}
