/**
 * Every validation rule of the canonical format, each reported as `file:line: column: message`
 * with the physical line of the record, and nothing written when any rule fails.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/database.js";
import { formatImportIssue, formatImportReport, importBundle } from "../../../src/core/import/index.js";
import { freshDatabase } from "../../helpers/db.js";
import { COMPANIES_HEADER, CONTACTS_HEADER, USERS, fixture, writeBundle } from "./bundle.js";

let db: Database;
beforeEach(() => {
  db = freshDatabase("import-validation");
});
afterEach(async () => {
  await db.close();
});

const count = (table: string) => (db.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number) ?? 0;
const lines = (report: { issues: Parameters<typeof formatImportIssue>[0][] }) => report.issues.map(formatImportIssue);

describe("canonical bundle", () => {
  it("imports every file of the fixture bundle with typed values", async () => {
    const report = await importBundle(db.stores, "ws", fixture("canonical"));
    expect(report.issues).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.counts).toEqual({
      users: { inserted: 3, updated: 0 },
      companies: { inserted: 3, updated: 0 },
      contacts: { inserted: 4, updated: 0 },
      deals: { inserted: 3, updated: 0 },
      tasks: { inserted: 3, updated: 0 },
      activities: { inserted: 4, updated: 0 },
      customer_feedback: { inserted: 2, updated: 0 },
    });
    const u2 = db.sqlite.prepare(`SELECT * FROM crm_users WHERE id = 'u2'`).get() as Record<string, unknown>;
    // A login date without a time counts for the whole day: its last millisecond (docs/import.md).
    expect(u2).toMatchObject({ role: "rep", active: 1, mfaEnabled: 0, lastLoginAt: Date.UTC(2026, 3, 29) - 1 });
    const u3 = db.sqlite.prepare(`SELECT * FROM crm_users WHERE id = 'u3'`).get() as Record<string, unknown>;
    expect(u3).toMatchObject({ active: 0, mfaEnabled: null, lastLoginAt: null });
    const co2 = db.sqlite.prepare(`SELECT * FROM companies WHERE id = 'co2'`).get() as Record<string, unknown>;
    // A quoted field with a line break, and an offset that is honoured.
    expect(co2).toMatchObject({ street: "1 Main St\nSuite 200", createdAt: Date.UTC(2025, 1, 1, 14, 0) });
    const co1 = db.sqlite.prepare(`SELECT * FROM companies WHERE id = 'co1'`).get() as Record<string, unknown>;
    expect(co1).toMatchObject({
      name: "Acme, Inc.",
      tags: "key;emea",
      extra: JSON.stringify({ account_tier: "gold" }),
    });
    const d1 = db.sqlite.prepare(`SELECT amount, status FROM deals WHERE id = 'd1'`).get();
    expect(d1).toEqual({ amount: 125000.5, status: "open" });
    expect(db.sqlite.prepare(`SELECT dueAt FROM tasks WHERE id = 't1'`).pluck().get()).toBe(Date.UTC(2026, 4, 10, 15));
    expect(db.sqlite.prepare(`SELECT id FROM workspaces`).pluck().all()).toEqual(["ws"]);
  });

  it("reports a missing required column once, at line 1", async () => {
    const dir = writeBundle({ "users.csv": "id,email\nu1,a@example.com\nu2,b@example.com\n" });
    const report = await importBundle(db.stores, "ws", dir);
    expect(report.ok).toBe(false);
    expect(lines(report)).toEqual(["users.csv:1: name: required column is missing from the header"]);
    expect(count("crm_users")).toBe(0);
  });

  it("reports blank required values, bad dates, booleans, numbers and enums, all of them", async () => {
    const dir = writeBundle({
      "users.csv": "id,name,email,role,active\nu1,Ann,ann@example.com,admin,true\nu2,,bob@example.com,superuser,yes\n",
      "companies.csv": `${COMPANIES_HEADER}\nco1,Acme,u1,2026-13-01,2026-01-01\nco2,Beta,u1,05/01/2026,2026-02-30\nco3,Gamma,u1,2026-01-01,\n`,
      "deals.csv":
        'id,name,stage,status,amount,created_at,updated_at\nd1,Deal,won,pending,"1,000",2026-01-01,2026-01-01\nd2,Fine,open,open,12.5e3,2026-01-01,2026-01-01\n',
      "customer_feedback.csv":
        "id,score,scale,submitted_at\nf1,7,csat5,2026-01-01\nf2,4.5,nps10,2026-01-01\nf3,10,nps10,2026-01-01\n",
    });
    const report = await importBundle(db.stores, "ws", dir);
    expect(report.ok).toBe(false);
    expect(lines(report)).toEqual([
      'companies.csv:2: created_at: "2026-13-01" is not an ISO 8601 date or date-time (e.g. 2026-05-01 or 2026-05-01T12:00:00Z)',
      'companies.csv:3: created_at: "05/01/2026" is not an ISO 8601 date or date-time (e.g. 2026-05-01 or 2026-05-01T12:00:00Z)',
      'companies.csv:3: updated_at: "2026-02-30" is not an ISO 8601 date or date-time (e.g. 2026-05-01 or 2026-05-01T12:00:00Z)',
      "companies.csv:4: updated_at: is required",
      "customer_feedback.csv:2: score: 7 is outside 1..5 for scale csat5",
      'customer_feedback.csv:3: score: "4.5" is not a whole number',
      'deals.csv:2: status: "pending" is not one of: open, won, lost',
      'deals.csv:2: amount: "1,000" is not a number',
      "users.csv:3: name: is required",
      'users.csv:3: role: "superuser" is not one of: admin, manager, rep',
      'users.csv:3: active: "yes" is not a boolean (true or false)',
    ]);
    for (const table of ["crm_users", "companies", "deals", "customer_feedback"]) expect(count(table)).toBe(0);
  });

  it("reports duplicate ids with the line of the first occurrence", async () => {
    const dir = writeBundle({
      "users.csv": "id,name,email\nu1,Ann,a@example.com\nu2,Bob,b@example.com\nu1,Ann again,c@example.com\n",
    });
    const report = await importBundle(db.stores, "ws", dir);
    expect(lines(report)).toEqual(['users.csv:4: id: duplicate id "u1" (first on line 2)']);
    expect(count("crm_users")).toBe(0);
  });

  it("accepts references to ids in the bundle or already stored, and reports unknown ones", async () => {
    expect((await importBundle(db.stores, "ws", writeBundle({ "users.csv": USERS }))).ok).toBe(true);
    const dir = writeBundle({
      "companies.csv": `${COMPANIES_HEADER}\nco1,Acme,u1,2026-01-01,2026-01-01\n`,
      "contacts.csv": `${CONTACTS_HEADER}\nk1,Ann,a@x.com,co1,u2,2026-01-01,2026-01-01\nk2,Bo,b@x.com,co9,u7,2026-01-01,2026-01-01\n`,
      "activities.csv": "id,type,user_id,occurred_at,contact_id\na1,call,u1,2026-01-01,k2\n",
    });
    const report = await importBundle(db.stores, "ws", dir);
    expect(lines(report)).toEqual([
      'contacts.csv:3: company_id: no companies row has id "co9" (in this import or stored for this workspace)',
      'contacts.csv:3: owner_id: no users row has id "u7" (in this import or stored for this workspace)',
    ]);
    expect(count("contacts")).toBe(0);
  });

  it("reads a UTF-8 BOM, CRLF line endings, quoted commas and quoted line breaks, with exact line numbers", async () => {
    const csv =
      "\uFEFFid,name,email,role\r\n" +
      'u1,"Chen, Sarah",sarah@example.com,admin\r\n' +
      'u2,"Lee\r\nMarcus",marcus@example.com,rep\r\n' +
      "\r\n" +
      'u3,"Quote ""Q"" Person",q@example.com,boss\r\n';
    const failed = await importBundle(db.stores, "ws", writeBundle({ "users.csv": Buffer.from(csv, "utf8") }));
    // u3 starts on line 6: line 3-4 hold u2's quoted line break, line 5 is empty.
    expect(lines(failed)).toEqual(['users.csv:6: role: "boss" is not one of: admin, manager, rep']);

    const report = await importBundle(
      db.stores,
      "ws",
      writeBundle({ "users.csv": Buffer.from(csv.replace("boss", "rep"), "utf8") }),
    );
    expect(report.ok).toBe(true);
    const names = db.sqlite.prepare(`SELECT id, name FROM crm_users ORDER BY id`).all();
    expect(names).toEqual([
      { id: "u1", name: "Chen, Sarah" },
      { id: "u2", name: "Lee\r\nMarcus" },
      { id: "u3", name: 'Quote "Q" Person' },
    ]);
  });

  it("reports a row whose field count does not match the header", async () => {
    const dir = writeBundle({ "users.csv": "id,name,email\nu1,Ann,a@example.com\nu2,Bob,Smith,b@example.com\n" });
    expect(lines(await importBundle(db.stores, "ws", dir))).toEqual([
      "users.csv:3: the row has 4 fields, the header has 3",
    ]);
  });

  it("reports broken CSV quoting as a file-level problem", async () => {
    const dir = writeBundle({ "users.csv": 'id,name,email\nu1,Ann,a@example.com\nu2,"Bob"x,b@example.com\n' });
    const report = await importBundle(db.stores, "ws", dir);
    expect(report.ok).toBe(false);
    expect(lines(report)).toEqual([
      'users.csv:3: CSV syntax error in the record starting here: Invalid Closing Quote: got "x" instead of delimiter, record delimiter, trimable character (if activated) or comment',
    ]);
    const unclosed = await importBundle(
      db.stores,
      "ws",
      writeBundle({ "users.csv": 'id,name,email\nu1,"Ann,a@example.com\nu2,Bob,b@example.com\n' }),
    );
    expect(lines(unclosed)[0]).toMatch(/^users\.csv:2: CSV syntax error in the record starting here: Quote Not Closed/);
  });

  it("counts every problem and caps only what it prints", async () => {
    const rows = Array.from({ length: 120 }, (_, i) => `u${i},User ${i},u${i}@example.com,wizard`);
    const dir = writeBundle({ "users.csv": ["id,name,email,role", ...rows].join("\n") });
    const report = await importBundle(db.stores, "ws", dir);
    expect(report.issues).toHaveLength(120);
    expect(report.issues[119]).toMatchObject({ file: "users.csv", line: 121, column: "role" });
    const printed = formatImportReport(report, 50);
    expect(printed[0]).toBe("import failed: 120 problems, nothing was written");
    expect(printed).toContain("  … and 70 more");
    expect(printed.filter((l) => l.startsWith("  users.csv:"))).toHaveLength(50);
  });

  it("names issues after the user's header (case-insensitive canonical columns)", async () => {
    const dir = writeBundle({ "users.csv": "ID,Name,EMAIL,Role\nu1,Ann,a@example.com,chief\n" });
    expect(lines(await importBundle(db.stores, "ws", dir))).toEqual([
      'users.csv:2: Role: "chief" is not one of: admin, manager, rep',
    ]);
  });
});

describe("JSON input", () => {
  it("imports a single .json bundle and reports problems at the record's line", async () => {
    const json = `{
  "users": [
    {"id": "u1", "name": "Ann", "email": "ann@example.com", "active": true, "team": "north"},
    {"id": "u2", "name": "Bob", "email": "bob@example.com", "mfa_enabled": false}
  ],
  "companies": [
    {"id": "co1", "name": "Acme", "owner_id": "u1", "tags": ["key", "emea"],
     "created_at": "2026-01-01", "updated_at": "2026-01-02T10:00:00Z"}
  ]
}`;
    const file = `${writeBundle({ "crm.json": json })}/crm.json`;
    const report = await importBundle(db.stores, "ws", file);
    expect(report.issues).toEqual([]);
    expect(report.counts).toEqual({ users: { inserted: 2, updated: 0 }, companies: { inserted: 1, updated: 0 } });
    expect(db.sqlite.prepare(`SELECT tags FROM companies`).pluck().get()).toBe("key;emea");
    expect(db.sqlite.prepare(`SELECT extra FROM crm_users WHERE id='u1'`).pluck().get()).toBe('{"team":"north"}');
    expect(db.sqlite.prepare(`SELECT mfaEnabled FROM crm_users WHERE id='u2'`).pluck().get()).toBe(0);

    const bad = json.replace('"owner_id": "u1"', '"owner_id": "u9"').replace('"active": true', '"active": "maybe"');
    const failed = await importBundle(db.stores, "ws2", `${writeBundle({ "crm.json": bad })}/crm.json`);
    expect(lines(failed)).toEqual([
      'crm.json:3: active: "maybe" is not a boolean (true or false)',
      'crm.json:7: owner_id: no users row has id "u9" (in this import or stored for this workspace)',
    ]);
  });

  it("imports a folder of <entity>.json files", async () => {
    const dir = writeBundle({
      "users.json": JSON.stringify([{ id: "u1", name: "Ann", email: "a@example.com" }]),
      "contacts.json": JSON.stringify([
        { id: "k1", owner_id: "u1", created_at: "2026-01-01", updated_at: "2026-01-01" },
      ]),
    });
    const report = await importBundle(db.stores, "ws", dir);
    expect(report.counts).toEqual({ users: { inserted: 1, updated: 0 }, contacts: { inserted: 1, updated: 0 } });
  });

  it("refuses unknown entities and a file given twice", async () => {
    const json = writeBundle({ "crm.json": '{"users": [], "leads": [{"id": "l1"}]}' });
    expect(lines(await importBundle(db.stores, "ws", `${json}/crm.json`))[0]).toMatch(
      /^crm\.json:1: leads: unknown entity/,
    );
    const twice = writeBundle({ "users.csv": USERS, "users.json": "[]" });
    expect(lines(await importBundle(db.stores, "ws", twice))).toEqual([
      "users.json:1: users is given twice (users.csv and users.json): keep one file",
    ]);
    expect(count("crm_users")).toBe(0);
  });

  it("reports a required field missing from every record once", async () => {
    const dir = writeBundle({ "users.json": JSON.stringify([{ id: "u1", name: "Ann" }]) });
    expect(lines(await importBundle(db.stores, "ws", dir))).toEqual([
      "users.json:1: email: required field is missing from every users record",
    ]);
  });
});
