/**
 * Audits of small HubSpot and Salesforce exports (the vendors' own column names), imported
 * through the presets into a real SQLite file: each false alarm the contract used to raise is
 * gone, and the true finding beside it is kept.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runAudit } from "../../../src/core/audit/runner.js";
import type { AuditRunResult } from "../../../src/core/audit/types.js";
import { resolveEffectiveChecks, type AuditConfigFile } from "../../../src/core/checks/config.js";
import { importBundle } from "../../../src/core/import/index.js";
import type { ImportOptions } from "../../../src/core/import/types.js";
import type { Database } from "../../../src/db/database.js";
import { freshDatabase } from "../../helpers/db.js";
import { writeBundle } from "../import/bundle.js";

let db: Database;
afterEach(async () => db?.close());

/** One CSV file as the vendors write it: every cell quoted. */
function csv(header: string[], rows: Record<string, string>[]): string {
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  return [header.map(quote).join(","), ...rows.map((row) => header.map((h) => quote(row[h] ?? "")).join(","))].join(
    "\n",
  );
}

async function importAndAudit(
  files: Record<string, string>,
  options: ImportOptions,
  asOf: number,
  select: string[],
  config: AuditConfigFile["checks"] = {},
): Promise<AuditRunResult> {
  db = freshDatabase("vendor-exports");
  const report = await importBundle(db.stores, "w", writeBundle(files, "vendor-export"), options);
  expect(report.issues).toEqual([]);
  return runAudit(db.stores.auditStorage.local, {
    workspaceId: "w",
    asOf,
    checks: resolveEffectiveChecks({ source: "test", asOf: null, checks: config }),
    select,
    trigger: "test",
  });
}

const affected = (run: AuditRunResult, checkId: string) => run.findings.find((f) => f.checkId === checkId)?.affected;
const notes = (run: AuditRunResult, checkId: string) => run.findings.find((f) => f.checkId === checkId)?.notes;

// The as-of instant: noon UTC on 1 May 2026.
const T = Date.UTC(2026, 4, 1, 12);

describe("Salesforce Data Export", () => {
  const USER = ["Id", "Username", "LastName", "FirstName", "Email", "IsActive", "LastLoginDate"];
  const ACCOUNT = ["Id", "IsDeleted", "Name", "BillingCity", "BillingCountry", "Phone", "OwnerId"];
  const CONTACT = ["Id", "IsDeleted", "AccountId", "LastName", "FirstName", "MailingCity", "MailingCountry", "Phone"];
  const OPPORTUNITY = ["Id", "IsDeleted", "AccountId", "Name", "StageName", "CloseDate", "IsClosed", "IsWon"];
  const TASK = ["Id", "Subject", "WhoId", "ActivityDate", "Status", "OwnerId", "IsDeleted", "IsClosed"];
  const EVENT = ["Id", "WhoId", "Subject", "StartDateTime", "OwnerId", "IsDeleted"];
  const stamps = { CreatedDate: "2026-01-05T10:00:00.000Z", LastModifiedDate: "2026-04-20T10:00:00.000Z" };
  const withStamps = (header: string[]) => [...header, "CreatedDate", "LastModifiedDate"];
  const user = { Id: "0055g00000AbCdEAAV", Username: "sam@acme.example", LastName: "Ray", FirstName: "Sam" };
  const owner = user.Id;

  const base = {
    "User.csv": csv(USER, [{ ...user, Email: "sam@acme.example", IsActive: "true" }]),
    "Account.csv": csv(withStamps(ACCOUNT), [
      // "United States" → US at import, so its contacts' national numbers are US numbers.
      {
        Id: "0015g00000AcmeAAAV",
        IsDeleted: "false",
        Name: "Acme Inc",
        BillingCountry: "United States",
        OwnerId: owner,
        ...stamps,
      },
      { Id: "0015g00000NoCoAAAV", IsDeleted: "false", Name: "No Country Ltd", OwnerId: owner, ...stamps },
    ]),
  };

  it("reads US numbers without a country code in the account's country; keeps the invalid number", async () => {
    const contacts = csv(withStamps(CONTACT), [
      // Blank MailingCountry, valid US numbers: the false alarms.
      {
        Id: "0035g00000Ct1AAAV",
        IsDeleted: "false",
        AccountId: "0015g00000AcmeAAAV",
        LastName: "One",
        Phone: "(415) 555-0132",
        ...stamps,
      },
      {
        Id: "0035g00000Ct2AAAV",
        IsDeleted: "false",
        AccountId: "0015g00000AcmeAAAV",
        LastName: "Two",
        Phone: "415.555.0177",
        ...stamps,
      },
      // "U.S." is a country too.
      {
        Id: "0035g00000Ct3AAAV",
        IsDeleted: "false",
        LastName: "Three",
        MailingCountry: "U.S.",
        Phone: "(212) 734-5678",
        ...stamps,
      },
      // Too short to be a number anywhere: the true finding.
      {
        Id: "0035g00000Ct4AAAV",
        IsDeleted: "false",
        AccountId: "0015g00000AcmeAAAV",
        LastName: "Four",
        Phone: "555-01",
        ...stamps,
      },
      // No country, no account country, too few records to infer one: still unreadable.
      {
        Id: "0035g00000Ct5AAAV",
        IsDeleted: "false",
        AccountId: "0015g00000NoCoAAAV",
        LastName: "Five",
        Phone: "(415) 555-0190",
        ...stamps,
      },
    ]);
    const run = await importAndAudit({ ...base, "Contact.csv": contacts }, { preset: "salesforce" }, T, [
      "contact.invalid-phone",
    ]);
    expect(affected(run, "contact.invalid-phone")).toEqual(["0035g00000Ct4AAAV", "0035g00000Ct5AAAV"]);
    expect(db.sqlite.prepare(`SELECT country FROM contacts WHERE id = '0035g00000Ct3AAAV'`).pluck().get()).toBe("US");

    // The workspace's region, configured: the last one is a US number too.
    const configured = await importAndAudit(
      { ...base, "Contact.csv": contacts },
      { preset: "salesforce" },
      T,
      ["contact.invalid-phone"],
      { "contact.invalid-phone": { thresholds: { region: "US" } } },
    );
    expect(affected(configured, "contact.invalid-phone")).toEqual(["0035g00000Ct4AAAV"]);
    expect(notes(configured, "contact.invalid-phone")).toBeUndefined();
  });

  it("counts LastActivityDate as deal activity; a deal quiet for months is still found", async () => {
    const opportunities = csv(withStamps([...OPPORTUNITY, "LastActivityDate"]), [
      // Activity 11 days before T, logged only in Salesforce's own field: the false alarm.
      {
        Id: "0065g00000Op1AAAV",
        IsDeleted: "false",
        AccountId: "0015g00000AcmeAAAV",
        Name: "Active",
        StageName: "Proposal",
        CloseDate: "2026-06-30",
        IsClosed: "false",
        IsWon: "false",
        LastActivityDate: "2026-04-20",
        ...stamps,
      },
      // Exactly 30 calendar days before T's day: the date counts for the whole day, so it is recent.
      {
        Id: "0065g00000Op2AAAV",
        IsDeleted: "false",
        AccountId: "0015g00000AcmeAAAV",
        Name: "Edge",
        StageName: "Proposal",
        CloseDate: "2026-06-30",
        IsClosed: "false",
        IsWon: "false",
        LastActivityDate: "2026-04-01",
        ...stamps,
      },
      // Quiet since February: the true finding.
      {
        Id: "0065g00000Op3AAAV",
        IsDeleted: "false",
        AccountId: "0015g00000AcmeAAAV",
        Name: "Cold",
        StageName: "Proposal",
        CloseDate: "2026-06-30",
        IsClosed: "false",
        IsWon: "false",
        LastActivityDate: "2026-02-01",
        ...stamps,
      },
    ]);
    const run = await importAndAudit({ ...base, "Opportunity.csv": opportunities }, { preset: "salesforce" }, T, [
      "deal.no-recent-activity",
    ]);
    expect(affected(run, "deal.no-recent-activity")).toEqual(["0065g00000Op3AAAV"]);
  });

  it("a deal closed on the day it was created is not closed before it; one closed the day before is", async () => {
    const opportunities = csv(
      [...OPPORTUNITY, "CreatedDate", "LastModifiedDate"],
      [
        {
          Id: "0065g00000Op17AAV",
          IsDeleted: "false",
          Name: "Same day",
          StageName: "Closed Won",
          CloseDate: "2026-04-30",
          IsClosed: "true",
          IsWon: "true",
          CreatedDate: "2026-04-30T15:20:00.000Z",
          LastModifiedDate: "2026-04-30T15:30:00.000Z",
        },
        {
          Id: "0065g00000Op18AAV",
          IsDeleted: "false",
          Name: "Day before",
          StageName: "Closed Won",
          CloseDate: "2026-04-29",
          IsClosed: "true",
          IsWon: "true",
          CreatedDate: "2026-04-30T15:20:00.000Z",
          LastModifiedDate: "2026-04-30T15:30:00.000Z",
        },
      ],
    );
    const run = await importAndAudit({ ...base, "Opportunity.csv": opportunities }, { preset: "salesforce" }, T, [
      "deal.closed-before-created",
    ]);
    expect(affected(run, "deal.closed-before-created")).toEqual(["0065g00000Op18AAV"]);
  });

  it("a task due on the as-of day is not overdue, in the workspace's time zone too; one due the day before is", async () => {
    const tasks = csv(
      [...TASK, "CreatedDate"],
      [
        {
          Id: "00T5g00000Tk006AAV",
          Subject: "Due today",
          ActivityDate: "2026-05-01",
          Status: "Not Started",
          OwnerId: owner,
          IsDeleted: "false",
          IsClosed: "false",
          CreatedDate: "2026-04-01T08:00:00.000Z",
        },
        {
          Id: "00T5g00000Tk007AAV",
          Subject: "Due yesterday",
          ActivityDate: "2026-04-30",
          Status: "Not Started",
          OwnerId: owner,
          IsDeleted: "false",
          IsClosed: "false",
          CreatedDate: "2026-04-01T08:00:00.000Z",
        },
      ],
    );
    const run = await importAndAudit({ ...base, "Task.csv": tasks }, { preset: "salesforce" }, T, ["task.overdue"]);
    expect(affected(run, "task.overdue")).toEqual(["00T5g00000Tk007AAV"]);

    // In Los Angeles (UTC−7 in May), 1 May ends at 07:00 UTC on 2 May: at 03:00 UTC on
    // 2 May the task is still due today there, while in UTC it would already be overdue.
    const early = Date.UTC(2026, 4, 2, 3);
    const la = await importAndAudit(
      { ...base, "Task.csv": tasks },
      { preset: "salesforce", timeZone: "America/Los_Angeles" },
      early,
      ["task.overdue"],
    );
    expect(affected(la, "task.overdue")).toEqual(["00T5g00000Tk007AAV"]);
    const utc = await importAndAudit({ ...base, "Task.csv": tasks }, { preset: "salesforce" }, early, ["task.overdue"]);
    expect(affected(utc, "task.overdue")).toEqual(["00T5g00000Tk006AAV", "00T5g00000Tk007AAV"]);
  });

  it("a meeting on the calendar is not future-dated; a call logged after T is", async () => {
    const events = csv(
      [...EVENT, "CreatedDate"],
      [
        // After T, though before the day the export is imported: still a meeting on the calendar.
        {
          Id: "00U5g00000Ev004AAV",
          Subject: "QBR",
          StartDateTime: "2026-05-10T14:00:00.000Z",
          OwnerId: owner,
          IsDeleted: "false",
          CreatedDate: "2026-04-20T09:00:00.000Z",
        },
      ],
    );
    const tasks = csv(
      [...TASK, "TaskSubtype", "CompletedDateTime", "CreatedDate"],
      [
        // A completed call dated two days after T: a logged activity from the future.
        {
          Id: "00T5g00000Tk100AAV",
          Subject: "Call",
          ActivityDate: "2026-05-03",
          Status: "Completed",
          OwnerId: owner,
          IsDeleted: "false",
          IsClosed: "true",
          TaskSubtype: "Call",
          CompletedDateTime: "2026-05-03T10:00:00.000Z",
          CreatedDate: "2026-04-01T08:00:00.000Z",
        },
      ],
    );
    const run = await importAndAudit({ ...base, "Event.csv": events, "Task.csv": tasks }, { preset: "salesforce" }, T, [
      "activity.future-dated",
    ]);
    expect(affected(run, "activity.future-dated")).toEqual(["00T5g00000Tk100AAV"]);
    const statuses = db.sqlite.prepare(`SELECT id, status FROM activities ORDER BY id`).all();
    expect(statuses).toEqual([
      { id: "00T5g00000Tk100AAV", status: "completed" },
      { id: "00U5g00000Ev004AAV", status: "scheduled" },
    ]);
  });
});

describe("HubSpot export", () => {
  const COMPANIES = ["Record ID", "Company name", "Country/Region", "Create Date", "Last Modified Date"];
  const CONTACTS = [
    "Record ID",
    "First Name",
    "Last Name",
    "Phone Number",
    "Country/Region",
    "Associated Company IDs",
    "Create Date",
    "Last Modified Date",
  ];
  const DEALS = [
    "Record ID",
    "Deal Name",
    "Deal Stage",
    "Close Date",
    "Create Date",
    "Last Modified Date",
    "Last Activity Date",
  ];
  const stamps = { "Create Date": "2026-01-05 10:00", "Last Modified Date": "2026-01-06 10:00" };
  // Five US companies (written three ways), so the workspace's region is inferred as US.
  const companies = csv(COMPANIES, [
    { "Record ID": "101", "Company name": "Globex", "Country/Region": "United States", ...stamps },
    { "Record ID": "102", "Company name": "Initech", "Country/Region": "USA", ...stamps },
    { "Record ID": "103", "Company name": "Hooli", "Country/Region": "U.S.", ...stamps },
    { "Record ID": "104", "Company name": "Umbrella", "Country/Region": "United States", ...stamps },
    { "Record ID": "105", "Company name": "Soylent", "Country/Region": "United States", ...stamps },
  ]);

  it("infers the US from the data for contacts without a company and says so; keeps the invalid number", async () => {
    const contacts = csv(CONTACTS, [
      {
        "Record ID": "1",
        "First Name": "Ann",
        "Phone Number": "(415) 555-0132",
        "Associated Company IDs": "101",
        ...stamps,
      },
      { "Record ID": "2", "First Name": "Bo", "Phone Number": "(212) 734-5678", ...stamps },
      { "Record ID": "3", "First Name": "Cy", "Phone Number": "12345", ...stamps },
    ]);
    const run = await importAndAudit(
      {
        "hubspot-crm-exports-all-companies-2026-05-01.csv": companies,
        "hubspot-crm-exports-all-contacts-2026-05-01.csv": contacts,
      },
      { preset: "hubspot" },
      T,
      ["contact.invalid-phone"],
    );
    expect(affected(run, "contact.invalid-phone")).toEqual(["3"]);
    expect(notes(run, "contact.invalid-phone")).toEqual([
      "2 numbers without a country code, on contacts without a country or company country, were read as US numbers: " +
        "100% of the 5 records with a country are in US (set the region with `config set contact.invalid-phone region XX`)",
    ]);
    expect(db.sqlite.prepare(`SELECT DISTINCT country FROM companies`).pluck().all()).toEqual(["US"]);
  });

  it("counts the deal's Last Activity Date as activity; a deal without recent activity is still found", async () => {
    const deals = csv(DEALS, [
      {
        "Record ID": "9001",
        "Deal Name": "Active",
        "Deal Stage": "Contract Sent",
        "Close Date": "2026-06-30 00:00",
        "Last Activity Date": "2026-04-24 16:10",
        ...stamps,
      },
      {
        "Record ID": "9002",
        "Deal Name": "Cold",
        "Deal Stage": "Contract Sent",
        "Close Date": "2026-06-30 00:00",
        "Last Activity Date": "2026-03-01 09:00",
        ...stamps,
      },
      {
        "Record ID": "9003",
        "Deal Name": "Never",
        "Deal Stage": "Appointment Scheduled",
        "Close Date": "2026-06-30 00:00",
        ...stamps,
      },
    ]);
    const run = await importAndAudit(
      { "hubspot-crm-exports-all-deals-2026-05-01.csv": deals },
      { preset: "hubspot" },
      T,
      ["deal.no-recent-activity"],
    );
    expect(affected(run, "deal.no-recent-activity")).toEqual(["9002", "9003"]);
  });
  it("a deal won on the day it was created (Close Date at 00:00) is not closed before it; one the day before is", async () => {
    const deals = csv(DEALS, [
      {
        "Record ID": "9101",
        "Deal Name": "Same day",
        "Deal Stage": "Closed won",
        "Close Date": "2026-04-30 00:00",
        "Create Date": "2026-04-30 15:20",
        "Last Modified Date": "2026-04-30 15:30",
      },
      {
        "Record ID": "9102",
        "Deal Name": "Day before",
        "Deal Stage": "Closed won",
        "Close Date": "2026-04-29 00:00",
        "Create Date": "2026-04-30 15:20",
        "Last Modified Date": "2026-04-30 15:30",
      },
    ]);
    const run = await importAndAudit(
      { "hubspot-crm-exports-all-deals-2026-05-01.csv": deals },
      { preset: "hubspot" },
      T,
      ["deal.closed-before-created"],
    );
    expect(affected(run, "deal.closed-before-created")).toEqual(["9102"]);
  });
});
