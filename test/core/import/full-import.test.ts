/**
 * Full imports delete the records an export no longer has (all or nothing, with a guard against
 * truncated exports), and the first real import replaces the seeded sample. Real SQLite file.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAuditService } from "../../../src/core/audit/service.js";
import { formatImportReport, importBundle } from "../../../src/core/import/index.js";
import type { Database } from "../../../src/db/database.js";
import { freshDatabase } from "../../helpers/db.js";
import { CONTACTS_HEADER, USERS, fixture, writeBundle } from "./bundle.js";

let db: Database;
beforeEach(() => {
  db = freshDatabase("full-import");
});
afterEach(async () => {
  await db.close();
});

const ids = (table: string, workspaceId = "ws") =>
  db.sqlite.prepare(`SELECT id FROM ${table} WHERE workspaceId = ? ORDER BY id`).pluck().all(workspaceId);

const contacts = (n: number, first = 1) => {
  const lines = [CONTACTS_HEADER];
  for (let i = first; i < first + n; i++) lines.push(`k${i},Name ${i},k${i}@example.com,,u1,2026-01-01,2026-01-01`);
  return writeBundle({ "users.csv": USERS, "contacts.csv": lines.join("\n") });
};

describe("full import", () => {
  it("deletes the stored records of each exported entity that the export lacks, and says how many", async () => {
    expect((await importBundle(db.stores, "ws", contacts(10))).ok).toBe(true);
    // Another workspace's records with the same ids are not touched.
    expect((await importBundle(db.stores, "other", contacts(10))).ok).toBe(true);
    const report = await importBundle(db.stores, "ws", contacts(9, 3), { full: true });
    expect(report.ok).toBe(true);
    expect(report.counts.contacts).toEqual({ inserted: 1, updated: 8, deleted: 2 });
    expect(report.counts.users).toEqual({ inserted: 0, updated: 2, deleted: 0 });
    expect(ids("contacts")).not.toContain("k1");
    expect(ids("contacts")).not.toContain("k2");
    expect(ids("contacts")).toContain("k11");
    expect(ids("contacts")).toHaveLength(9);
    expect(ids("contacts", "other")).toHaveLength(10);
    expect(formatImportReport(report)[0]).toBe(
      "imported users 0 new, 2 updated, 0 deleted (not in the export); contacts 1 new, 8 updated, 2 deleted (not in the export) into workspace ws",
    );
  });

  it("leaves entities the export does not carry alone, and deletes nothing without full", async () => {
    await importBundle(db.stores, "ws", fixture("canonical"));
    const before = ids("companies");
    const stored = ids("contacts").length;
    const plain = await importBundle(db.stores, "ws", contacts(1, 50));
    expect(plain.counts.contacts).toEqual({ inserted: 1, updated: 0 });
    expect(ids("contacts")).toHaveLength(stored + 1);
    const full = await importBundle(db.stores, "ws", contacts(1, 50), { full: true, allowDrop: true });
    expect(full.ok).toBe(true);
    expect(ids("contacts")).toEqual(["k50"]);
    expect(ids("companies")).toEqual(before);
  });

  it("refuses to delete more than the allowed share (a truncated export) and writes nothing", async () => {
    await importBundle(db.stores, "ws", contacts(10));
    const truncated = contacts(7);
    const refused = await importBundle(db.stores, "ws", truncated, { full: true });
    expect(refused.ok).toBe(false);
    expect(refused.issues.map((i) => i.message)).toEqual([
      "a full import would delete 3 of the 10 contacts stored (30%), more than the 20% allowed: is the export complete? --allow-drop deletes them anyway, --no-full keeps them",
    ]);
    expect(ids("contacts")).toHaveLength(10);
    expect(db.sqlite.prepare(`SELECT count(*) FROM import_log`).pluck().get()).toBe(1);
    // The dry run says the same, and a custom share or --allow-drop lets it through.
    expect((await importBundle(db.stores, "ws", truncated, { full: true, dryRun: true })).ok).toBe(false);
    expect((await importBundle(db.stores, "ws", truncated, { full: true, maxDropShare: 0.3 })).ok).toBe(true);
    expect(ids("contacts")).toHaveLength(7);
    // Exactly the share is allowed, as dataset.count-drop does not report exactly 20%.
    const report = await importBundle(db.stores, "ws", contacts(5), {
      full: true,
      maxDropShare: 0.2,
      allowDrop: false,
    });
    expect(report.ok).toBe(false);
    await importBundle(db.stores, "ws", contacts(10));
    expect((await importBundle(db.stores, "ws", contacts(8), { full: true })).counts.contacts?.deleted).toBe(2);
  });

  it("lets a truncated export through only with allowDrop, and dataset.count-drop then reports the drop", async () => {
    await importBundle(db.stores, "ws", contacts(10));
    const audit = createAuditService(db.stores, {});
    try {
      await audit.run({ workspaceId: "ws", trigger: "test", requestedBy: null });
      const report = await importBundle(db.stores, "ws", contacts(6), { full: true, allowDrop: true });
      expect(report.counts.contacts?.deleted).toBe(4);
      const after = await audit.run({ workspaceId: "ws", trigger: "test", requestedBy: null });
      expect(after.findings.find((f) => f.checkId === "dataset.count-drop")?.affected).toEqual(["contacts"]);
    } finally {
      await audit.close();
    }
  });

  it("keeps records whose row was skipped as invalid: they are in the export", async () => {
    await importBundle(db.stores, "ws", contacts(3));
    const dir = writeBundle({
      "users.csv": USERS,
      "contacts.csv": `${CONTACTS_HEADER}\nk1,Ann,k1@example.com,,u1,2026-01-01,2026-01-01\nk2,Bo,k2@example.com,,u1,not-a-date,2026-01-01\n`,
    });
    const report = await importBundle(db.stores, "ws", dir, { full: true, skipInvalid: true, allowDrop: true });
    expect(report.ok).toBe(true);
    expect(report.counts.contacts?.deleted).toBe(1);
    expect(ids("contacts")).toEqual(["k1", "k2"]);
  });

  it("does not delete users a HubSpot export only derives from owner names", async () => {
    await importBundle(db.stores, "ws", writeBundle({ "users.csv": USERS }));
    const report = await importBundle(db.stores, "ws", fixture("hubspot"), { preset: "hubspot", full: true });
    expect(report.ok).toBe(true);
    expect(report.counts.users?.deleted).toBeUndefined();
    expect(ids("crm_users")).toEqual(expect.arrayContaining(["u1", "u2"]));
  });
});

describe("the sample", () => {
  it("is removed, with its audit runs, by the first real import, which says so", async () => {
    const sample = await importBundle(db.stores, "ws", contacts(20), { sourceLabel: "sample:seed 42, 20 contacts" });
    expect(sample.replacedSample).toBeUndefined();
    const audit = createAuditService(db.stores, {});
    try {
      await audit.run({ workspaceId: "ws", trigger: "sample", requestedBy: null });
    } finally {
      await audit.close();
    }
    // Re-loading the sample is not a real import: nothing is replaced.
    expect(
      (await importBundle(db.stores, "ws", contacts(20), { sourceLabel: "sample:seed 42" })).replacedSample,
    ).toBeUndefined();
    const dry = await importBundle(db.stores, "ws", contacts(2, 100), { dryRun: true });
    expect(formatImportReport(dry)[0]).toBe(
      "would remove the sample data from workspace ws first (2 users, 20 contacts, 1 audit run)",
    );
    expect(ids("contacts")).toHaveLength(20);
    const real = await importBundle(db.stores, "ws", contacts(2, 100));
    expect(real.ok).toBe(true);
    expect(real.replacedSample).toEqual({ records: { users: 2, contacts: 20 }, imports: 2, audits: 1 });
    expect(ids("contacts")).toEqual(["k100", "k101"]);
    expect(db.sqlite.prepare(`SELECT count(*) FROM audit_runs WHERE workspaceId = 'ws'`).pluck().get()).toBe(0);
    expect(formatImportReport(real)[0]).toBe(
      "removed the sample data from workspace ws first (2 users, 20 contacts, 1 audit run): it now holds only imported data",
    );
    // Once real data is there, a later import replaces nothing.
    expect((await importBundle(db.stores, "ws", contacts(1, 200))).replacedSample).toBeUndefined();
    expect(ids("contacts")).toHaveLength(3);
  });

  it("is kept when the import fails", async () => {
    await importBundle(db.stores, "ws", contacts(5), { sourceLabel: "sample:seed 1" });
    const bad = writeBundle({ "contacts.csv": `${CONTACTS_HEADER}\nz1,Z,z@example.com,,u1,never,2026-01-01\n` });
    expect((await importBundle(db.stores, "ws", bad)).ok).toBe(false);
    expect(ids("contacts")).toHaveLength(5);
  });
});
