/**
 * `crm-audit db migrate`, `import` and `audit` as a user runs them, on SQLite and on PostgreSQL:
 * the same bundle gives the same JSON report.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { createTestDatabase, noPostgres, type TestPostgres } from "../../helpers/postgres.js";
import { tempDir } from "../../helpers/tmp.js";

const BUNDLE = path.resolve(import.meta.dirname, "../../fixtures/import/canonical");

const servers: TestPostgres[] = [];
afterAll(async () => {
  for (const s of servers) await s.drop();
});

function importAndAudit(env: Record<string, string>, file: string) {
  const migrate = runCli(["db", "migrate"], file, { env });
  expect(migrate.code, migrate.stderr).toBe(0);
  const imported = runCli(["import", BUNDLE, "--workspace", "acme"], file, { env });
  expect(imported.code, imported.stderr).toBe(0);
  const audit = runCli(["audit", "--workspace", "acme", "--as-of", "2026-06-01T00:00:00Z", "--format", "json"], file, {
    env,
  });
  expect(audit.code, audit.stderr).toBe(0);
  const report = JSON.parse(audit.stdout) as Record<string, unknown>;
  // Ids and timings differ between two runs by nature.
  for (const key of ["runId", "id", "startedAt", "durationMs"]) delete report[key];
  return { migrate: migrate.stdout, imported: imported.stdout, report };
}

describe.skipIf(noPostgres)("the CLI on PostgreSQL", () => {
  it("migrates, imports and audits like on SQLite, and never prints the password", async () => {
    const server = await createTestDatabase("cli");
    servers.push(server);
    const withPassword = new URL(server.url);
    withPassword.password = "s3cret-not-needed";
    const file = path.join(tempDir("contract-cli"), "crm.db");
    const sqlite = importAndAudit({}, file);
    const pg = importAndAudit({ DATABASE_URL: withPassword.toString() }, file);
    expect(pg.migrate).toMatch(/^applied .* to postgres:\/\/postgres@/);
    expect(pg.migrate).not.toContain("s3cret");
    expect(pg.imported.replace(/\d+ rows\/s|\d+(\.\d+)? ?s\b/g, "")).toEqual(
      sqlite.imported.replace(/\d+ rows\/s|\d+(\.\d+)? ?s\b/g, ""),
    );
    expect(pg.report).toEqual(sqlite.report);
  });

  it("lists, marks, schedules and deletes on PostgreSQL like on SQLite", async () => {
    const server = await createTestDatabase("cli_more");
    servers.push(server);
    const file = path.join(tempDir("contract-cli-more"), "crm.db");
    const envs: Record<string, string>[] = [{}, { DATABASE_URL: server.url }];
    const outputs = envs.map((env) => {
      const run = (args: string[]) => {
        const r = runCli(args, file, { env });
        expect(r.code, r.stderr).toBe(0);
        return r.stdout;
      };
      run(["import", BUNDLE, "--workspace", "acme"]);
      return {
        list: run(["workspace", "list"]).replace(/\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?Z?/g, "<time>"),
        marked: run(["duplicates", "not-duplicate", "k1", "k2", "--workspace", "acme"]),
        again: run(["duplicates", "not-duplicate", "k2", "k1", "--workspace", "acme"]),
        schedules: run(["schedule", "list", "--workspace", "acme"]),
        deleted: run(["workspace", "delete", "acme"]),
        after: run(["workspace", "list"]).replace(/\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?Z?/g, "<time>"),
      };
    });
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[1]!.list).toContain("acme");
    expect(outputs[1]!.again).toContain("already");
    expect(outputs[1]!.deleted).toMatch(/^deleted workspace acme/);
    expect(outputs[1]!.after).not.toContain("acme");
  });

  it("KPIs, the fix plan, the report, schedules fired by hand, surveys and reminders give the same output on PostgreSQL", async () => {
    const server = await createTestDatabase("cli_features");
    servers.push(server);
    const file = path.join(tempDir("contract-cli-features"), "crm.db");
    const envs: Record<string, string>[] = [{}, { DATABASE_URL: server.url }];
    const out = path.join(tempDir("contract-cli-report"), "report.md");
    // Instants and durations differ between two runs by nature.
    const norm = (text: string) =>
      text
        .replace(/\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?Z?/g, "<time>")
        .replace(/\b1[78]\d{11}\b/g, "<ms>")
        .replace(/\d+ ms\b/g, "<n> ms");
    const outputs = envs.map((env) => {
      const run = (args: string[]) => {
        const r = runCli(args, file, { env });
        expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(0);
        return r.stdout;
      };
      run(["import", BUNDLE, "--workspace", "acme"]);
      run(["audit", "--workspace", "acme", "--as-of", "2026-06-01T00:00:00Z", "--format", "json"]);
      const added = run([
        "schedule",
        "add",
        "audit",
        "0 8 * * 1",
        "--tz",
        "UTC",
        "--channel",
        "slack:T1:C1",
        "--workspace",
        "acme",
      ]);
      const id = /#(\d+)/.exec(added)?.[1] ?? "1";
      const fired = norm(run(["schedule", "run", id, "--now", "--workspace", "acme"]));
      run(["report", "--workspace", "acme", "--format", "md", "--out", out]);
      const report = fs.readFileSync(out, "utf8");
      return {
        kpi: norm(run(["kpi", "2026-Q2", "--workspace", "acme", "--format", "json"])),
        plan: norm(run(["plan", "--workspace", "acme", "--format", "json"])),
        fired,
        history: norm(run(["schedule", "history", id, "--workspace", "acme"])),
        report: norm(report),
        surveys: norm(run(["survey", "list", "--workspace", "acme", "--format", "json"])),
        remind: norm(
          run(["remind", "--workspace", "acme", "--as-of", "2026-06-30T12:00:00Z", "--dry-run", "--format", "json"]),
        ),
      };
    });
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[1]!.fired).toContain("queued in the outbox");
    expect(outputs[1]!.report.length).toBeGreaterThan(200);
  });
});
