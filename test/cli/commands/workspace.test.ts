/** `crm-audit workspace list|reset|delete` as a user runs them: a real process, a real SQLite file. */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../helpers/tmp.js";
import { runCli } from "../../helpers/cli.js";

const crmAudit = (args: string[], dbFile: string) => runCli(args, dbFile, { env: { CRM_AUDIT_WORKSPACE: "acme" } });

function bundle(files: Record<string, string>): string {
  const dir = tempDir("cli-workspace-bundle");
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

function query(dbFile: string, sql: string): unknown[] {
  const sqlite = new Database(dbFile, { readonly: true });
  try {
    return sqlite.prepare(sql).pluck().all();
  } finally {
    sqlite.close();
  }
}

const USERS = "id,name,email\nu1,Ann,ann@example.com\nu2,Bob,bob@example.com\n";

describe("crm-audit workspace", () => {
  it("lists workspaces, resets one's data keeping its settings, and deletes one", () => {
    const dbFile = path.join(tempDir("cli-workspace"), "crm.db");
    expect(crmAudit(["workspace", "list"], dbFile).stdout.trim()).toBe(
      "no workspaces yet: `crm-audit import <dir>` creates one",
    );
    const users = bundle({ "users.csv": USERS });
    expect(crmAudit(["import", users], dbFile).code).toBe(0);
    expect(crmAudit(["import", users, "--workspace", "beta"], dbFile).code).toBe(0);
    const sqlite = new Database(dbFile);
    sqlite
      .prepare(
        `INSERT INTO check_overrides (workspaceId, checkId, enabled, updatedAt) VALUES ('acme', 'user.no-mfa', 0, 0)`,
      )
      .run();
    sqlite.close();

    const list = crmAudit(["workspace", "list"], dbFile);
    expect(list.code).toBe(0);
    const lines = list.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^acme \[current\]: 2 users; 1 import \(last \d{4}-\d\d-\d\d \d\d:\d\d\); 0 audits \(last never\)$/,
    );
    expect(lines[1]).toMatch(/^beta: 2 users; 1 import/);

    const reset = crmAudit(["workspace", "reset", "acme"], dbFile);
    expect(reset).toMatchObject({ code: 0 });
    expect(reset.stdout.trim()).toBe(
      "reset workspace acme: removed 2 records, 1 import, 0 audit runs; its check settings and chat links stay",
    );
    expect(query(dbFile, `SELECT id FROM crm_users WHERE workspaceId = 'acme'`)).toEqual([]);
    expect(query(dbFile, `SELECT checkId FROM check_overrides WHERE workspaceId = 'acme'`)).toEqual(["user.no-mfa"]);
    expect(query(dbFile, `SELECT id FROM crm_users WHERE workspaceId = 'beta' ORDER BY id`)).toEqual(["u1", "u2"]);

    const deleted = crmAudit(["workspace", "delete", "acme"], dbFile);
    expect(deleted.code).toBe(0);
    expect(query(dbFile, `SELECT id FROM workspaces`)).toEqual(["beta"]);
    expect(query(dbFile, `SELECT count(*) FROM check_overrides`)).toEqual([0]);

    const unknown = crmAudit(["workspace", "delete", "acme"], dbFile);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('error: no workspace "acme" (crm-audit workspace list shows them)');
  });
});
