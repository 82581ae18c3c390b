import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { auditCommand, parseAsOf } from "../../../src/cli/commands/audit.js";
import { runProgram } from "../../../src/cli/main.js";
import { AuditJsonSchema } from "../../../src/core/audit/format.js";
import { openDatabase } from "../../../src/db/database.js";
import { applyMigrations } from "../../../src/db/migrate.js";
import { tempDir } from "../../helpers/tmp.js";
import { ensureWorkspace, insertRows, T } from "../../core/audit/helpers.js";

const PROVIDER = new URL("../../core/audit/fixtures/checks-provider.ts", import.meta.url);

async function runCli(args: string[], env: NodeJS.ProcessEnv) {
  let out = "";
  let err = "";
  const command = auditCommand({ checksModule: PROVIDER, env, write: (t) => void (out += t) }).configureOutput({
    writeOut: (t) => void (out += t),
    writeErr: (t) => void (err += t),
  });
  // The same error handling as `crm-audit audit`: main.ts maps failures to exit codes.
  const exitCode = await runProgram(command, args, "user");
  return { out, err, exitCode };
}

function seededEnv() {
  const file = path.join(tempDir("cli-audit"), "crm.db");
  const db = openDatabase(`file:${file}`);
  applyMigrations(db.sqlite);
  insertRows(db.sqlite, "acme", "contacts", [{ id: "c1" }, { id: "c2", email: "a@b.co" }]);
  insertRows(db.sqlite, "other", "users", [{ id: "u9", name: "Sam Owner" }]);
  insertRows(db.sqlite, "other", "contacts", [{ id: "x1", firstName: "Xena", lastName: "Lind", ownerId: "u9" }]);
  db.sqlite.close();
  return { DATABASE_URL: `file:${file}`, CRM_AUDIT_WORKSPACE: "acme" };
}

describe("crm-audit audit", () => {
  it("parses --as-of as ISO 8601 (UTC when no offset) or epoch ms", () => {
    expect(parseAsOf("2026-05-01")).toBe(Date.UTC(2026, 4, 1));
    expect(parseAsOf("2026-05-01T12:00")).toBe(T);
    expect(parseAsOf("2026-05-01T14:00:00+02:00")).toBe(T);
    expect(parseAsOf(String(T))).toBe(T);
    expect(parseAsOf("yesterday")).toBeNull();
    expect(parseAsOf("2026-13-45")).toBeNull();
  });

  it("audits the configured workspace and prints JSON", async () => {
    const env = seededEnv();
    const { out, exitCode } = await runCli(["--as-of", "2026-05-01T12:00:00Z", "--format", "json"], env);
    expect(exitCode).toBe(0);
    const json = AuditJsonSchema.parse(JSON.parse(out));
    expect(json).toMatchObject({ workspaceId: "acme", asOfMs: T, trigger: "cli" });
    expect(json.findings).toMatchObject([
      { checkId: "contact.no-email", affected: ["c1"], docs: "docs/checks.md#contactno-email" },
    ]);
  });

  it("prints CSV for another workspace and selects checks by category", async () => {
    const env = seededEnv();
    const { out } = await runCli(["--workspace", "other", "--checks", "data-quality", "--format", "csv"], env);
    expect(out.trim().split("\r\n")).toEqual([
      "run_id,check_id,severity,record_id,group,name,owner,values",
      "1,contact.no-email,medium,x1,,Xena Lind,Sam Owner,",
    ]);
  });

  it("labels a --checks run as partial and compares it only with a run of the same checks", async () => {
    const env = seededEnv();
    const full = await runCli(["--format", "json"], env);
    expect(JSON.parse(full.out)).toMatchObject({ runId: 1, selection: null, changes: null });
    const partial = await runCli(["--checks", "data-quality"], env);
    expect(partial.out).toMatch(/^CRM audit #2 \(partial: data-quality\) · workspace acme/);
    expect(partial.out).not.toContain("since run #1");
    // Another spelling of the same selection is the same selection: stored as resolved names.
    const again = await runCli(["--checks", "Data-Quality", "--format", "json"], env);
    expect(JSON.parse(again.out)).toMatchObject({ selection: ["data-quality"], changes: { previousRunId: 2 } });
    const byName = await runCli(["--checks", "No-Email", "--format", "json"], env);
    expect(JSON.parse(byName.out)).toMatchObject({ selection: ["contact.no-email"], changes: null });
    const fullAgain = await runCli(["--format", "markdown"], env);
    expect(fullAgain.out).toContain("# CRM audit #5\n");
    expect(fullAgain.out).toContain("since run #1)");
  });

  it("refuses a workspace that does not exist (listing the known ones) or holds nothing, without a score", async () => {
    const env = seededEnv();
    const typo = await runCli(["--workspace", "acmee"], env);
    expect(typo.exitCode).toBe(2);
    expect(typo.err.trim()).toBe('error: unknown workspace "acmee" (known: acme, other)');
    expect(typo.out).toBe("");
    const db = openDatabase(env.DATABASE_URL);
    ensureWorkspace(db.sqlite, "empty");
    db.sqlite.close();
    const empty = await runCli(["--workspace", "empty"], env);
    expect(empty.exitCode).toBe(2);
    expect(empty.err.trim()).toBe('error: workspace "empty" has no CRM data: nothing to audit (import some first)');
    expect(empty.out).not.toMatch(/\/100/);
  });

  it("neutralises record ids that a spreadsheet would run as formulas", async () => {
    const env = seededEnv();
    const db = openDatabase(env.DATABASE_URL);
    const ids = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+9)", "\tx", "\ry"];
    insertRows(
      db.sqlite,
      "hostile",
      "contacts",
      ids.map((id) => ({ id })),
    );
    db.sqlite.close();
    const { out } = await runCli(["--workspace", "hostile", "--format", "csv"], env);
    const rows = parse(out, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.record_id).sort()).toEqual(ids.map((id) => `'${id}`).sort());
  });

  it("ends configuration and audit failures with one line, without the usage hint", async () => {
    const badEnv = await runCli([], { DATABASE_URL: "nope" });
    expect(badEnv.exitCode).toBe(1);
    expect(badEnv.err.trim().split("\n")).toEqual([
      'Configuration error: DATABASE_URL: must be a SQLite URL such as "file:./data/crm-audit.db" or a PostgreSQL URL such as "postgres://user@host/db" (got "nope")',
    ]);
    const configFile = path.join(tempDir("cli-audit-config"), "bad.yml");
    fs.writeFileSync(configFile, "checks: [\n");
    const badFile = await runCli(["--config", configFile], seededEnv());
    expect(badFile.exitCode).toBe(2);
    expect(badFile.err.trim().split("\n")).toHaveLength(1);
    expect(badFile.err).toMatch(/^error: audit failed: /);
    expect(badFile.err).not.toContain("--help");
    // A usage error keeps its hint.
    expect((await runCli(["--as-of", "soon"], seededEnv())).err).toContain("(run with --help for usage)");
  });

  it.each([
    [["--format", "yaml"], /argument 'yaml' is invalid/],
    [["--as-of", "soon"], /--as-of "soon" is not an ISO 8601 instant/],
    [["--checks", "contact.nope"], /unknown check or category "contact.nope"/],
    [
      ["--checks", "contact.no-emial"],
      /unknown check or category "contact.no-emial" \(did you mean "contact.no-email"\?\)/,
    ],
    [["--workspace", "a b"], /--workspace "a b"/],
    [["--bogus"], /unknown option '--bogus'/],
  ])("rejects %j with a short message and a non-zero exit", async (args, message) => {
    const { err, exitCode } = await runCli(args, seededEnv());
    expect(exitCode).not.toBe(0);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /); // no stack trace
  });

  describe("--fail-on", () => {
    // acme: c1 has no email, a medium finding.
    it("exits 1 when a finding at or above the severity exists, after printing the output as usual", async () => {
      for (const severity of ["low", "medium"]) {
        const { out, err, exitCode } = await runCli(["--fail-on", severity, "--format", "json"], seededEnv());
        expect(exitCode).toBe(1);
        expect(AuditJsonSchema.parse(JSON.parse(out)).findings[0]).toMatchObject({ checkId: "contact.no-email" });
        expect(err.trim()).toBe(`--fail-on ${severity}: 1 finding(s) at ${severity} or above: contact.no-email`);
      }
    });

    it("exits 0 when every finding is below the severity", async () => {
      for (const severity of ["high", "critical"]) {
        const { out, err, exitCode } = await runCli(["--fail-on", severity], seededEnv());
        expect(exitCode).toBe(0);
        expect(out).toContain("contact.no-email: 1 contact\n");
        expect(err).toBe("");
      }
    });

    it("does not count a check that found nothing", async () => {
      const env = seededEnv();
      const db = openDatabase(env.DATABASE_URL);
      insertRows(db.sqlite, "clean", "contacts", [{ id: "c1", email: "c@d.co" }]);
      db.sqlite.close();
      const { out, exitCode } = await runCli(["--workspace", "clean", "--fail-on", "low", "--format", "json"], env);
      expect(JSON.parse(out)).toMatchObject({ findings: [{ checkId: "contact.no-email", count: 0 }] });
      expect(exitCode).toBe(0);
    });

    it.each([
      [["--workspace", "acmee"], /unknown workspace "acmee"/],
      [["--as-of", "soon"], /--as-of "soon"/],
      [["--checks", "contact.nope"], /unknown check or category/],
      [["--format", "yaml"], /argument 'yaml' is invalid/],
      [["--bogus"], /unknown option '--bogus'/],
    ])("exits 2, not 1, on an error such as %j (the option before or after --fail-on)", async (args, message) => {
      for (const order of [
        [...args, "--fail-on", "low"],
        ["--fail-on=low", ...args],
      ]) {
        const { err, exitCode } = await runCli(order, seededEnv());
        expect(err).toMatch(message);
        expect(exitCode).toBe(2);
      }
    });

    it("exits 2 on a configuration error and rejects an unknown severity", async () => {
      expect((await runCli(["--fail-on", "high"], { DATABASE_URL: "nope" })).exitCode).toBe(2);
      const bad = await runCli(["--fail-on", "severe"], seededEnv());
      expect(bad.err).toContain("Allowed choices are low, medium, high, critical");
      expect(bad.exitCode).toBe(2);
    });
  });
});
