import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** Runs a module in a fresh Node process (through tsx, as bin/crm-audit.js does). */
function run(source: string) {
  return spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", source], {
    encoding: "utf8",
    timeout: 30_000,
  });
}

const LOGGER = JSON.stringify(path.resolve("src/logger.ts"));
// A rejection nobody handles, then proof of life on a later turn of the event loop.
const REJECT_THEN_LIVE = `
  void Promise.reject(new Error("one request's bug"));
  setTimeout(() => console.log("still serving"), 50);
`;

describe("logUnhandledRejections", () => {
  it("logs an unhandled rejection and the process keeps running", () => {
    const result = run(`
      const { createLogger, logUnhandledRejections } = await import(${LOGGER});
      logUnhandledRejections(createLogger("info"));
      ${REJECT_THEN_LIVE}
    `);
    expect(result.stdout).toContain("still serving");
    expect(result.stderr).toMatch(/ERROR unhandled promise rejection; the server keeps running .*one request's bug/);
    expect(result.status).toBe(0);
  });

  it("is needed: without it Node ends the process", () => {
    const result = run(REJECT_THEN_LIVE);
    expect(result.stdout).not.toContain("still serving");
    expect(result.status).not.toBe(0);
  });
});

describe("createLogger", () => {
  it("writes one JSON object per line with LOG_FORMAT=json, and a readable line otherwise", async () => {
    const { createLogger } = await import("../src/logger.js");
    const json: string[] = [];
    const text: string[] = [];
    createLogger("info", (l) => json.push(l), "json").info("audit finished", { runId: 7, msg: "not the message" });
    createLogger("info", (l) => json.push(l), "json").debug("below the level");
    createLogger("info", (l) => text.push(l)).warn("slow", { ms: 5 });
    expect(json).toHaveLength(1);
    const line = JSON.parse(json[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: "info", msg: "audit finished", runId: 7 });
    expect(Date.parse(String(line.time))).not.toBeNaN();
    expect(text[0]).toMatch(/^\d{4}-\d\d-\d\dT.*Z WARN slow \{"ms":5\}$/);
  });
});
