/**
 * `crm-audit duplicates not-duplicate`: the decision is stored, survives a re-import, and the
 * next audit no longer groups the pair (real SQLite file, real import, real audit service).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { duplicatesCommand } from "../../../src/cli/commands/duplicates.js";
import { runProgram } from "../../../src/cli/main.js";
import { createAuditService } from "../../../src/core/audit/service.js";
import { importBundle } from "../../../src/core/import/index.js";
import { openDatabase } from "../../../src/db/database.js";
import { applyMigrations } from "../../../src/db/migrate.js";
import { duplicateDecisionStore } from "../../../src/db/stores/duplicate-decisions.js";
import { tempDir } from "../../helpers/tmp.js";

const T = Date.parse("2026-05-01T12:00:00Z");
const CONTACTS = `id,first_name,last_name,email,phone,country,created_at,updated_at
c1,Lea,Wolf,lea.wolf@example.org,,DE,2026-01-01T00:00:00Z,2026-04-01T00:00:00Z
c2,LEA,Wolf,Lea.Wolf@example.org,,DE,2026-01-01T00:00:00Z,2026-04-01T00:00:00Z
c3,Max,Berg,max.berg@example.org,,DE,2026-01-01T00:00:00Z,2026-04-01T00:00:00Z
`;

async function runCli(args: string[], env: NodeJS.ProcessEnv) {
  let err = "";
  const logged: string[] = [];
  const log = console.log;
  console.log = (...parts: unknown[]) => void logged.push(parts.join(" "));
  try {
    const command = duplicatesCommand({ env, exit: () => undefined as never }).configureOutput({
      writeOut: () => undefined,
      writeErr: (t) => void (err += t),
    });
    const exitCode = await runProgram(command, args, "user");
    return { out: logged.join("\n"), err, exitCode };
  } finally {
    console.log = log;
  }
}

async function duplicateFinding(file: string) {
  const db = openDatabase(`file:${file}`);
  try {
    const run = await createAuditService(db.stores).run({
      workspaceId: "acme",
      asOf: T,
      trigger: "test",
      select: ["contact.duplicate"],
    });
    return run.findings.find((f) => f.checkId === "contact.duplicate")!;
  } finally {
    await db.close();
  }
}
const audit = async (file: string) => (await duplicateFinding(file)).affected;
const why = async (file: string) => (await duplicateFinding(file)).details;

describe("crm-audit duplicates not-duplicate", () => {
  it("keeps a pair apart in every later audit, across a re-import, until undone", async () => {
    const dir = tempDir("cli-duplicates");
    const bundle = path.join(dir, "bundle");
    fs.mkdirSync(bundle);
    fs.writeFileSync(path.join(bundle, "contacts.csv"), CONTACTS);
    const file = path.join(dir, "crm.db");
    const db = openDatabase(`file:${file}`);
    applyMigrations(db.sqlite);
    expect((await importBundle(db.stores, "acme", bundle)).issues).toEqual([]);
    await db.close();
    const env = { DATABASE_URL: `file:${file}`, CRM_AUDIT_WORKSPACE: "acme" };

    expect(await audit(file)).toEqual([["c1", "c2"]]);
    // The finding says why: the pair, its weight and each comparison's share of it.
    expect(await why(file)).toEqual([
      "c1 + c2 (weight 18): email same address +9, surname same +5, given name same +4",
    ]);
    const marked = await runCli(["not-duplicate", "c2", "c1"], env);
    expect(marked).toMatchObject({ exitCode: 0 });
    expect(marked.out).toContain("contacts c2 and c1 are now marked not duplicates (workspace acme)");
    expect(await audit(file)).toEqual([]);

    // A re-import upserts the same CRM ids: the decision stays.
    const again = openDatabase(`file:${file}`);
    expect((await importBundle(again.stores, "acme", bundle)).issues).toEqual([]);
    expect(duplicateDecisionStore(again.sqlite).list("acme")).toMatchObject([
      { entity: "contacts", ids: ["c1", "c2"], decidedBy: "cli" },
    ]);
    await again.close();
    expect(await audit(file)).toEqual([]);
    expect((await runCli(["not-duplicate", "c1", "c2"], env)).out).toContain("already marked");

    expect((await runCli(["not-duplicate", "c1", "c2", "--undo"], env)).out).toContain("may be grouped");
    expect(await audit(file)).toEqual([["c1", "c2"]]);
  });

  it("refuses ids that are not two records of one kind in the workspace", async () => {
    const file = path.join(tempDir("cli-duplicates-bad"), "crm.db");
    const db = openDatabase(`file:${file}`);
    applyMigrations(db.sqlite);
    await db.close();
    const env = { DATABASE_URL: `file:${file}`, CRM_AUDIT_WORKSPACE: "acme" };
    const missing = await runCli(["not-duplicate", "c1", "c9"], env);
    expect(missing.exitCode).toBe(1);
    expect(missing.err).toContain('no contact or company "c1" in workspace acme');
    const same = await runCli(["not-duplicate", "c1", "c1"], env);
    expect(same.exitCode).toBe(1);
    expect(same.err).toContain('"c1" twice');
  });
});
