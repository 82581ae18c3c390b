import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { auditCommand } from "../../../src/cli/commands/audit.js";
import { reportCommand } from "../../../src/cli/commands/report.js";
import { runProgram } from "../../../src/cli/main.js";
import { openDatabase } from "../../../src/db/database.js";
import { applyMigrations } from "../../../src/db/migrate.js";
import { decodePng, inkPixels } from "../../helpers/png.js";
import { tempDir } from "../../helpers/tmp.js";
import { APP_VERSION } from "../../../src/version.js";
import { insertRows } from "../../core/audit/helpers.js";

const PROVIDER = new URL("../../core/audit/fixtures/checks-provider.ts", import.meta.url);

async function run(command: ReturnType<typeof reportCommand>, args: string[]) {
  let out = "";
  let err = "";
  command.configureOutput({ writeOut: (t) => void (out += t), writeErr: (t) => void (err += t) });
  const exitCode = await runProgram(command, args, "user");
  return { out, err, exitCode };
}

/** A workspace with two full audits: one contact without email, then two. */
async function seeded() {
  const dir = tempDir("cli-report");
  const file = path.join(dir, "crm.db");
  const db = openDatabase(`file:${file}`);
  applyMigrations(db.sqlite);
  insertRows(db.sqlite, "acme", "contacts", [
    { id: "c1", firstName: "太郎", lastName: "東京" },
    { id: "c2", firstName: "Анна", lastName: "Петрова", email: "anna@example.com" },
  ]);
  db.sqlite.close();
  const env = { DATABASE_URL: `file:${file}`, CRM_AUDIT_WORKSPACE: "acme" };
  const audit = (asOf: string) =>
    run(auditCommand({ checksModule: PROVIDER, env, write: () => {} }) as never, ["--as-of", asOf]);
  expect((await audit("2026-04-01T00:00:00Z")).exitCode).toBe(0);
  const db2 = openDatabase(`file:${file}`);
  insertRows(db2.sqlite, "acme", "contacts", [{ id: "c3", firstName: "Νίκος", lastName: "Παππάς" }]);
  // An import's log row: the data version the second run reads (AuditDataReader.dataVersion).
  db2.sqlite
    .prepare(
      `INSERT INTO import_log (id, workspaceId, source, startedAt, durationMs, rowCounts) VALUES (41, 'acme', 'csv', 0, 1, '{}')`,
    )
    .run();
  db2.sqlite.close();
  expect((await audit("2026-05-01T00:00:00Z")).exitCode).toBe(0);
  return { dir, env };
}

function poppler(tool: string, args: string[]): string {
  const result = spawnSync(tool, args, { encoding: "utf8" });
  if (result.error) throw new Error(`${tool} is missing: install poppler-utils (.ci/run does)`);
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

describe("crm-audit report", () => {
  it("writes a PDF whose text holds the score, a finding with a CJK sample and the audit record, and whose pages draw", async () => {
    const { dir, env } = await seeded();
    const out = path.join(dir, "report.pdf");
    const result = await run(reportCommand({ env }), ["--format", "pdf", "--out", out]);
    expect(result.exitCode, result.err).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe("%PDF-");
    const text = poppler("pdftotext", ["-layout", out, "-"]);
    expect(text).toMatch(/CRM health score: \d+\/100/);
    expect(text).toContain("Contacts without email");
    expect(text).toContain("東京");
    expect(text).toContain("Νίκος");
    expect(text).toContain("Audit record");
    expect(text).toContain("2026-05-01 00:00 UTC");
    // The KPIs of the last complete month before the run's as-of and the plan of that audit;
    // without surveys the section says so instead of being silently missing.
    expect(text).toContain("KPIs (2026-04, compared with 2026-03)");
    expect(text).toContain("Customer retention");
    expect(text).toMatch(/From the full audit #2 as of 2026-05-01 00:00 UTC/);
    expect(text).not.toContain("Not computed in this report");
    expect(text).toContain("No survey yet");
    poppler("pdftoppm", ["-png", "-r", "50", "-f", "1", "-l", "2", out, path.join(dir, "page")]);
    const pages = fs.readdirSync(dir).filter((f) => f.startsWith("page") && f.endsWith(".png"));
    expect(pages.length).toBeGreaterThanOrEqual(1);
    const first = decodePng(fs.readFileSync(path.join(dir, pages.sort()[0]!)));
    expect(first.width).toBeGreaterThan(350);
    expect(inkPixels(first)).toBeGreaterThan(2000);
  });

  it("writes one self-contained HTML file and Markdown to standard output, private: emails in full", async () => {
    const { dir, env } = await seeded();
    const out = path.join(dir, "report.html");
    expect((await run(reportCommand({ env }), ["--out", out])).exitCode).toBe(0);
    const html = fs.readFileSync(out, "utf8");
    for (const id of ["score", "findings", "kpis", "plan", "surveys", "record"])
      expect(html).toContain(`<section id="${id}">`);
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(3);
    let md = "";
    const result = await run(reportCommand({ env, write: (t) => void (md += t) }), ["--run", "1", "--format", "md"]);
    expect(result.exitCode, result.err).toBe(0);
    expect(md).toContain("# CRM audit report");
    expect(md).toMatch(/\| Audit run \| #1 \(full audit\) \|/);
    // The configuration the run was made with, as stored with it.
    expect(md).toContain("### Check configuration");
    expect(md).toMatch(/\| contact\.no-email \| medium \|/);
    // The data version and the checks' release, as stored with the run (docs/report.md).
    let latest = "";
    expect((await run(reportCommand({ env, write: (t) => void (latest += t) }), ["--format", "md"])).exitCode).toBe(0);
    expect(latest).toMatch(/\| Data version \| 41 \|/);
    expect(latest).toContain(`| Check versions | checks of release ${APP_VERSION} |`);
    expect(latest).not.toContain("not kept with this run");
  });

  it("refuses a PDF without --out, an unknown run and a workspace without audits, with a clear message", async () => {
    const { env } = await seeded();
    const noOut = await run(reportCommand({ env }), ["--format", "pdf"]);
    expect(noOut.exitCode).not.toBe(0);
    expect(noOut.err).toContain("a PDF report needs --out");
    const unknown = await run(reportCommand({ env }), ["--run", "99", "--format", "md"]);
    expect(unknown.err).toContain("no audit run #99");
    const bad = await run(reportCommand({ env }), ["--run", "x; rm -rf /"]);
    expect(bad.err).toContain("is not an audit run id");
    const empty = await run(reportCommand({ env: { ...env, CRM_AUDIT_WORKSPACE: "other" } }), ["--format", "md"]);
    expect(empty.err).toContain("has no audit yet");
  });
});
