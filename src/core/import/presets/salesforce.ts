/**
 * Salesforce Data Export (Setup → Data Export: one CSV per object, named `User.csv`,
 * `Account.csv`, `Contact.csv`, `Opportunity.csv`, `Task.csv`, `Event.csv`, headers are API
 * field names) onto the canonical bundle. Salesforce ids are kept as the external ids, so
 * OwnerId/AccountId/WhoId/WhatId references stay valid across re-imports.
 *
 * Value conversions: WhoId/WhatId are polymorphic and are split by their key prefix
 * (003 = Contact, 001 = Account, 006 = Opportunity; Leads and other objects are left out);
 * owners that are queues (prefix 00G) are not users and become "no owner"; Opportunity
 * IsClosed/IsWon → status, and for closed ones CloseDate → closed_at; Task Status/IsClosed →
 * open/done; completed Tasks whose TaskSubtype or Type is Call or Email, and all Events
 * (meetings), also become activities; HasOptedOutOfEmail → consent withdrawn; country names →
 * ISO alpha-2 (the *CountryCode field is used when the org has state and country picklists);
 * Account Website → domain; Account Type (Prospect, Customer - Direct, …) → lifecycle_stage;
 * rows with IsDeleted = true (the recycle bin) are left out; users whose profile (Profile.csv)
 * is System Administrator or has Modify All Data get role admin. The lost reason is a custom
 * field in every org: a mapping file's `lost_reason` names it, else a known name or the one
 * custom field whose name says "lost/loss" and "reason" is used, with a warning saying which.
 * Files are recognised by header or by the key prefix of their first Id (a Data Loader
 * `extract.csv`), else by name.
 */
import { configuredStatus, outcomeByStageName, UnknownStages, type DealStatus } from "./deal-stages.js";
import type { PresetConfig } from "./hubspot.js";
import { readPresetSource, type Preset, type PresetReadOptions } from "./preset-source.js";
import { booleanValue, countryCode, domainFromWebsite, isTrue, plainNumber } from "./transforms.js";
import type { CsvFile } from "../csv-reader.js";
import type { ColumnRule, RowContext } from "../source-table.js";
import type { ImportIssue, SourceResult } from "../types.js";

const CONTACT = "003";
const ACCOUNT = "001";
const OPPORTUNITY = "006";
const QUEUE = "00G";

/** The id when its key prefix says it is the wanted object, else "". */
const ofObject = (prefix: string) => (cell: string) => (cell.trim().startsWith(prefix) ? cell.trim() : "");
const userOwner = (cell: string) => (cell.trim().startsWith(QUEUE) ? "" : cell.trim());
const notDeleted = (row: RowContext) => !isTrue(row.get("IsDeleted"));
const ownedByUser = (row: RowContext) => userOwner(row.get("OwnerId")) !== "";

const owner = (target: string): ColumnRule => ({ target, from: ["OwnerId"], value: userOwner });
const created: ColumnRule = { target: "created_at", from: ["CreatedDate"] };
const modified: ColumnRule = { target: "updated_at", from: ["LastModifiedDate"] };

function address(prefix: "Billing" | "Mailing"): ColumnRule[] {
  return [
    { target: "street", from: [`${prefix}Street`] },
    { target: "city", from: [`${prefix}City`] },
    { target: "postcode", from: [`${prefix}PostalCode`] },
    { target: "state", from: [`${prefix}State`] },
    {
      target: "country",
      from: [`${prefix}CountryCode`, `${prefix}Country`],
      reads: [`${prefix}Country`],
      value: (cell, row) => countryCode(cell || row.get(`${prefix}Country`)),
    },
  ];
}

const KNOWN_LOST_REASONS = ["Loss_Reason__c", "Lost_Reason__c", "Closed_Lost_Reason__c"];
const LOOKS_LIKE_LOST_REASON = /^(?=.*(lost|loss))(?=.*reason).*__c$/i;

/** The open stages of Salesforce's default sales process. */
const DEFAULT_OPEN_STAGES = new Set([
  "prospecting",
  "qualification",
  "needs analysis",
  "value proposition",
  "id. decision makers",
  "perception analysis",
  "proposal/price quote",
  "negotiation/review",
]);

function taskIsDone(row: RowContext): boolean {
  return isTrue(row.get("IsClosed")) || row.get("Status").trim().toLowerCase() === "completed";
}

/** A logged call or email (Salesforce keeps them as completed Tasks). */
function activityType(row: RowContext): string {
  for (const value of [row.get("TaskSubtype"), row.get("Type")]) {
    const v = value.trim().toLowerCase();
    if (v === "call" || v === "email" || v === "meeting") return v;
  }
  return "";
}

/**
 * Salesforce Events are calendar entries with no "done" flag: they are `scheduled`, whatever the
 * date of the export. One at or before the audit's T counts as activity like any other; one
 * after T is a meeting still to come, never a "future-dated" log (docs/import.md). An unreadable
 * date is left blank and reported by occurred_at's validation.
 */
function eventStatus(start: string): string {
  return Number.isNaN(Date.parse(start)) ? "" : "scheduled";
}

const taskLinks: ColumnRule[] = [
  { target: "contact_id", from: ["WhoId"], value: ofObject(CONTACT) },
  {
    target: "company_id",
    from: ["AccountId", "WhatId"],
    reads: ["WhatId"],
    value: (cell, row) => ofObject(ACCOUNT)(cell) || ofObject(ACCOUNT)(row.get("WhatId")),
  },
  { target: "deal_id", from: ["WhatId"], value: ofObject(OPPORTUNITY) },
];

/**
 * Profiles whose holders administer the org: the standard "System Administrator" profile or any
 * profile with the Modify All Data permission. Other profiles say nothing reliable about the
 * canonical manager/rep split, so their users' role stays blank.
 */
function adminProfiles(csv: CsvFile): Set<string> {
  const column = (name: string) => csv.header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  const [id, name, modifyAll] = [column("Id"), column("Name"), column("PermissionsModifyAllData")];
  const admins = new Set<string>();
  for (const { cells } of csv.records) {
    const isAdmin =
      cells[name]?.trim() === "System Administrator" || (modifyAll >= 0 && isTrue(cells[modifyAll] ?? ""));
    if (id >= 0 && isAdmin && cells[id]) admins.add(cells[id].trim());
  }
  return admins;
}

export function salesforcePreset(config: PresetConfig = {}): Preset {
  let admins = new Set<string>();
  const unknownStages = new UnknownStages();
  const headerWarnings: ImportIssue[] = [];
  let lostReason: string[] = config.lostReason ? [config.lostReason] : KNOWN_LOST_REASONS;

  function opportunityStatus(row: RowContext, note = false): DealStatus {
    const stage = row.get("StageName");
    const configured = configuredStatus(config.dealStages, stage, row.get("RecordTypeId"));
    if (configured) return configured;
    const isClosed = row.get("IsClosed").trim();
    if (isClosed !== "") return !isTrue(isClosed) ? "open" : isTrue(row.get("IsWon")) ? "won" : "lost";
    // A Data Loader extract without IsClosed: the stage name is all there is.
    const s = stage.trim().toLowerCase();
    if (/closed\s*won|^won$/.test(s)) return "won";
    if (/closed\s*lost|^lost$/.test(s)) return "lost";
    if (note && s !== "" && !DEFAULT_OPEN_STAGES.has(s)) unknownStages.note(stage, "StageName", row.file, row.line);
    return outcomeByStageName(stage) ?? "open";
  }

  /** Which column holds the lost reason, from the Opportunity header. */
  function chooseLostReason(csv: CsvFile, file: string): void {
    if (config.lostReason) return;
    const has = (name: string) => csv.header.some((h) => h.toLowerCase() === name.toLowerCase());
    if (KNOWN_LOST_REASONS.some(has)) return;
    const candidates = csv.header.filter((h) => LOOKS_LIKE_LOST_REASON.test(h));
    const at = { file, line: csv.headerLine };
    if (candidates.length === 1) {
      lostReason = candidates;
      headerWarnings.push({
        ...at,
        column: candidates[0]!,
        message:
          "read as the lost reason (a custom field); if another field holds it, name it as lost_reason in a mapping file",
      });
    } else if (candidates.length > 1) {
      headerWarnings.push({
        ...at,
        column: candidates.join(", "),
        message:
          "several custom fields could hold the lost reason, so none is read: name one as lost_reason in a mapping file",
      });
    }
  }

  return {
    title: "Salesforce",
    files: [
      {
        label: "Profile.csv",
        name: /^profile\.csv$/i,
        signature: ["Id", "Name", "PermissionsModifyAllData"],
        idPrefix: "00e",
        rules: [],
        collect: (csv) => (admins = adminProfiles(csv)),
      },
      {
        label: "User.csv",
        name: /^user\.csv$/i,
        signature: ["Id", "Username", "IsActive"],
        idPrefix: "005",
        rules: [
          {
            entity: "users",
            filter: notDeleted,
            columns: [
              { target: "id", from: ["Id"] },
              {
                target: "name",
                from: ["Name", "LastName"],
                reads: ["FirstName", "LastName"],
                value: (_, row) => row.get("Name").trim() || `${row.get("FirstName")} ${row.get("LastName")}`.trim(),
              },
              { target: "email", from: ["Email"] },
              // Only known from Profile.csv (read before User.csv); without it role stays blank.
              { target: "role", from: ["ProfileId"], value: (cell) => (admins.has(cell.trim()) ? "admin" : "") },
              { target: "active", from: ["IsActive"], value: booleanValue },
              { target: "last_login_at", from: ["LastLoginDate"] },
            ],
          },
        ],
      },
      {
        label: "Account.csv",
        name: /^account\.csv$/i,
        signature: ["Id", "Name", "BillingCity"],
        idPrefix: ACCOUNT,
        rules: [
          {
            entity: "companies",
            filter: notDeleted,
            columns: [
              { target: "id", from: ["Id"] },
              { target: "name", from: ["Name"] },
              { target: "domain", from: ["Website"], value: domainFromWebsite },
              { target: "industry", from: ["Industry"] },
              { target: "phone", from: ["Phone"] },
              ...address("Billing"),
              owner("owner_id"),
              { target: "lifecycle_stage", from: ["Type"] },
              created,
              modified,
            ],
          },
        ],
      },
      {
        label: "Contact.csv",
        name: /^contact\.csv$/i,
        signature: ["Id", "AccountId", "LastName", "MailingCity"],
        idPrefix: CONTACT,
        rules: [
          {
            entity: "contacts",
            filter: notDeleted,
            columns: [
              { target: "id", from: ["Id"] },
              { target: "first_name", from: ["FirstName"] },
              { target: "last_name", from: ["LastName"] },
              { target: "email", from: ["Email"] },
              {
                target: "phone",
                from: ["Phone", "MobilePhone"],
                reads: ["MobilePhone"],
                value: (cell, row) => cell.trim() || row.get("MobilePhone").trim(),
              },
              { target: "job_title", from: ["Title"] },
              { target: "company_id", from: ["AccountId"] },
              owner("owner_id"),
              ...address("Mailing"),
              {
                target: "consent",
                from: ["HasOptedOutOfEmail"],
                value: (cell) => (isTrue(cell) ? "withdrawn" : ""),
                // A standard Contact has no field recording consent given (only the opt-out).
                aspects: {
                  granted: {
                    from: [],
                    hint: "Contact has no standard consent field: import yours with a mapping file (docs/import.md)",
                  },
                },
              },
              created,
              modified,
              { target: "last_activity_at", from: ["LastActivityDate"] },
            ],
          },
        ],
      },
      {
        label: "Opportunity.csv",
        name: /^opportunity\.csv$/i,
        signature: ["Id", "StageName", "IsWon"],
        idPrefix: OPPORTUNITY,
        collect: chooseLostReason,
        rules: [
          {
            entity: "deals",
            filter: notDeleted,
            columns: [
              { target: "id", from: ["Id"] },
              { target: "name", from: ["Name"] },
              { target: "company_id", from: ["AccountId"] },
              { target: "contact_id", from: ["ContactId"], value: ofObject(CONTACT) },
              owner("owner_id"),
              { target: "stage", from: ["StageName"] },
              {
                target: "status",
                from: ["IsClosed", "StageName"],
                reads: ["IsWon"],
                value: (_, row) => opportunityStatus(row, true),
              },
              { target: "amount", from: ["Amount"], value: plainNumber },
              { target: "currency", from: ["CurrencyIsoCode"] },
              { target: "expected_close_date", from: ["CloseDate"] },
              {
                target: "closed_at",
                from: ["CloseDate"],
                value: (cell, row) => (opportunityStatus(row) === "open" ? "" : cell),
              },
              {
                target: "lost_reason",
                get from() {
                  return lostReason;
                },
              },
              created,
              modified,
              { target: "stage_entered_at", from: ["LastStageChangeDate"] },
              { target: "last_activity_at", from: ["LastActivityDate"] },
            ],
          },
        ],
      },
      {
        label: "Task.csv",
        name: /^task\.csv$/i,
        signature: ["Id", "Subject", "WhoId", "ActivityDate", "Status"],
        idPrefix: "00T",
        rules: [
          {
            entity: "tasks",
            filter: notDeleted,
            columns: [
              { target: "id", from: ["Id"] },
              { target: "subject", from: ["Subject"] },
              owner("assignee_id"),
              { target: "due_at", from: ["ActivityDate"] },
              {
                target: "status",
                from: ["Status", "IsClosed"],
                reads: ["IsClosed"],
                value: (_, row) => (taskIsDone(row) ? "done" : "open"),
              },
              { target: "completed_at", from: ["CompletedDateTime"] },
              ...taskLinks,
              created,
            ],
          },
          {
            entity: "activities",
            // Only logged calls/emails owned by a user (a queue cannot have made the call);
            // an export without TaskSubtype/Type simply yields no activities.
            optional: true,
            filter: (row) => notDeleted(row) && taskIsDone(row) && activityType(row) !== "" && ownedByUser(row),
            columns: [
              { target: "id", from: ["Id"] },
              { target: "type", from: ["TaskSubtype", "Type"], reads: ["Type"], value: (_, row) => activityType(row) },
              owner("user_id"),
              {
                target: "occurred_at",
                from: ["CompletedDateTime", "ActivityDate", "CreatedDate"],
                reads: ["ActivityDate", "CreatedDate"],
                value: (cell, row) => cell.trim() || row.get("ActivityDate").trim() || row.get("CreatedDate").trim(),
              },
              ...taskLinks,
              { target: "status", constant: "completed" },
            ],
          },
        ],
      },
      {
        label: "Event.csv",
        name: /^event\.csv$/i,
        signature: ["Id", "WhoId", "StartDateTime"],
        idPrefix: "00U",
        rules: [
          {
            entity: "activities",
            filter: (row) => notDeleted(row) && ownedByUser(row),
            columns: [
              { target: "id", from: ["Id"] },
              { target: "type", constant: "meeting" },
              owner("user_id"),
              {
                target: "occurred_at",
                from: ["StartDateTime", "ActivityDateTime", "ActivityDate"],
                reads: ["ActivityDateTime", "ActivityDate"],
                value: (cell, row) =>
                  cell.trim() || row.get("ActivityDateTime").trim() || row.get("ActivityDate").trim(),
              },
              ...taskLinks,
              {
                target: "status",
                from: ["StartDateTime", "ActivityDateTime", "ActivityDate"],
                reads: ["ActivityDateTime", "ActivityDate"],
                value: (cell, row) =>
                  eventStatus(cell.trim() || row.get("ActivityDateTime").trim() || row.get("ActivityDate").trim()),
              },
            ],
          },
        ],
      },
    ],
    headerWarnings: () => headerWarnings,
    finish: () => ({ warnings: unknownStages.warnings(), notes: [] }),
  };
}

export function readSalesforceSource(
  source: string,
  options: PresetReadOptions = {},
  config: PresetConfig = {},
): Promise<SourceResult> {
  return readPresetSource(source, salesforcePreset(config), options);
}
