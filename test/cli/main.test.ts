import fs from "node:fs";
import { Command } from "commander";
import { describe, expect, it, vi } from "vitest";
import { CliFailure } from "../../src/cli/errors.js";

async function run(action: () => void, args: string[] = ["go"]) {
  const { runProgram } = await import("../../src/cli/main.js");
  let err = "";
  const program = new Command("crm-audit").configureOutput({ writeErr: (t) => void (err += t) });
  program.command("go").action(action);
  const exitCode = await runProgram(program, args, "user");
  return { exitCode, err };
}

describe("src/cli/main.ts", () => {
  it("runs nothing when imported: bin/crm-audit.js calls main() and sets the exit code", async () => {
    const before = process.exitCode;
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const { main } = await import("../../src/cli/main.js");
    expect(process.exitCode).toBe(before);
    expect(write).not.toHaveBeenCalled();
    expect(await main(["node", "crm-audit", "--version"])).toBe(0);
    const { version } = JSON.parse(fs.readFileSync("package.json", "utf8")) as { version: string };
    expect(write).toHaveBeenCalledWith(`${version}\n`);
    write.mockRestore();
    expect(process.exitCode).toBe(before);
  });

  it("maps a CliFailure to its exit code: one line, the usage hint only for usage errors", async () => {
    const failure = await run(() => {
      throw new CliFailure("error: it broke", { exitCode: 3 });
    });
    expect(failure).toEqual({ exitCode: 3, err: "error: it broke\n" });
    const usage = await run(() => {
      throw new CliFailure("error: --x is wrong", { usage: true });
    });
    expect(usage).toEqual({ exitCode: 1, err: "error: --x is wrong\n(run with --help for usage)\n" });
    // Already reported by the command (the import's report): nothing more is printed.
    expect(await run(() => Promise.reject(new CliFailure("")))).toEqual({ exitCode: 1, err: "" });
  });

  it("prints any other error as one line with exit code 1, and commander's usage errors with the hint", async () => {
    expect(await run(() => Promise.reject(new Error("disk full")))).toEqual({ exitCode: 1, err: "error: disk full\n" });
    const unknown = await run(() => {}, ["go", "--nope"]);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.err).toBe("error: unknown option '--nope'\n(run with --help for usage)\n");
  });
});
