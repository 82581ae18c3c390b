/**
 * Real-shaped exports that used to be refused or lose data: files recognised by header,
 * links to records outside the export, configurable closed stages and lost reasons, mapping
 * files with conversions, Latin-1 files, contacts linked to companies by name, and missing
 * columns reported together with row errors. Headers are the vendors' own column names.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/database.js";
import { formatImportIssue, formatImportReport, importBundle } from "../../../src/core/import/index.js";
import { dateFormat, dateWithFormats } from "../../../src/core/import/presets/transforms.js";
import { freshDatabase } from "../../helpers/db.js";
import { fixture, writeBundle } from "./bundle.js";

let db: Database;
beforeEach(() => {
  db = freshDatabase("import-real-exports");
});
afterEach(async () => {
  await db.close();
});

const all = (sql: string, ...params: unknown[]) => db.sqlite.prepare(sql).all(...params) as Record<string, unknown>[];
const csv = (rows: string[][]) =>
  rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(",")).join("\n") + "\n";
const copyFixture = (name: string, file: string) => fs.readFileSync(path.join(fixture(name), file));

const HS_CONTACTS = [
  "Record ID",
  "First Name",
  "Last Name",
  "Email",
  "Contact owner",
  "Company Name",
  "Create Date",
  "Last Modified Date",
];
const HS_COMPANIES = [
  "Record ID",
  "Company name",
  "Company Domain Name",
  "Company owner",
  "Create Date",
  "Last Modified Date",
];
const HS_DEALS = [
  "Record ID",
  "Deal Name",
  "Deal Stage",
  "Pipeline",
  "Close Date",
  "Deal owner",
  "Amount",
  "Associated Contact IDs",
  "Associated Company IDs",
  "Create Date",
  "Last Modified Date",
];
const D = "2026-03-01 10:00";

describe("files recognised by their header", () => {
  it("reads a HubSpot saved view named after the view, a tasks export, and lists the other files as ignored", async () => {
    const dir = writeBundle({
      "Hot leads (Q3 view).csv": csv([HS_CONTACTS, ["101", "Ann", "Lee", "ann@acme.example", "Sarah Chen", "", D, D]]),
      "My open pipeline.csv": csv([
        HS_DEALS,
        ["9001", "Acme renewal", "Contract Sent", "Sales Pipeline", "2026-06-30", "Sarah Chen", "100", "101", "", D, D],
      ]),
      "tasks-export.csv": csv([
        [
          "Record ID",
          "Task Title",
          "Task Status",
          "Due Date",
          "Assigned to",
          "Associated Contact IDs",
          "Associated Deal IDs",
          "Create Date",
        ],
        ["7001", "Call Ann back", "Not started", "2026-05-02", "Sarah Chen", "101", "9001", D],
        ["7002", "Send the offer", "Completed", "2026-04-01", "Sarah Chen", "101", "", D],
      ]),
      "notes.txt": "not data",
      "budget.csv": "Quarter,Target\nQ3,100000\n",
    });
    fs.mkdirSync(path.join(dir, "archive"));
    const report = await importBundle(db.stores, "hs", dir, { preset: "hubspot" });
    expect(report.issues).toEqual([]);
    expect(report.counts).toMatchObject({
      contacts: { inserted: 1 },
      deals: { inserted: 1 },
      tasks: { inserted: 2 },
    });
    expect(all(`SELECT id, subject, status, assigneeId, contactId, dealId FROM tasks ORDER BY id`)).toEqual([
      {
        id: "7001",
        subject: "Call Ann back",
        status: "open",
        assigneeId: "owner:sarah-chen",
        contactId: "101",
        dealId: "9001",
      },
      {
        id: "7002",
        subject: "Send the offer",
        status: "done",
        assigneeId: "owner:sarah-chen",
        contactId: "101",
        dealId: null,
      },
    ]);
    expect(report.ignored).toEqual([
      { file: "archive", reason: "a folder (files in subfolders are not read)" },
      {
        file: "budget.csv",
        reason:
          "its header is none of a HubSpot export's (HubSpot companies export, HubSpot contacts export, HubSpot deals export, HubSpot tasks export)",
      },
      { file: "notes.txt", reason: "not a CSV file" },
    ]);
    expect(formatImportReport(report)).toContain("files not imported (3):");
  });

  it("reads a Salesforce Data Loader extract.csv by the key prefix of its ids", async () => {
    const extract = [
      '"ID","NAME","STAGENAME","ISCLOSED","ISWON","CLOSEDATE","CREATEDDATE","LASTMODIFIEDDATE"',
      '"0065g00000LmNoPAAV","Acme renewal","Closed Won","true","true","2026-03-30","2026-01-05T10:00:00.000Z","2026-03-30T10:00:00.000Z"',
      "",
    ].join("\n");
    const dir = writeBundle({ "extract.csv": extract });
    const report = await importBundle(db.stores, "sf", dir, { preset: "salesforce" });
    expect(report.issues).toEqual([]);
    expect(all(`SELECT id, status, stage FROM deals`)).toEqual([
      { id: "0065g00000LmNoPAAV", status: "won", stage: "Closed Won" },
    ]);
  });
});

describe("links to records that are not in the export", () => {
  it("clears them with one warning per kind, and imports every deal", async () => {
    const dir = writeBundle({
      "hubspot-crm-exports-contacts.csv": csv([
        HS_CONTACTS,
        ["101", "Ann", "Lee", "ann@acme.example", "Sarah Chen", "", D, D],
      ]),
      "hubspot-crm-exports-deals.csv": csv([
        HS_DEALS,
        ["9001", "A", "Contract Sent", "Sales Pipeline", "", "Sarah Chen", "1", "101", "", D, D],
        ["9002", "B", "Contract Sent", "Sales Pipeline", "", "Sarah Chen", "1", "555", "777", D, D],
        ["9003", "C", "Contract Sent", "Sales Pipeline", "", "Sarah Chen", "1", "556;101", "", D, D],
      ]),
    });
    const report = await importBundle(db.stores, "hs", dir, { preset: "hubspot" });
    expect(report.issues).toEqual([]);
    expect(report.counts.deals).toEqual({ inserted: 3, updated: 0 });
    expect(report.warnings.map(formatImportIssue)).toEqual([
      'hubspot-crm-exports-deals.csv:3: Associated Company IDs: 1 link to companies not in the export cleared, the rows kept (first: "777")',
      'hubspot-crm-exports-deals.csv:3: Associated Contact IDs: 2 links to contacts not in the export cleared, the rows kept (first: "555")',
    ]);
    expect(all(`SELECT id, contactId, companyId FROM deals ORDER BY id`)).toEqual([
      { id: "9001", contactId: "101", companyId: null },
      { id: "9002", contactId: null, companyId: null },
      { id: "9003", contactId: null, companyId: null },
    ]);
  });

  it("still refuses a canonical bundle whose reference names no row (the bundle is the contract)", async () => {
    const dir = writeBundle({
      "deals.csv": "id,name,stage,status,contact_id,created_at,updated_at\nd1,A,s,open,c9,2026-01-01,2026-01-01\n",
    });
    const report = await importBundle(db.stores, "ws", dir);
    expect(report.ok).toBe(false);
    expect(report.issues.map(formatImportIssue)).toEqual([
      'deals.csv:2: contact_id: no contacts row has id "c9" (in this import or stored for this workspace)',
    ]);
  });
});

describe("closed stages and lost reasons", () => {
  const deals = (rows: string[][]) => writeBundle({ "hubspot-deals.csv": csv([HS_DEALS, ...rows]) });
  const renewals = [
    ["1", "A", "Renewed", "Renewals", "2026-02-01", "Sarah Chen", "1", "", "", D, D],
    ["2", "B", "Churned", "Renewals", "2026-02-01", "Sarah Chen", "1", "", "", D, D],
    ["3", "C", "Churned", "Renewals", "2026-02-01", "Sarah Chen", "1", "", "", D, D],
    ["4", "D", "Contract Sent", "Sales Pipeline", "2026-06-01", "Sarah Chen", "1", "", "", D, D],
  ];

  it("places HubSpot stages that name an outcome (Renewed, Churned) by their name, saying so, and warns about others", async () => {
    const other = ["5", "E", "On Hold", "Renewals", "2026-06-01", "Sarah Chen", "1", "", "", D, D];
    const report = await importBundle(db.stores, "hs", deals([...renewals, other]), { preset: "hubspot" });
    expect(report.ok).toBe(true);
    expect(report.warnings.map(formatImportIssue)).toEqual([
      'hubspot-deals.csv:2: Deal Stage: stage "Renewed" (1 deal) is taken as won by its name: the export does not say whether it is closed; if that is wrong, list it under deal_stages in a mapping file (docs/import.md)',
      'hubspot-deals.csv:3: Deal Stage: stage "Churned" (2 deals) is taken as lost by its name: the export does not say whether it is closed; if that is wrong, list it under deal_stages in a mapping file (docs/import.md)',
      'hubspot-deals.csv:6: Deal Stage: stage "On Hold" (1 deal) is taken as open: the export does not say whether it is closed; if it is, list it under deal_stages (won or lost) in a mapping file (docs/import.md)',
    ]);
    expect(all(`SELECT id, status FROM deals ORDER BY id`)).toEqual([
      { id: "1", status: "won" },
      { id: "2", status: "lost" },
      { id: "3", status: "lost" },
      { id: "4", status: "open" },
      { id: "5", status: "open" },
    ]);
  });

  it("takes won and lost stages per pipeline from a mapping file next to the preset", async () => {
    const dir = deals(renewals);
    const mapping = path.join(
      writeBundle({
        "stages.yaml":
          "preset: hubspot\ndeal_stages:\n  pipelines:\n    Renewals: { won: [Renewed], lost: [Churned] }\n",
      }),
      "stages.yaml",
    );
    const report = await importBundle(db.stores, "hs", dir, { mappingFile: mapping });
    expect(report.issues).toEqual([]);
    expect(report.warnings).toEqual([]);
    // Close dates without a time are read as the end of that day (docs/import.md, "Dates without a time").
    expect(all(`SELECT id, status, closedAt FROM deals ORDER BY id`)).toEqual([
      { id: "1", status: "won", closedAt: Date.UTC(2026, 1, 2) - 1 },
      { id: "2", status: "lost", closedAt: Date.UTC(2026, 1, 2) - 1 },
      { id: "3", status: "lost", closedAt: Date.UTC(2026, 1, 2) - 1 },
      { id: "4", status: "open", closedAt: null },
    ]);
  });

  it("reads Salesforce's Reason_Lost__c with a warning, or the field the mapping names", async () => {
    const opportunity = [
      '"Id","IsDeleted","Name","StageName","IsClosed","IsWon","CloseDate","CreatedDate","LastModifiedDate","Reason_Lost__c","Competitor_Reason_Lost__c"',
      '"0065g00000LmNoQAAV","false","Globex pilot","Closed Lost","true","false","2026-02-03","2025-11-01T12:00:00.000Z","2026-02-03T16:40:00.000Z","Price","Chose Initech"',
      "",
    ].join("\n");
    const dir = writeBundle({
      "Opportunity.csv": opportunity.replace(',"Competitor_Reason_Lost__c"', "").replace(',"Chose Initech"', ""),
    });
    const report = await importBundle(db.stores, "sf", dir, { preset: "salesforce" });
    expect(report.warnings.map(formatImportIssue)).toEqual([
      "Opportunity.csv:1: Reason_Lost__c: read as the lost reason (a custom field); if another field holds it, name it as lost_reason in a mapping file",
    ]);
    expect(all(`SELECT lostReason FROM deals`)).toEqual([{ lostReason: "Price" }]);

    // Two candidates: the preset cannot tell, says so, and reads neither; the mapping decides.
    const both = writeBundle({ "Opportunity.csv": opportunity });
    const unsure = await importBundle(db.stores, "sf2", both, { preset: "salesforce" });
    expect(unsure.warnings.map(formatImportIssue)).toEqual([
      "Opportunity.csv:1: Reason_Lost__c, Competitor_Reason_Lost__c: several custom fields could hold the lost reason, so none is read: name one as lost_reason in a mapping file",
    ]);
    const mapping = path.join(
      writeBundle({ "m.yaml": "preset: salesforce\nlost_reason: Competitor_Reason_Lost__c\n" }),
      "m.yaml",
    );
    const told = await importBundle(db.stores, "sf3", both, { mappingFile: mapping });
    expect(told.warnings).toEqual([]);
    expect(all(`SELECT lostReason FROM deals WHERE workspaceId = 'sf3'`)).toEqual([{ lostReason: "Chose Initech" }]);
  });
});

describe("mapping files convert without code", () => {
  it("reads a Salesforce report export: header and footer lines, M/D/YYYY dates, value maps, fallbacks, defaults", async () => {
    const report = [
      '"Opportunities by stage"',
      '"Filtered By: Close Date equals THIS YEAR"',
      "",
      '"Opportunity ID","Opportunity Name","Stage","Close Date","Last Activity","Created Date","Amount","Owner"',
      '"006A1","Acme renewal","Closed Won","3/1/2026","","1/15/2026","$1,200.00","Sarah Chen"',
      '"006A2","Globex pilot","Negotiation","","2/20/2026","12/5/2025","","Sarah Chen"',
      '"Grand Totals (2 records)","","","","","","$1,200.00",""',
      '"Confidential Information - Do Not Distribute"',
      '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."',
      "",
    ].join("\n");
    const yaml = [
      "date_format: M/D/YYYY",
      "files:",
      "  users:",
      "    source: report.csv",
      "    skip_lines: 3",
      "    skip_footer: 3",
      "    distinct: true",
      "    columns: { id: Owner, name: Owner }",
      "  deals:",
      "    source: report.csv",
      "    skip_lines: 3",
      "    skip_footer: 3",
      "    columns:",
      "      id: Opportunity ID",
      "      name: Opportunity Name",
      "      stage: Stage",
      "      status: { from: Stage, values: { closed won: won, Closed Lost: lost, Negotiation: open } }",
      "      owner_id: Owner",
      "      amount: { from: Amount, convert: number }",
      "      closed_at: Close Date",
      "      created_at: Created Date",
      "      updated_at: [Close Date, Last Activity, Created Date]",
      "      expected_close_date: { from: Close Date, default: 2026-12-31 }",
      "    constants: { currency: USD }",
      "",
    ].join("\n");
    const dir = writeBundle({ "report.csv": report, "map.yaml": yaml });
    const result = await importBundle(db.stores, "mx", dir, { mappingFile: path.join(dir, "map.yaml") });
    expect(result.issues).toEqual([]);
    expect(result.ignored).toEqual([]);
    expect(all(`SELECT id, email FROM crm_users`)).toEqual([{ id: "Sarah Chen", email: "" }]);
    expect(
      all(
        `SELECT id, status, amount, currency, closedAt, createdAt, updatedAt, expectedCloseDate FROM deals ORDER BY id`,
      ),
    ).toEqual([
      {
        id: "006A1",
        status: "won",
        amount: 1200,
        currency: "USD",
        closedAt: Date.UTC(2026, 2, 2) - 1,
        createdAt: Date.UTC(2026, 0, 15),
        updatedAt: Date.UTC(2026, 2, 1),
        expectedCloseDate: Date.UTC(2026, 2, 2) - 1,
      },
      {
        id: "006A2",
        status: "open",
        amount: null,
        currency: "USD",
        closedAt: null,
        createdAt: Date.UTC(2025, 11, 5),
        updatedAt: Date.UTC(2026, 1, 20),
        expectedCloseDate: Date.UTC(2027, 0, 1) - 1,
      },
    ]);
    // Lines are still the file's own: a bad date is reported where it is.
    const bad = report.replace('"1/15/2026"', '"15/1/2026"');
    const badDir = writeBundle({ "report.csv": bad, "map.yaml": yaml });
    const failed = await importBundle(db.stores, "mx2", badDir, { mappingFile: path.join(badDir, "map.yaml") });
    expect(failed.issues.map(formatImportIssue)).toEqual([expect.stringMatching(/^report\.csv:5: Created Date: /)]);
  });

  it("combines a preset with an extra users file (HubSpot owners get their e-mail and role)", async () => {
    const dir = writeBundle({
      "hubspot-deals.csv": csv([
        HS_DEALS,
        ["1", "A", "Contract Sent", "Sales Pipeline", "", "Sarah Chen", "1", "", "", D, D],
      ]),
      "team.csv": "Owner,E-mail,Role\nSarah Chen,sarah@northwind.example,manager\n",
    });
    const yaml = [
      "preset: hubspot",
      "files:",
      "  users:",
      "    source: team.csv",
      "    columns:",
      "      id: { from: Owner, convert: owner_id }",
      "      name: Owner",
      "      email: E-mail",
      "      role: Role",
      "",
    ].join("\n");
    const mapping = path.join(writeBundle({ "m.yaml": yaml }), "m.yaml");
    const report = await importBundle(db.stores, "hs", dir, { mappingFile: mapping });
    expect(report.issues).toEqual([]);
    expect(report.ignored).toEqual([]);
    expect(all(`SELECT id, email, role FROM crm_users`)).toEqual([
      { id: "owner:sarah-chen", email: "sarah@northwind.example", role: "manager" },
    ]);
    expect(all(`SELECT ownerId FROM deals`)).toEqual([{ ownerId: "owner:sarah-chen" }]);
  });

  it("points at the mapping file's line for a date format without a day", async () => {
    const dir = writeBundle({
      "m.yaml": "date_format: MM/YYYY\nfiles:\n  users: { source: u.csv, columns: { id: a, name: b } }\n",
    });
    const report = await importBundle(db.stores, "mx", dir, { mappingFile: path.join(dir, "m.yaml") });
    expect(report.issues.map(formatImportIssue)).toEqual([
      'm.yaml:1: date_format: date format "MM/YYYY" needs a year (YYYY), a month (M, MM, MMM) and a day (D, DD)',
    ]);
  });

  it("parses date formats with month names, two-digit years and 12-hour times", () => {
    const formats = ["D MMM YYYY h:mm A", "DD.MM.YY", "M/D/YYYY"].map(dateFormat);
    expect(dateWithFormats("5 Mar 2026 2:30 PM", formats)).toBe("2026-03-05T14:30:00");
    expect(dateWithFormats("5 Mar 2026 12:05 AM", formats)).toBe("2026-03-05T00:05:00");
    expect(dateWithFormats("05.03.26", formats)).toBe("2026-03-05");
    expect(dateWithFormats("3/5/2026", formats)).toBe("2026-03-05");
    expect(dateWithFormats("2026-03-05", formats)).toBe("2026-03-05"); // passed through as it is
    expect(dateWithFormats("soon", formats)).toBe("soon");
  });
});

describe("Latin-1 exports", () => {
  it("says which flag reads a Salesforce ISO-8859-1 export, and reads it with that flag", async () => {
    const contact = copyFixture("salesforce", "Contact.csv").toString("utf8").replace("Schmidt", "Müller");
    const dir = writeBundle({ "Contact.csv": Buffer.from(contact, "latin1") });
    const refused = await importBundle(db.stores, "sf", dir, { preset: "salesforce" });
    expect(refused.ok).toBe(false);
    expect(refused.issues.map(formatImportIssue)).toEqual([
      expect.stringMatching(
        /^Contact\.csv:2: not valid UTF-8: byte 0xFC at byte offset \d+ \(reads "Müller" in Latin-1\); .*--encoding latin1/,
      ),
    ]);
    const read = await importBundle(db.stores, "sf", dir, { preset: "salesforce", encoding: "latin1" });
    expect(read.issues).toEqual([]);
    const names = all(`SELECT lastName FROM contacts ORDER BY lastName`).map((r) => r.lastName as string);
    expect(names).toContain("Müller");
    expect(names.join("")).not.toContain("\uFFFD");
  });
});

describe("HubSpot contacts linked to companies without a company id", () => {
  it("links by Company Name, then e-mail domain, and creates the companies it cannot find", async () => {
    const dir = writeBundle({
      "hubspot-crm-exports-all-companies.csv": csv([
        HS_COMPANIES,
        ["501", "Acme GmbH", "acme.example", "Sarah Chen", D, D],
        ["502", "Globex Corporation", "globex.example", "Sarah Chen", D, D],
      ]),
      // A saved view whose name says "companies" but whose header is a contacts export's.
      "Contacts at key companies.csv": csv([
        HS_CONTACTS,
        ["101", "Ann", "Lee", "ann@elsewhere.example", "Sarah Chen", "acme gmbh", D, D],
        ["102", "Bob", "Ray", "bob@globex.example", "Sarah Chen", "", D, D],
        ["103", "Cem", "Kaya", "cem@gmail.com", "Sarah Chen", "Initech Ltd", D, D],
        ["104", "Dan", "Fox", "dan@initech.example", "Sarah Chen", "Initech Ltd", "2026-01-02 09:00", D],
        ["105", "Eve", "Moe", "eve@gmail.com", "Sarah Chen", "", D, D],
      ]),
    });
    const report = await importBundle(db.stores, "hs", dir, { preset: "hubspot" });
    expect(report.issues).toEqual([]);
    expect(all(`SELECT id, companyId FROM contacts ORDER BY id`)).toEqual([
      { id: "101", companyId: "501" },
      { id: "102", companyId: "502" },
      { id: "103", companyId: "company:initech-ltd" },
      { id: "104", companyId: "company:initech-ltd" },
      { id: "105", companyId: null },
    ]);
    expect(all(`SELECT id, name FROM companies ORDER BY id`)).toEqual([
      { id: "501", name: "Acme GmbH" },
      { id: "502", name: "Globex Corporation" },
      { id: "company:initech-ltd", name: "Initech Ltd" },
    ]);
    expect(report.notes).toEqual([
      "contacts without a company id linked to companies: 1 contact by Company Name; 1 contact by e-mail domain; 2 contacts to 1 company created from Company Name",
    ]);
    // A re-import links to the same companies and creates none.
    const again = await importBundle(db.stores, "hs", dir, { preset: "hubspot" });
    expect(again.counts.companies).toEqual({ inserted: 0, updated: 3 });
  });
});

describe("a missing header column", () => {
  it("is reported together with the rows' problems, and nothing is written", async () => {
    const dir = writeBundle({
      "contacts.csv":
        "id,first_name,email,updated_at\nc1,Ann,ann@example.com,2026-13-01\nc2,Bob,bob@example.com,yesterday\n",
      "README.txt": "exported on Monday",
    });
    const report = await importBundle(db.stores, "ws", dir);
    expect(report.ok).toBe(false);
    expect(report.issues.map(formatImportIssue)).toEqual([
      "contacts.csv:1: created_at: required column is missing from the header",
      expect.stringMatching(/^contacts\.csv:2: updated_at: /),
      expect.stringMatching(/^contacts\.csv:3: updated_at: /),
    ]);
    expect(all(`SELECT id FROM contacts`)).toEqual([]);
    expect(report.ignored).toEqual([
      { file: "README.txt", reason: "not named like a bundle file (users.csv, contacts.json, …)" },
    ]);
    // --skip-invalid cannot skip a column: still nothing written.
    const skipping = await importBundle(db.stores, "ws", dir, { skipInvalid: true });
    expect(skipping.ok).toBe(false);
    expect(all(`SELECT id FROM contacts`)).toEqual([]);
  });
});
