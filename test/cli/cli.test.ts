import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/tmp.js";
import { runCli } from "../helpers/cli.js";

function crmAudit(args: string[], env: Record<string, string> = {}, cwd?: string) {
  return runCli(args, path.join(tempDir("cli"), "cli.db"), { env, ...(cwd ? { cwd } : {}) });
}

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at /m);

describe("crm-audit CLI", () => {
  it("reads .env from the working directory without overriding the environment", () => {
    const dir = tempDir("dotenv");
    fs.writeFileSync(path.join(dir, ".env"), "PORT=eighty\nLOG_LEVEL=loud\n");
    const fromFile = crmAudit(["serve"], {}, dir);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr.trim()).toMatch(/^Configuration error: PORT: .*"eighty"/);
    const overridden = crmAudit(["serve"], { PORT: "3000" }, dir);
    expect(overridden.code).toBe(1);
    expect(overridden.stderr.trim()).toMatch(/^Configuration error: LOG_LEVEL: .*"loud"/);
  });

  it("answers an unknown command with a short usage error and a non-zero exit, no stack", () => {
    const { code, stderr } = crmAudit(["bogus"]);
    expect(code).not.toBe(0);
    expect(stderr).toContain("unknown command 'bogus'");
    expect(stderr.trim().split("\n").length).toBeLessThanOrEqual(3);
    noStack(stderr);
  });

  it("answers bad option values and missing arguments the same way", () => {
    const sample = crmAudit(["sample", "--contacts", "lots"]);
    expect(sample.code).toBe(1);
    expect(sample.stderr).toContain("option '--contacts <n>' argument 'lots' is invalid. must be a whole number.");
    noStack(sample.stderr);
    const missing = crmAudit(["import"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("missing required argument 'source'");
    const preset = crmAudit(["import", "x", "--preset", "pipedrive"]);
    expect(preset.code).toBe(1);
    expect(preset.stderr).toContain("Allowed choices are hubspot, salesforce");
  });

  it("prints help for the program and each command with exit 0", () => {
    const top = crmAudit(["--help"]);
    expect(top.code).toBe(0);
    for (const name of ["serve", "import", "sample", "audit", "db"]) expect(top.stdout).toContain(name);
    const sub = crmAudit(["import", "--help"]);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain("--skip-invalid");
  });

  it("stops serve on a bad configuration value with one line naming the variable", () => {
    const { code, stderr, stdout } = crmAudit(["serve"], { PORT: "abc" });
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^Configuration error: PORT: .*\(got "abc"\)/);
    expect(stdout).toBe("");
  });

  it("migrates a database with db migrate, idempotently", () => {
    const dir = tempDir("cli-migrate");
    const env = { DATABASE_URL: `file:${path.join(dir, "m.db")}` };
    const first = crmAudit(["db", "migrate"], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^applied \d{14}_init/);
    const again = crmAudit(["db", "migrate"], env);
    expect(again.stdout).toContain("is up to date");
  });
});
