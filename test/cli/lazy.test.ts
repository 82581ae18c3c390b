/**
 * `crm-audit --help` (and any usage error) answers without loading Prisma, the app or the
 * sample generator: the commands import them when they run. Every module the CLI resolves is
 * recorded by a module resolve hook in the child process.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/tmp.js";

const hooks = `import fs from "node:fs";
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  fs.appendFileSync(process.env.RESOLVED_LOG, resolved.url + "\\n");
  return resolved;
}`;
const register = `import { register } from "node:module";
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;

function resolvedBy(args: string[]): string[] {
  const log = path.join(tempDir("cli-lazy"), "resolved.txt");
  const result = spawnSync(
    process.execPath,
    ["--import", `data:text/javascript,${encodeURIComponent(register)}`, path.resolve("bin/crm-audit.js"), ...args],
    { encoding: "utf8", env: { ...process.env, RESOLVED_LOG: log, CRM_AUDIT_FROM_SOURCE: "1" }, timeout: 60_000 },
  );
  expect(result.stderr).not.toMatch(/^\s+at /m);
  return fs.readFileSync(log, "utf8").trim().split("\n");
}

const HEAVY = /@prisma|\/src\/app\.ts|\/src\/db\/database\.ts|@faker-js|\/core\/import\/index\.ts/;

describe("crm-audit start-up", () => {
  it.each([[["--help"]], [["audit", "--help"]], [["import"]]])("%j loads no database, app or importer", (args) => {
    const urls = resolvedBy(args);
    expect(urls.some((url) => url.endsWith("/src/cli/commands/index.ts"))).toBe(true);
    expect(urls.filter((url) => HEAVY.test(url))).toEqual([]);
  });
});
