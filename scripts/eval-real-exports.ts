/**
 * Measures findings and false alarms on realistic CRM exports (docs/evaluation.md).
 *
 *   npm run eval:real-exports [-- --json] [--seed N] [--as-of ISO] [--out DIR] [--verbose]
 *                               [--maven MAPPING [--maven-data DIR] [--maven-as-of ISO]]
 *
 * Generates a HubSpot export and a Salesforce Data Export with a labelled ground truth
 * (scripts/real-exports/generate.ts), imports each with its preset into a fresh SQLite file and
 * audits it, both through the command line (`crm-audit import`, `crm-audit audit --format json`)
 * so the figures measure what a user gets. Each flagged record is then a true positive, a false
 * alarm or unlabelled (scripts/real-exports/classify.ts).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_AS_OF, DEFAULT_SEED, generateRealExports } from "./real-exports/generate.js";
import { parseAuditJson, scoreAudit, type SourceScore } from "./real-exports/classify.js";
import type { SourceTruth } from "./real-exports/model.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = path.join(ROOT, "bin", "crm-audit.js");
const WORKSPACE = "eval";
/** The Maven pipeline ends on 2017-12-31: audited as of the next day, its open deals are as old as they were then. */
const MAVEN_AS_OF = Date.UTC(2018, 0, 1);

/**
 * The Maven sales-pipeline dataset has no users' logins, activities, contacts, consent, expected
 * close dates or loss reasons: what its checks flag for lack of those is a false alarm.
 */
const MAVEN_NOT_MEASURABLE: Record<string, string> = {
  "user.inactive": "the dataset has no login dates",
  "user.dormant": "the dataset has no login dates",
  "user.no-recent-activity": "the dataset has no activities",
  "user.mfa-disabled": "the dataset has no MFA data",
  "deal.no-recent-activity": "the dataset has no activities",
  "deal.missing-close-date": "open deals have no expected close date column",
  "deal.past-close-date": "open deals have no expected close date column",
  "deal.missing-amount": "close_value is the amount at closing; open deals have none",
  "deal.lost-without-reason": "the dataset has no loss-reason column",
  "contact.missing-consent": "the dataset has no contacts or consent",
  "task.overdue": "the dataset has no tasks",
  "task.missing-due-date": "the dataset has no tasks",
  "task.unassigned": "the dataset has no tasks",
  "activity.future-dated": "the dataset has no activities",
};

interface Args {
  json: boolean;
  verbose: boolean;
  seed: number;
  asOf: number;
  out?: string;
  maven?: string;
  mavenData?: string;
  mavenAsOf: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { json: false, verbose: false, seed: DEFAULT_SEED, asOf: DEFAULT_AS_OF, mavenAsOf: MAVEN_AS_OF };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === "--json") args.json = true;
    else if (arg === "--verbose") args.verbose = true;
    else if (arg === "--seed") args.seed = Number.parseInt(value(), 10);
    else if (arg === "--as-of") args.asOf = Date.parse(value());
    else if (arg === "--out") args.out = path.resolve(value());
    else if (arg === "--maven") args.maven = path.resolve(value());
    else if (arg === "--maven-data") args.mavenData = path.resolve(value());
    else if (arg === "--maven-as-of") args.mavenAsOf = Date.parse(value());
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(args.seed)) throw new Error("--seed must be an integer");
  if (Number.isNaN(args.asOf)) throw new Error("--as-of must be an ISO 8601 instant");
  if (Number.isNaN(args.mavenAsOf)) throw new Error("--maven-as-of must be an ISO 8601 instant");
  return args;
}

/** Runs the project's CLI from its sources, in `cwd` (so no .env or config file of the checkout applies). */
function cli(args: string[], databaseFile: string, cwd: string) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: `file:${databaseFile}`,
    CRM_AUDIT_FROM_SOURCE: "1",
    LOG_LEVEL: "warn",
  };
  delete env.CRM_AUDIT_CONFIG;
  delete env.CRM_AUDIT_WORKSPACE;
  return spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
}

interface SourceResult {
  source: string;
  title: string;
  records: Record<string, number>;
  ok: boolean;
  error?: string;
  importReport: string[];
  score?: SourceScore;
}

function evaluate(
  source: string,
  title: string,
  folder: string,
  importArgs: string[],
  truth: SourceTruth,
  work: string,
  asOf: number,
): SourceResult {
  const records = Object.fromEntries(Object.entries(truth.records).map(([e, ids]) => [e, ids.length]));
  const db = path.join(work, `${source}.db`);
  fs.rmSync(db, { force: true });
  const imported = cli(["import", folder, ...importArgs, "--workspace", WORKSPACE], db, work);
  // What the import said (counts, warnings, files it ignored): kept for the JSON form.
  const importReport = imported.stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .slice(0, 50);
  if (imported.status !== 0) {
    const error = `import failed (exit ${imported.status}): ${(imported.stdout + imported.stderr).trim().slice(0, 2000)}`;
    return { source, title, records, ok: false, error, importReport };
  }
  const audited = cli(
    ["audit", "--as-of", new Date(asOf).toISOString(), "--format", "json", "--workspace", WORKSPACE],
    db,
    work,
  );
  if (audited.status !== 0) {
    const error = `audit failed (exit ${audited.status}): ${audited.stderr.trim().slice(0, 2000)}`;
    return { source, title, records, ok: false, error, importReport };
  }
  return { source, title, records, ok: true, importReport, score: scoreAudit(parseAuditJson(audited.stdout), truth) };
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

function printSource(result: SourceResult, verbose: boolean): void {
  const counts = Object.entries(result.records)
    .filter(([, n]) => n > 0)
    .map(([e, n]) => `${n} ${e}`)
    .join(", ");
  console.log(`\n${result.title}${counts ? ` (${counts})` : ""}`);
  if (!result.ok || !result.score) {
    console.log(`  ${result.error}`);
    return;
  }
  const s = result.score;
  const header = ["check", "reported", "flagged", "true", "false alarm", "unlabelled", "planted", "missed", "note"];
  const rows = s.rows
    .filter((r) => r.flagged > 0 || r.planted > 0 || r.notMeasurable)
    .map((r) => [
      r.checkId,
      r.reported,
      String(r.flagged),
      String(r.truePositives),
      String(r.falseAlarms),
      String(r.unlabelled),
      String(r.planted),
      String(r.missed),
      r.notMeasurable ? `not measurable: ${r.notMeasurable}` : "",
    ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === 1 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  const t = s.totals;
  console.log(
    `totals: ${t.findings} findings, ${t.falseAlarms} false alarms (${percent(t.falseAlarmShare)}), ` +
      `${t.truePositives} true, ${t.unlabelled} unlabelled; planted defects found ${t.found} of ${t.planted} ` +
      `(missed ${t.missed}); score ${s.score ?? "–"}`,
  );
  console.log(
    `on the checks this source can measure: ${t.measurable.findings} findings, ${t.measurable.falseAlarms} false ` +
      `alarms (${percent(t.measurable.falseAlarmShare)}); checks it cannot measure: ${t.notMeasurable}, ` +
      `${t.reportedNotMeasured} of them reported as not measured`,
  );
  if (verbose) {
    const kinds = (counts: Record<string, number>) =>
      Object.entries(counts)
        .map(([kind, n]) => `${n} ${kind}`)
        .join(", ");
    for (const r of s.rows) {
      const { falseAlarms, unlabelled, missed } = r.examples;
      if (falseAlarms.length + unlabelled.length + missed.length === 0) continue;
      const parts = [
        falseAlarms.length ? `false alarms (${kinds(r.falseAlarmKinds)}) e.g. ${falseAlarms.join(", ")}` : "",
        unlabelled.length ? `unlabelled e.g. ${unlabelled.join(", ")}` : "",
        missed.length ? `missed (${kinds(r.missedKinds)}) e.g. ${missed.join(", ")}` : "",
      ].filter(Boolean);
      console.log(`  ${r.checkId}: ${parts.join("; ")}`);
    }
  }
}

function main(): number {
  const args = parseArgs(process.argv.slice(2));
  const work = args.out ?? fs.mkdtempSync(path.join(os.tmpdir(), "crm-audit-eval-"));
  fs.mkdirSync(work, { recursive: true });
  const truth = generateRealExports(work, { seed: args.seed, asOf: args.asOf });
  const results: SourceResult[] = [
    evaluate(
      "hubspot",
      "HubSpot export",
      path.join(work, truth.sources.hubspot.folder),
      ["--preset", "hubspot"],
      truth.sources.hubspot,
      work,
      args.asOf,
    ),
    evaluate(
      "salesforce",
      "Salesforce Data Export",
      path.join(work, truth.sources.salesforce.folder),
      ["--preset", "salesforce"],
      truth.sources.salesforce,
      work,
      args.asOf,
    ),
  ];
  let mavenSkipped: string | undefined;
  if (args.maven) {
    if (!fs.existsSync(args.maven)) {
      mavenSkipped = `no mapping file at ${args.maven}`;
    } else {
      const data = args.mavenData ?? path.dirname(args.maven);
      const empty: SourceTruth = {
        preset: "mapping",
        folder: data,
        notMeasurable: MAVEN_NOT_MEASURABLE,
        records: { users: [], companies: [], contacts: [], deals: [], tasks: [], activities: [] },
        labels: [],
      };
      results.push(
        evaluate("maven", "Maven CRM sales pipeline", data, ["--mapping", args.maven], empty, work, args.mavenAsOf),
      );
    }
  }
  if (args.json) {
    const out = {
      seed: truth.seed,
      asOf: truth.asOf,
      folder: args.out ?? null,
      ...(mavenSkipped ? { mavenSkipped } : {}),
      sources: results.map(({ source, title, records, ok, error, importReport, score }) => ({
        source,
        title,
        records,
        ok,
        ...(error ? { error } : {}),
        importReport,
        ...(score ? { totals: score.totals, score: score.score, checks: score.rows } : {}),
      })),
    };
    console.log(JSON.stringify(out, null, 2));
  } else {
    console.log(`Real-export evaluation: seed ${truth.seed}, as of ${truth.asOf}`);
    for (const r of results) printSource(r, args.verbose);
    if (mavenSkipped) console.log(`\nMaven CRM sales pipeline: skipped (${mavenSkipped})`);
    if (args.out) console.log(`\nExports, ground truth and databases: ${work}`);
  }
  if (!args.out) fs.rmSync(work, { recursive: true, force: true });
  return results.every((r) => r.ok) ? 0 : 1;
}

process.exitCode = main();
