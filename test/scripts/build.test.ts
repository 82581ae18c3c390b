import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/tmp.js";

/**
 * The built JavaScript must run on its own: a copy of the project is built, its src/ removed,
 * and the CLI then imports a sample, audits it on the audit threads and prints the result.
 * A module the build forgot (a non-TypeScript file, a path that only works from src/) fails here.
 */
describe("scripts/build.mjs", () => {
  it("builds a dist/ that runs the CLI, migrations and audit threads without the sources", () => {
    const root = tempDir("build");
    for (const dir of ["src", "scripts", "bin"]) fs.cpSync(dir, path.join(root, dir), { recursive: true });
    fs.copyFileSync("package.json", path.join(root, "package.json"));
    fs.symlinkSync(path.resolve("prisma"), path.join(root, "prisma"));
    fs.symlinkSync(path.resolve("node_modules"), path.join(root, "node_modules"));
    const run = (args: string[]) =>
      spawnSync(process.execPath, args, {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, DATABASE_URL: `file:${path.join(root, "crm.db")}`, CRM_AUDIT_FROM_SOURCE: "" },
      });

    const build = run(["scripts/build.mjs"]);
    expect(build.status, build.stderr).toBe(0);
    expect(fs.existsSync(path.join(root, "dist", "BUILT"))).toBe(true);
    fs.rmSync(path.join(root, "src"), { recursive: true });

    const version = run(["bin/crm-audit.js", "--version"]);
    expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync("package.json", "utf8")).version);
    expect(run(["bin/crm-audit.js", "sample", "--contacts", "1000", "--out", "sample"]).status).toBe(0);
    const imported = run(["bin/crm-audit.js", "import", "sample"]);
    expect(imported.status, imported.stderr).toBe(0);
    const audit = run(["bin/crm-audit.js", "audit", "--format", "json", "--checks", "contact.invalid-email"]);
    expect(audit.status, audit.stderr).toBe(0);
    const findings = (JSON.parse(audit.stdout) as { findings: { checkId: string; count: number }[] }).findings;
    expect(findings.find((f) => f.checkId === "contact.invalid-email")?.count).toBeGreaterThan(0);
  });
});
