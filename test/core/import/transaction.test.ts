/**
 * All-or-nothing writes, idempotent upserts, skip mode, dry runs and workspace isolation,
 * checked against the real SQLite file.
 */
import crypto from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/database.js";
import { importBundle } from "../../../src/core/import/index.js";
import { freshDatabase } from "../../helpers/db.js";
import { COMPANIES_HEADER, CONTACTS_HEADER, USERS, fixture, writeBundle } from "./bundle.js";

let db: Database;
beforeEach(() => {
  db = freshDatabase("import-tx");
});
afterEach(async () => {
  await db.close();
});

/**
 * Every row of every table, including the import's lock row and SQLite's own counters. Not
 * the file's bytes: a refused import takes and releases its lock row (src/core/import/lock.ts).
 */
function contentHash(): string {
  const hash = crypto.createHash("sha256");
  const tables = db.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();
  for (const table of tables as string[]) {
    hash.update(table);
    hash.update(JSON.stringify(db.sqlite.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).raw().all()));
  }
  return hash.digest("hex");
}

const rows = (table: string, workspaceId = "ws") =>
  db.sqlite.prepare(`SELECT * FROM ${table} WHERE workspaceId = ? ORDER BY id`).all(workspaceId);
const count = (table: string) => db.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

const ALL_TABLES = ["crm_users", "companies", "contacts", "deals", "tasks", "activities", "customer_feedback"];

describe("all or nothing", () => {
  it("leaves every table unchanged when any row is invalid", async () => {
    expect((await importBundle(db.stores, "ws", fixture("canonical"))).ok).toBe(true);
    const before = contentHash();
    // Many valid rows (new ones and updates of stored ones) and one bad row at the very end.
    const contacts = [CONTACTS_HEADER];
    for (let i = 0; i < 500; i++) contacts.push(`n${i},New ${i},n${i}@example.com,co1,u1,2026-01-01,2026-01-01`);
    contacts.push("k1,Anna,changed@example.com,co1,u1,2024-01-12,2026-05-01");
    contacts.push("n-last,Late,late@example.com,co1,u1,2026-01-01,not-a-date");
    const dir = writeBundle({ "users.csv": USERS, "contacts.csv": contacts.join("\n") });
    const report = await importBundle(db.stores, "ws", dir);
    expect(report.ok).toBe(false);
    expect(report.issues).toHaveLength(1);
    expect(report.issues[0]).toMatchObject({ file: "contacts.csv", line: 503, column: "updated_at" });
    expect(report.counts).toEqual({});
    expect(contentHash()).toBe(before);
    expect(count("import_log")).toBe(1);
  });

  it("writes nothing in a dry run but reports what would change", async () => {
    await importBundle(db.stores, "ws", fixture("canonical"));
    const before = contentHash();
    const dir = writeBundle({
      "users.csv": "id,name,email\nu1,Alice Renamed,alice@northwind.example\nu9,New,new@example.com\n",
    });
    const report = await importBundle(db.stores, "ws", dir, { dryRun: true });
    expect(report).toMatchObject({ ok: true, dryRun: true, counts: { users: { inserted: 1, updated: 1 } } });
    expect(contentHash()).toBe(before);
  });
});

describe("re-import", () => {
  it("is idempotent: the same bundle again updates every row and duplicates none", async () => {
    const first = await importBundle(db.stores, "ws", fixture("canonical"));
    const snapshot = ALL_TABLES.map((t) => rows(t));
    const second = await importBundle(db.stores, "ws", fixture("canonical"));
    expect(second.ok).toBe(true);
    for (const [entity, c] of Object.entries(second.counts)) {
      expect(c).toEqual({ inserted: 0, updated: first.counts[entity as keyof typeof first.counts]!.inserted });
    }
    expect(ALL_TABLES.map((t) => rows(t))).toEqual(snapshot);
    expect(count("import_log")).toBe(2);
    const log = db.sqlite.prepare(`SELECT * FROM import_log ORDER BY id DESC LIMIT 1`).get() as Record<string, unknown>;
    expect(JSON.parse(log.rowCounts as string)).toMatchObject({ contacts: { inserted: 0, updated: 4 } });
    expect(log).toMatchObject({ workspaceId: "ws", source: fixture("canonical"), skippedRows: 0 });
  });

  it("updates changed values and inserts new rows; columns absent from the file are kept", async () => {
    await importBundle(db.stores, "ws", fixture("canonical"));
    const dir = writeBundle({
      "contacts.csv": "id,email,updated_at\nk1,anna.new@acme.example,2026-05-02\nk9,new@example.com,2026-05-02\n",
    });
    // k9 is new and lacks created_at, a required column: the file as a whole must carry it.
    expect((await importBundle(db.stores, "ws", dir)).issues[0]).toMatchObject({ line: 1, column: "created_at" });
    const ok = writeBundle({
      "contacts.csv":
        "id,email,created_at,updated_at\nk1,anna.new@acme.example,2024-01-12,2026-05-02\nk9,new@example.com,2026-05-02,2026-05-02\n",
    });
    const report = await importBundle(db.stores, "ws", ok);
    expect(report.counts).toEqual({ contacts: { inserted: 1, updated: 1 } });
    const k1 = db.sqlite.prepare(`SELECT * FROM contacts WHERE id = 'k1'`).get() as Record<string, unknown>;
    expect(k1).toMatchObject({
      email: "anna.new@acme.example",
      updatedAt: Date.UTC(2026, 4, 2),
      firstName: "Anna",
      ownerId: "u1",
    });
    expect(count("contacts")).toBe(5);
  });
});

describe("--skip-invalid", () => {
  it("skips bad rows and the rows that reference them, lists them, and keeps everything else", async () => {
    const dir = writeBundle({
      "users.csv": USERS,
      "companies.csv": `${COMPANIES_HEADER}\nco1,Acme,u1,2026-01-01,2026-01-01\nco2,Broken,u1,yesterday,2026-01-01\n`,
      "contacts.csv": `${CONTACTS_HEADER}\nk1,Ann,a@x.com,co1,u1,2026-01-01,2026-01-01\nk2,Bo,b@x.com,co2,u2,2026-01-01,2026-01-01\nk3,Cy,c@x.com,,u9,2026-01-01,2026-01-01\n`,
      "deals.csv":
        "id,name,contact_id,stage,status,created_at,updated_at\nd1,Ok,k1,new,open,2026-01-01,2026-01-01\nd2,Via k2,k2,new,open,2026-01-01,2026-01-01\n",
    });
    const report = await importBundle(db.stores, "ws", dir, { skipInvalid: true });
    expect(report.ok).toBe(true);
    expect(report.skipped.map((s) => [s.file, s.line, s.id])).toEqual([
      ["companies.csv", 3, "co2"],
      ["contacts.csv", 3, "k2"],
      ["contacts.csv", 4, "k3"],
      ["deals.csv", 3, "d2"],
    ]);
    expect(report.skipped[1]!.reason).toBe(
      'company_id: references companies "co2", which is skipped (companies.csv:3)',
    );
    expect(report.skipped[3]!.reason).toBe('contact_id: references contacts "k2", which is skipped (contacts.csv:3)');
    expect(report.issues.map((i) => [i.file, i.line, i.column])).toEqual([
      ["companies.csv", 3, "created_at"],
      ["contacts.csv", 4, "owner_id"],
    ]);
    expect(report.counts).toEqual({
      users: { inserted: 2, updated: 0 },
      companies: { inserted: 1, updated: 0 },
      contacts: { inserted: 1, updated: 0 },
      deals: { inserted: 1, updated: 0 },
    });
    expect(rows("contacts").map((r) => (r as { id: string }).id)).toEqual(["k1"]);
    expect(db.sqlite.prepare(`SELECT skippedRows FROM import_log`).pluck().get()).toBe(4);
  });

  it("still refuses file-level problems", async () => {
    const before = contentHash();
    const dir = writeBundle({ "users.csv": "id,email\nu1,a@example.com\n" });
    const report = await importBundle(db.stores, "ws", dir, { skipInvalid: true });
    expect(report.ok).toBe(false);
    expect(contentHash()).toBe(before);
  });

  it("rolls back rows already written in the pass when a later file turns out to be broken", async () => {
    const before = contentHash();
    // users.csv and the first contact are valid and get written before the broken record is
    // read: the single transaction must still leave nothing behind.
    const dir = writeBundle({
      "users.csv": USERS,
      "contacts.csv": `${CONTACTS_HEADER}\nk1,Ann,a@x.com,,u1,2026-01-01,2026-01-01\nk2,"Bo"b,b@x.com,,u1,2026-01-01,2026-01-01\n`,
    });
    const report = await importBundle(db.stores, "ws", dir, { skipInvalid: true });
    expect(report.ok).toBe(false);
    expect(report.issues).toEqual([
      expect.objectContaining({ file: "contacts.csv", line: 3, message: expect.stringContaining("CSV syntax error") }),
    ]);
    expect(contentHash()).toBe(before);
  });

  it("skips a row whose reference was written nowhere: a duplicate id's dependants still resolve", async () => {
    // c1 appears twice: the first is written, the second is a duplicate. A contact referencing
    // c1 is fine (c1 is in the database); one referencing the invalid c2 is skipped with it.
    const dir = writeBundle({
      "users.csv": USERS,
      "companies.csv": `${COMPANIES_HEADER}\nc1,Acme,u1,2026-01-01,2026-01-01\nc1,Acme again,u1,2026-01-01,2026-01-01\nc2,Bad,u1,yesterday,2026-01-01\n`,
      "contacts.csv": `${CONTACTS_HEADER}\nk1,Ann,a@x.com,c1,u1,2026-01-01,2026-01-01\nk2,Bob,b@x.com,c2,u1,2026-01-01,2026-01-01\n`,
    });
    const report = await importBundle(db.stores, "ws", dir, { skipInvalid: true });
    expect(report.ok).toBe(true);
    expect(report.counts).toEqual({
      users: { inserted: 2, updated: 0 },
      companies: { inserted: 1, updated: 0 },
      contacts: { inserted: 1, updated: 0 },
    });
    expect(report.skipped.map((s) => `${s.file}:${s.line} ${s.id}`)).toEqual([
      "companies.csv:3 c1",
      "companies.csv:4 c2",
      "contacts.csv:3 k2",
    ]);
    expect(report.skipped[2]!.reason).toContain("which is skipped (companies.csv:4)");
    expect(rows("companies").map((r) => (r as { name: string }).name)).toEqual(["Acme"]);
  });
});

describe("workspaces", () => {
  it("keeps the same external ids in two workspaces apart", async () => {
    await importBundle(db.stores, "alpha", fixture("canonical"));
    await importBundle(db.stores, "beta", fixture("canonical"));
    const renamed = writeBundle({ "users.csv": "id,name,email\nu1,Beta Alice,alice@beta.example\n" });
    expect((await importBundle(db.stores, "beta", renamed)).counts).toEqual({ users: { inserted: 0, updated: 1 } });
    const names = db.sqlite
      .prepare(`SELECT workspaceId, name FROM crm_users WHERE id = 'u1' ORDER BY workspaceId`)
      .all();
    expect(names).toEqual([
      { workspaceId: "alpha", name: "Alice Admin" },
      { workspaceId: "beta", name: "Beta Alice" },
    ]);
    expect(db.sqlite.prepare(`SELECT id FROM workspaces ORDER BY id`).pluck().all()).toEqual(["alpha", "beta"]);
  });

  it("resolves references only against the importing workspace's stored ids", async () => {
    await importBundle(db.stores, "alpha", writeBundle({ "users.csv": USERS }));
    const contacts = writeBundle({ "contacts.csv": `${CONTACTS_HEADER}\nk1,Ann,a@x.com,,u1,2026-01-01,2026-01-01\n` });
    expect((await importBundle(db.stores, "alpha", contacts)).ok).toBe(true);
    const other = await importBundle(db.stores, "gamma", contacts);
    expect(other.ok).toBe(false);
    expect(other.issues[0]).toMatchObject({ column: "owner_id", message: expect.stringContaining('"u1"') });
  });
});

describe("progress", () => {
  it("reports rising progress that ends at the total", async () => {
    const contacts = [CONTACTS_HEADER];
    for (let i = 0; i < 2500; i++) contacts.push(`k${i},N,n${i}@x.com,,,2026-01-01,2026-01-01`);
    const calls: [number, number][] = [];
    await importBundle(db.stores, "ws", writeBundle({ "contacts.csv": contacts.join("\n") }), {
      onProgress: (done, total) => calls.push([done, total]),
    });
    // One pass validates and writes each row; the total is the file's line breaks (no final one here).
    expect(calls[0]).toEqual([0, 2500]);
    expect(calls).toContainEqual([1000, 2500]);
    expect(calls).toContainEqual([2000, 2500]);
    expect(calls.at(-1)).toEqual([2500, 2500]);
    for (let i = 1; i < calls.length; i++) expect(calls[i]![0]).toBeGreaterThanOrEqual(calls[i - 1]![0]);
  });
});
