/**
 * HubSpot and Salesforce exports (fixtures with the exports' real headers) and user mapping
 * files, imported through the same validation and write path as the canonical bundle.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/database.js";
import { formatImportIssue, importBundle, ownerUserId } from "../../../src/core/import/index.js";
import { countryCode } from "../../../src/core/import/presets/countries.js";
import { domainFromWebsite, firstId, plainNumber } from "../../../src/core/import/presets/transforms.js";
import { freshDatabase } from "../../helpers/db.js";
import { fixture, writeBundle } from "./bundle.js";

let db: Database;
beforeEach(() => {
  db = freshDatabase("import-presets");
});
afterEach(async () => {
  await db.close();
});

const get = (sql: string, ...params: unknown[]) => db.sqlite.prepare(sql).get(...params) as Record<string, unknown>;
const ids = (table: string, ws: string) =>
  db.sqlite.prepare(`SELECT id FROM ${table} WHERE workspaceId = ? ORDER BY id`).pluck().all(ws) as string[];

describe("hubspot preset", () => {
  it("maps contacts, companies and deals exports, and derives users from owner names", async () => {
    const report = await importBundle(db.stores, "hs", fixture("hubspot"), { preset: "hubspot" });
    expect(report.issues).toEqual([]);
    expect(report.counts).toEqual({
      users: { inserted: 3, updated: 0 },
      companies: { inserted: 3, updated: 0 },
      contacts: { inserted: 4, updated: 0 },
      deals: { inserted: 4, updated: 0 },
    });
    expect(ids("crm_users", "hs")).toEqual([
      "owner:marcus-lee",
      "owner:sarah-chen",
      "owner:sarah.chen@northwind.example",
    ]);
    expect(get(`SELECT name, email, active FROM crm_users WHERE id = 'owner:sarah-chen'`)).toEqual({
      name: "Sarah Chen",
      email: "",
      active: 1,
    });

    const anna = get(`SELECT * FROM contacts WHERE id = '51201'`);
    expect(anna).toMatchObject({
      firstName: "Anna",
      companyId: "18317564301",
      ownerId: "owner:sarah-chen",
      lifecycleStage: "Customer",
      country: "DE",
      consent: "granted",
      createdAt: Date.UTC(2024, 2, 11, 9, 45),
      lastActivityAt: Date.UTC(2026, 3, 18, 15, 3),
    });
    expect(JSON.parse(anna.extra as string)).toMatchObject({
      "Lead Status": "Connected",
      "Associated Company": "Acme GmbH",
    });
    // Mobile number used when there is no phone; unsubscribed → consent withdrawn; primary company wins.
    expect(get(`SELECT phone, consent, companyId, country FROM contacts WHERE id = '51203'`)).toEqual({
      phone: "+44 20 7946 0018",
      consent: "withdrawn",
      companyId: "18317564303",
      country: "GB",
    });
    expect(get(`SELECT country FROM contacts WHERE id = '51204'`)).toEqual({ country: "CZ" });
    expect(get(`SELECT domain, country FROM companies WHERE id = '18317564302'`)).toEqual({
      domain: "globex.example",
      country: "US",
    });

    expect(get(`SELECT status, amount, closedAt, expectedCloseDate, lostReason FROM deals WHERE id = '9002'`)).toEqual({
      status: "lost",
      amount: 9000,
      // Close Date "2026-02-03 00:00" is a day: stored as its end (docs/import.md, "Dates without a time").
      closedAt: Date.UTC(2026, 1, 4) - 1,
      expectedCloseDate: Date.UTC(2026, 1, 4) - 1,
      lostReason: "Chose a competitor",
    });
    expect(get(`SELECT status, amount, closedAt FROM deals WHERE id = '9003'`)).toEqual({
      status: "won",
      amount: 40000,
      closedAt: Date.UTC(2025, 10, 29) - 1,
    });
    expect(get(`SELECT status, amount, closedAt, contactId, stageEnteredAt FROM deals WHERE id = '9001'`)).toEqual({
      status: "open",
      amount: 125000,
      closedAt: null,
      contactId: "51201",
      stageEnteredAt: Date.UTC(2026, 3, 10, 9),
    });
    expect(get(`SELECT ownerId, contactId FROM deals WHERE id = '9004'`)).toEqual({
      ownerId: null,
      contactId: "51201",
    });
  });

  it("re-imports the same export idempotently (derived owners keep their ids)", async () => {
    await importBundle(db.stores, "hs", fixture("hubspot"), { preset: "hubspot" });
    const again = await importBundle(db.stores, "hs", fixture("hubspot"), { preset: "hubspot" });
    expect(again.counts.users).toEqual({ inserted: 0, updated: 3 });
    expect(again.counts.deals).toEqual({ inserted: 0, updated: 4 });
    expect(ids("crm_users", "hs")).toHaveLength(3);
  });

  it("recognises a single export file by its header and names HubSpot columns in problems", async () => {
    const source = fs.readFileSync(
      path.join(fixture("hubspot"), "hubspot-crm-exports-all-deals-2026-05-01.csv"),
      "utf8",
    );
    const broken = source.replace('"2026-01-05 10:00"', '"January 5th"');
    const file = path.join(writeBundle({ "export.csv": broken }), "export.csv");
    const report = await importBundle(db.stores, "hs", file, { preset: "hubspot" });
    expect(report.issues.map(formatImportIssue)).toContain(
      'export.csv:2: Create Date: "January 5th" is not an ISO 8601 date or date-time (e.g. 2026-05-01 or 2026-05-01T12:00:00Z)',
    );
    // The deals reference companies and contacts that this single file does not carry: those
    // links are cleared with a warning, not errors.
    expect(report.issues.map((i) => i.column)).not.toContain("Associated Company IDs");
    expect(report.warnings.map((w) => w.column)).toContain("Associated Company IDs");
    expect(report.ok).toBe(false);
  });

  it("reports a missing Record ID column with the export's column name", async () => {
    const dir = writeBundle({
      "hubspot-contacts.csv":
        '"First Name","Last Name","Create Date","Last Modified Date"\n"A","B","2026-01-01","2026-01-01"\n',
    });
    const report = await importBundle(db.stores, "hs", dir, { preset: "hubspot" });
    expect(report.issues.map(formatImportIssue)).toEqual([
      "hubspot-contacts.csv:1: Record ID: required column is missing from the header",
    ]);
  });
});

describe("salesforce preset", () => {
  it("maps a Data Export's objects with their API field names", async () => {
    const report = await importBundle(db.stores, "sf", fixture("salesforce"), { preset: "salesforce" });
    expect(report.issues).toEqual([]);
    expect(report.counts).toEqual({
      users: { inserted: 3, updated: 0 },
      companies: { inserted: 2, updated: 0 },
      contacts: { inserted: 2, updated: 0 },
      deals: { inserted: 3, updated: 0 },
      tasks: { inserted: 4, updated: 0 },
      activities: { inserted: 3, updated: 0 },
    });
    expect(get(`SELECT name, email, active, lastLoginAt, role FROM crm_users WHERE id = '0055g00000AbCdGAAV'`)).toEqual(
      {
        name: "Shared Integration",
        email: "info@northwind.example",
        active: 0,
        lastLoginAt: null,
        role: "admin",
      },
    );
    // Profile.csv: System Administrator → admin; other profiles leave the role unknown.
    const roles = db.sqlite.prepare(`SELECT id, role FROM crm_users ORDER BY id`).all();
    expect(roles).toEqual([
      { id: "0055g00000AbCdEAAV", role: "admin" },
      { id: "0055g00000AbCdFAAV", role: null },
      { id: "0055g00000AbCdGAAV", role: "admin" },
    ]);
    expect(
      get(`SELECT domain, country, lifecycleStage, street FROM companies WHERE id = '0015g00000XyZaBAAV'`),
    ).toEqual({
      domain: "acme-gmbh.example",
      country: "DE",
      lifecycleStage: "Customer - Direct",
      street: "Hauptstraße 5",
    });
    // The deleted contact (IsDeleted = true) is left out; opted-out → consent withdrawn.
    expect(ids("contacts", "sf")).toEqual(["0035g00000QrStUAAV", "0035g00000QrStVAAV"]);
    expect(get(`SELECT consent, phone FROM contacts WHERE id = '0035g00000QrStVAAV'`)).toEqual({
      consent: "withdrawn",
      phone: "+1 415 555 0199",
    });
    expect(
      get(`SELECT status, closedAt, lostReason, stageEnteredAt FROM deals WHERE id = '0065g00000LmNoQAAV'`),
    ).toEqual({
      status: "lost",
      // CloseDate is a date: a close is dated the end of its day (docs/import.md, "Dates without a time").
      closedAt: Date.UTC(2026, 1, 4) - 1,
      lostReason: "Price",
      stageEnteredAt: Date.UTC(2026, 1, 3, 16, 40),
    });
    expect(get(`SELECT status FROM deals WHERE id = '0065g00000LmNoRAAV'`)).toEqual({ status: "won" });
    // WhoId/WhatId split by key prefix; a queue owner (00G) is no assignee; a lead WhoId is dropped.
    expect(
      get(`SELECT status, assigneeId, contactId, dealId, companyId, dueAt FROM tasks WHERE id = '00T5g00000AaBbCAAV'`),
    ).toEqual({
      status: "open",
      assigneeId: "0055g00000AbCdEAAV",
      contactId: "0035g00000QrStUAAV",
      dealId: "0065g00000LmNoPAAV",
      companyId: "0015g00000XyZaBAAV",
      dueAt: Date.UTC(2026, 4, 11) - 1,
    });
    expect(get(`SELECT assigneeId, companyId FROM tasks WHERE id = '00T5g00000AaBbFAAV'`)).toEqual({
      assigneeId: null,
      companyId: "0015g00000XyZaCAAV",
    });
    expect(get(`SELECT status, contactId FROM tasks WHERE id = '00T5g00000AaBbEAAV'`)).toEqual({
      status: "done",
      contactId: null,
    });
    // Completed calls/emails and events become activities.
    const activities = db.sqlite.prepare(`SELECT id, type, userId, occurredAt FROM activities ORDER BY id`).all();
    expect(activities).toEqual([
      {
        id: "00T5g00000AaBbDAAV",
        type: "call",
        userId: "0055g00000AbCdEAAV",
        occurredAt: Date.UTC(2026, 3, 18, 15, 3),
      },
      { id: "00T5g00000AaBbEAAV", type: "email", userId: "0055g00000AbCdFAAV", occurredAt: Date.UTC(2026, 2, 1, 10) },
      {
        id: "00U5g00000CcDdEAAV",
        type: "meeting",
        userId: "0055g00000AbCdFAAV",
        occurredAt: Date.UTC(2025, 10, 20, 14),
      },
    ]);
  });

  it("clears references to objects missing from the export, with a warning per kind", async () => {
    const contact = fs.readFileSync(path.join(fixture("salesforce"), "Contact.csv"), "utf8");
    const report = await importBundle(db.stores, "sf", writeBundle({ "Contact.csv": contact }), {
      preset: "salesforce",
    });
    expect(report.issues).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.warnings.map(formatImportIssue)).toContain(
      'Contact.csv:2: AccountId: 2 links to companies not in the export cleared, the rows kept (first: "0015g00000XyZaBAAV")',
    );
    expect(report.warnings.map((w) => w.column)).toContain("OwnerId");
    expect(db.sqlite.prepare(`SELECT companyId, ownerId FROM contacts WHERE workspaceId = 'sf'`).all()).toEqual([
      { companyId: null, ownerId: null },
      { companyId: null, ownerId: null },
    ]);
  });

  it("reports broken CSV in a lookup file (Profile.csv) and in a file read for owners, without throwing", async () => {
    const profile = 'Id,Name\n00e1,System Administrator\n00e2,"Std"x\n';
    const sf = await importBundle(db.stores, "sf", writeBundle({ "Profile.csv": profile }), { preset: "salesforce" });
    expect(sf.ok).toBe(false);
    expect(sf.issues.map(formatImportIssue)).toEqual([
      expect.stringMatching(/^Profile\.csv:3: CSV syntax error in the record starting here/),
    ]);
    // HubSpot derives users from owner names: the files are read once before the pass.
    const name = "hubspot-crm-exports-all-contacts-2026-05-01.csv";
    const contacts = fs.readFileSync(path.join(fixture("hubspot"), name), "utf8");
    const broken = `${contacts.trimEnd()}\n"unclosed,x\n`;
    const hs = await importBundle(db.stores, "hs", writeBundle({ [name]: broken }), { preset: "hubspot" });
    expect(hs.ok).toBe(false);
    expect(hs.issues).toHaveLength(1);
    expect(hs.issues[0]!.message).toMatch(/CSV syntax error/);
  });
});

describe("mapping file", () => {
  const mappingDir = fixture("mapping");

  it("maps any CSV export through a YAML mapping with constants and another delimiter", async () => {
    const report = await importBundle(db.stores, "mx", mappingDir, {
      mappingFile: path.join(mappingDir, "crm-mapping.yaml"),
    });
    expect(report.issues).toEqual([]);
    expect(report.counts).toEqual({ users: { inserted: 2, updated: 0 }, contacts: { inserted: 2, updated: 0 } });
    expect(get(`SELECT role, name, extra FROM crm_users WHERE id = 'R-1'`)).toEqual({
      role: "rep",
      name: "Sarah Chen",
      extra: '{"Desk":"Berlin"}',
    });
    expect(
      get(`SELECT lastName, ownerId, lifecycleStage, country, updatedAt FROM contacts WHERE id = 'P-101'`),
    ).toEqual({
      lastName: "Miller; Jr.",
      ownerId: "R-2",
      lifecycleStage: "lead",
      country: "US",
      updatedAt: Date.UTC(2026, 2, 2),
    });
  });

  it("accepts the same mapping as JSON", async () => {
    const json = JSON.stringify({
      files: { users: { source: "reps.csv", columns: { id: "Rep No", name: "Full name", email: "Mail" } } },
      delimiter: ";",
    });
    const mapping = path.join(writeBundle({ "m.json": json }), "m.json");
    const report = await importBundle(db.stores, "mx", mappingDir, { mappingFile: mapping });
    expect(report.counts).toEqual({ users: { inserted: 2, updated: 0 } });
  });

  it("validates the mapping file and points at its lines", async () => {
    const yaml = [
      "files:",
      "  contacts:",
      "    source: people.csv",
      "    columns:",
      "      id: Person ID",
      "      e_mail: E-mail",
      "  leads:",
      "    source: x.csv",
      "    columns: {}",
    ].join("\n");
    const mapping = path.join(writeBundle({ "bad.yaml": yaml }), "bad.yaml");
    const report = await importBundle(db.stores, "mx", mappingDir, { mappingFile: mapping });
    const printed = report.issues.map(formatImportIssue);
    expect(printed).toContainEqual(
      expect.stringMatching(/^bad\.yaml:6: files\.contacts\.columns\.e_mail: contacts has no column "e_mail"/),
    );
    expect(printed).toContainEqual(
      expect.stringMatching(/^bad\.yaml:5: files\.contacts\.columns: required column "created_at" is not mapped/),
    );
    expect(printed).toContainEqual(expect.stringMatching(/^bad\.yaml:2: files: .*"leads"/));
    expect(report.ok).toBe(false);
  });

  it("reports a mapped source column that the file does not have", async () => {
    const yaml =
      "delimiter: ';'\nfiles:\n  users:\n    source: reps.csv\n    columns: { id: Rep No, name: Full name, email: Email address, role: Position }\n";
    const mapping = path.join(writeBundle({ "m.yaml": yaml }), "m.yaml");
    const report = await importBundle(db.stores, "mx", mappingDir, { mappingFile: mapping });
    expect(report.issues.map(formatImportIssue)).toEqual([
      "reps.csv:1: Email address: required column is missing from the header",
      "reps.csv:1: Position: column named in the mapping file is missing from the header",
    ]);
  });
});

describe("export value transforms", () => {
  it("normalises countries, ids, amounts, websites and owners", () => {
    expect(
      ["Germany", "Deutschland", "United States", "USA", "uk", "Côte d’Ivoire", "The Netherlands", "fr"].map(
        countryCode,
      ),
    ).toEqual(["DE", "DE", "US", "US", "GB", "CI", "NL", "FR"]);
    expect(countryCode("Atlantis")).toBe("Atlantis");
    expect(firstId(" 123 ;456")).toBe("123");
    expect(["$125,000.50", "€ 1 200", "125000", "1.234,50", "n/a"].map(plainNumber)).toEqual([
      "125000.50",
      "1200",
      "125000",
      "1.234,50",
      "n/a",
    ]);
    expect(domainFromWebsite("https://www.Acme.example/about?x=1")).toBe("acme.example");
    expect(ownerUserId("Sarah  Chen")).toBe("owner:sarah-chen");
    expect(ownerUserId("Sarah Chen <Sarah.Chen@Northwind.example>")).toBe("owner:sarah.chen@northwind.example");
    expect(ownerUserId("José Müller")).toBe("owner:josé-müller");
  });
});
