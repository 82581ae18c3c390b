/**
 * `crm-audit db migrate`, `import` and `audit` as a user runs them, on SQLite and on PostgreSQL:
 * the same bundle gives the same JSON report.
 */
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

  it("says which commands run on SQLite only", () => {
    const result = runCli(["workspace", "list"], "unused.db", {
      env: { DATABASE_URL: "postgres://nobody@127.0.0.1:1/x" },
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("runs on SQLite only in this version");
  });
});
