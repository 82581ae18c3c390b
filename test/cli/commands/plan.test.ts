/** `crm-audit plan` as a user runs it: a real process on a real SQLite file. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";

const env = { env: { CRM_AUDIT_WORKSPACE: "acme" } };

function bundle(): string {
  const dir = tempDir("cli-plan-bundle");
  fs.writeFileSync(
    path.join(dir, "users.csv"),
    "id,name,email,active,last_login_at\nu1,Ann Lee,ann@example.com,true,2026-11-29\n",
  );
  const contacts = ["id,first_name,last_name,email,owner_id,created_at,updated_at"];
  for (let i = 1; i <= 4; i++) contacts.push(`c${i},P${i},Q,,u1,2026-11-01,2026-11-20`);
  contacts.push("c5,P5,Q,p5@example.com,,2026-11-01,2026-11-20");
  fs.writeFileSync(path.join(dir, "contacts.csv"), contacts.join("\n") + "\n");
  return dir;
}

describe("crm-audit plan", () => {
  it("says there is no full audit, then prints the plan of the latest full audit as text and JSON", () => {
    const dbFile = path.join(tempDir("cli-plan"), "crm.db");
    expect(runCli(["import", bundle()], dbFile, env).code).toBe(0);
    const none = runCli(["plan"], dbFile, env);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain("No audit yet");

    expect(runCli(["audit", "--checks", "contact.missing-owner", "--as-of", "2026-12-01"], dbFile, env).code).toBe(0);
    expect(runCli(["plan"], dbFile, env).stdout).toMatch(
      /No full audit yet: the latest run \(#1\) checked only contact\.missing-owner/,
    );

    expect(runCli(["audit", "--as-of", "2026-12-01"], dbFile, env).code).toBe(0);
    const text = runCli(["plan"], dbFile, env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("From the full audit #2 as of 2026-12-01 00:00 UTC");
    expect(text.stdout).toMatch(/contact\.missing-email-and-phone \(high, per-record\): 4 contacts, score \+\d/);
    expect(text.stdout).toContain("owners: Ann Lee (4)");

    const json = JSON.parse(runCli(["plan", "--format", "json"], dbFile, env).stdout);
    expect(json.version).toBe(1);
    expect(json.runId).toBe(2);
    const item = json.items.find((i: { checkId: string }) => i.checkId === "contact.missing-email-and-phone");
    expect(item).toMatchObject({ records: 4, effort: "per-record", owners: [{ owner: "Ann Lee", records: 4 }] });
    expect(Object.values(json.horizons).flat()).toContain("contact.missing-email-and-phone");
  });

  it("refuses a bad format and a bad workspace with usage", () => {
    const dbFile = path.join(tempDir("cli-plan-usage"), "crm.db");
    const format = runCli(["plan", "--format", "pdf"], dbFile, env);
    expect(format.code).toBe(1);
    expect(format.stderr).toMatch(/argument 'pdf' is invalid/);
    const workspace = runCli(["plan", "--workspace", "a b"], dbFile, env);
    expect(workspace.code).toBe(1);
    expect(workspace.stderr).toContain('--workspace "a b"');
  });
});
