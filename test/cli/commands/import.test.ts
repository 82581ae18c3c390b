/** `crm-audit import` as a user runs it: a real process, a real SQLite file. */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../helpers/tmp.js";
import { runCli } from "../../helpers/cli.js";

const crmAudit = (args: string[], dbFile: string) => runCli(args, dbFile);

function bundle(files: Record<string, string | Buffer>): string {
  const dir = tempDir("cli-import-bundle");
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

const workspaces = (dbFile: string) => {
  const sqlite = new Database(dbFile, { readonly: true });
  try {
    return sqlite.prepare(`SELECT id FROM workspaces ORDER BY id`).pluck().all();
  } finally {
    sqlite.close();
  }
};

describe("crm-audit import", () => {
  it("leaves no workspace row behind when the import fails", () => {
    const dbFile = path.join(tempDir("cli-import"), "crm.db");
    const dir = bundle({ "users.csv": "id,name,email\nu1,Ann,not-checked@example.com\nu1,Dup,dup@example.com\n" });
    const failed = crmAudit(["import", dir, "--workspace", "brandnew"], dbFile);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('users.csv:3: id: duplicate id "u1"');
    expect(workspaces(dbFile)).not.toContain("brandnew");
    const good = bundle({ "users.csv": "id,name,email\nu1,Ann,ann@example.com\n" });
    expect(crmAudit(["import", good, "--workspace", "brandnew"], dbFile).code).toBe(0);
    expect(workspaces(dbFile)).toContain("brandnew");
  });

  it("says which database is locked, and by what, when another writer holds it past the busy timeout", () => {
    const dbFile = path.join(tempDir("cli-import-busy"), "crm.db");
    const good = bundle({ "users.csv": "id,name,email\nu1,Ann,ann@example.com\n" });
    expect(crmAudit(["import", good], dbFile).code).toBe(0); // creates and migrates the file
    const holder = new Database(dbFile);
    holder.exec("BEGIN IMMEDIATE");
    try {
      const { code, stderr } = crmAudit(["import", good, "--workspace", "acme", "--wait", "1"], dbFile);
      expect(code).toBe(1);
      expect(stderr.trim().split("\n")).toEqual([
        `error: import into workspace acme: the database ${dbFile} is locked by another writer (an import, an audit or the bot); gave up after waiting 1 s, try again when it is done`,
      ]);
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
  });

  it("validates a dry run without creating the database file, and suggests --preset for a CRM export", () => {
    const dbFile = path.join(tempDir("cli-import-dry"), "crm.db");
    const good = bundle({ "users.csv": "id,name,email\nu1,Ann,ann@example.com\n" });
    const dry = crmAudit(["import", good, "--dry-run"], dbFile);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("would import users 1 new, 0 updated");
    expect(fs.existsSync(dbFile)).toBe(false);

    const hubspot = bundle({
      "all-contacts.csv": '"Record ID","First Name","Last Name","Email"\n"1","Ann","Lee","ann@example.com"\n',
    });
    const forgot = crmAudit(["import", hubspot, "--dry-run"], dbFile);
    expect(forgot.code).toBe(1);
    expect(forgot.stdout).toContain(
      "all-contacts.csv:1: the header looks like a HubSpot contacts export: import it with --preset hubspot",
    );
    expect(fs.existsSync(dbFile)).toBe(false);
  });

  it("deletes records a preset's export no longer has by default, and not with --no-full", () => {
    const dbFile = path.join(tempDir("cli-import-full"), "crm.db");
    const hubspot = path.resolve("test/fixtures/import/hubspot");
    const contactsFile = fs.readdirSync(hubspot).find((f) => f.includes("contacts"))!;
    expect(crmAudit(["import", hubspot, "--preset", "hubspot"], dbFile).code).toBe(0);
    const count = () => {
      const sqlite = new Database(dbFile, { readonly: true });
      try {
        return sqlite.prepare(`SELECT count(*) FROM contacts`).pluck().get();
      } finally {
        sqlite.close();
      }
    };
    expect(count()).toBe(4);
    // The same export without its last contact: one of four is 25%, more than the default 20%.
    const lines = fs.readFileSync(path.join(hubspot, contactsFile), "utf8").trimEnd().split("\n");
    const shorter = bundle({ [contactsFile]: lines.slice(0, -1).join("\n") + "\n" });
    const refused = crmAudit(["import", shorter, "--preset", "hubspot"], dbFile);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("a full import would delete 1 of the 4 contacts stored (25%)");
    expect(crmAudit(["import", shorter, "--preset", "hubspot", "--no-full"], dbFile).code).toBe(0);
    expect(count()).toBe(4);
    const allowed = crmAudit(["import", shorter, "--preset", "hubspot", "--max-drop", "25%"], dbFile);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain("contacts 0 new, 3 updated, 1 deleted (not in the export)");
    expect(count()).toBe(3);
  });
});
